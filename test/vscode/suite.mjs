// Real-VS-Code suite: drives code-server (VS Code's own workbench) in headless Chromium
// with playwright-core and checks that the installed eksnet extension reports diagnostics,
// hovers and quick fixes for Kubernetes YAML, Terraform (tree-sitter wasm), CloudFormation and
// eksctl files in a workspace that stays in Restricted Mode.
//
// Started by test/vscode/run.sh, which installs everything, starts code-server and passes:
//   --url <http://127.0.0.1:port>  --workspace <temp copy of fixtures/workspace>
//   --artifacts <dir for screenshots and dumps>
// Prints one line per check; run.sh prints the closing "vscode suite: N passed, N failed".
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    workspace: { type: 'string' },
    artifacts: { type: 'string' },
  },
});
for (const k of ['url', 'workspace', 'artifacts']) {
  if (!args[k]) {
    console.error(`suite.mjs: --${k} is required`);
    process.exit(2);
  }
}

// Rule ids the extension must report (the diagnostic's code is the rule id).
const ENICONFIG_RULE = process.env.EKSNET_ENICONFIG_RULE ?? 'eniconfig-schema';
const AWS_NODE_RULE = process.env.EKSNET_AWS_NODE_RULE ?? 'aws-node-env-invalid';
// Upper bounds for polling; the checks return as soon as the condition holds.
const DIAG_TIMEOUT = Number(process.env.VSCODE_SUITE_DIAG_TIMEOUT_MS ?? 60_000);
const UI_TIMEOUT = Number(process.env.VSCODE_SUITE_UI_TIMEOUT_MS ?? 30_000);
const ENICONFIG_FILE = 'eniconfig-missing-subnet.yaml';
const AWS_NODE_FILE = 'aws-node.yaml';
const ENV_VAR = 'AWS_VPC_K8S_CNI_EXTERNALSNAT';
const TERRAFORM_FILE = 'main.tf';
const TERRAFORM_RULE = process.env.EKSNET_TERRAFORM_RULE ?? 'subnet-outside-vpc';
const CFN_FILE = 'cluster-vpc.cfn.yaml';
const CFN_RULE = process.env.EKSNET_CFN_RULE ?? 'subnet-missing-elb-tag';
const ELB_TAG = 'kubernetes.io/role/elb';
// The quick fix's title starts with this (the rule's fix title is "Add tag <key>=<value>").
const CFN_FIX_TITLE = `Add tag ${ELB_TAG}`;
const EKSCTL_FILE = 'eksctl-cluster.yaml';
// A Service the workspace's .eksnet.yaml ties to the CloudFormation cluster, whose VPC has no
// private subnet for the internal NLB the controller would make.
const LB_FILE = 'lb-service.yaml';
const LB_RULE = process.env.EKSNET_LB_RULE ?? 'load-balancer-no-subnets';
const INSTANCE_TYPE = 'm5.large';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAP_COMMAND = 'eksnet: Show Address Map';

const ART = args.artifacts;
mkdirSync(ART, { recursive: true });

const results = [];
let shotNo = 0;
const consoleLines = [];

async function shot(page, name) {
  shotNo += 1;
  const file = join(ART, `${String(shotNo).padStart(2, '0')}-${name}.png`);
  try {
    await page.screenshot({ path: file });
  } catch (e) {
    console.log(`  (screenshot ${name} failed: ${e.message})`);
  }
}

async function check(name, page, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: String(e?.stack ?? e) });
    console.log(
      `FAIL ${name} (${Date.now() - t0} ms)\n     ${String(e?.message ?? e)
        .split('\n')
        .join('\n     ')}`,
    );
    await shot(page, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
  }
}

/** Polls fn() until it returns a truthy value or the timeout passes; returns that value. */
async function poll(what, fn, timeout, interval = 250) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what}` +
          (last instanceof Error ? ` (last error: ${last.message})` : ''),
      );
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** The Problems panel rows: one {aria, text} per visible marker row. */
async function problemRows(page) {
  return page.$$eval('.markers-panel .monaco-list-row', (rows) =>
    rows.map((r) => ({ aria: r.getAttribute('aria-label') ?? '', text: r.innerText ?? '' })),
  );
}

/** Polls the Problems panel for a row matching `pred`; a timeout lists what the panel showed. */
async function waitForProblem(page, what, pred) {
  try {
    return await poll(what, async () => (await problemRows(page)).find(pred), DIAG_TIMEOUT);
  } catch (e) {
    const rows = await problemRows(page).catch(() => []);
    const shown = rows.map((r) => r.text.replace(/\s+/g, ' ').trim()).filter(Boolean);
    throw new Error(`${e.message}\nProblems panel shows ${shown.length ? shown.join(' | ') : 'nothing'}`);
  }
}

async function openProblems(page) {
  if (
    await page
      .locator('.markers-panel')
      .isVisible()
      .catch(() => false)
  )
    return;
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor to be active. */
async function quickOpen(page, fileName) {
  const input = page.locator('.quick-input-widget input');
  await poll(
    `Quick Open for ${fileName}`,
    async () => {
      await page.keyboard.press('Control+P');
      return input.isVisible();
    },
    UI_TIMEOUT,
    500,
  );
  await input.fill(fileName);
  // Wait for the file search to list the file, then pick it.
  const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first();
  await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
  await page
    .locator(`.tabs-container .tab.active[aria-label^="${fileName}"]`)
    .waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page
    .locator('.editor-group-container.active .monaco-editor .view-lines')
    .waitFor({ state: 'visible', timeout: UI_TIMEOUT });
}

/**
 * Screen centre of `token` in the active editor, on the first rendered line whose text matches
 * `lineSource` (a RegExp source; Monaco renders spaces as U+00A0, which \s matches).
 */
async function tokenCenter(page, token, lineSource) {
  return page.evaluate(
    ([needle, src]) => {
      const root = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      if (!root) return null;
      const re = new RegExp(src);
      for (const line of root.querySelectorAll('.view-line')) {
        if (!re.test(line.textContent)) continue;
        // Monaco splits a line into token <span>s; find the text node holding the token.
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.textContent.indexOf(needle);
          if (i < 0) continue;
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + needle.length);
          const b = range.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
        // The token spans several <span>s (e.g. split by a decoration): use the first of them.
        for (const span of line.querySelectorAll('span span')) {
          const t = span.textContent;
          if (t.length > 3 && needle.startsWith(t)) {
            const b = span.getBoundingClientRect();
            return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
          }
        }
      }
      return null;
    },
    [token, lineSource],
  );
}

/** Moves the active editor's cursor to a 1-based line and column (Ctrl+G), which scrolls it into view. */
async function goToLine(page, line, col) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(col ? `:${line}:${col}` : `:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/** 1-based line numbers in a fixture file where `re` matches. */
function linesMatching(file, re) {
  return readFileSync(join(args.workspace, file), 'utf8')
    .split(/\r?\n/)
    .flatMap((l, i) => (re.test(l) ? [i + 1] : []));
}

/** The active editor's rendered lines, top to bottom (Monaco does not keep them in DOM order). */
async function renderedLines(page) {
  return page.$$eval('.editor-group-container.active .monaco-editor .view-lines .view-line', (lines) =>
    lines
      .map((l) => ({ top: parseFloat(l.style.top) || 0, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

/** The "[Ln L, Col C]" a Problems row shows, as numbers. */
function rowPosition(row) {
  const m = /\bLn (\d+), Col (\d+)\b/.exec(row.text) ?? /at line (\d+) and character (\d+)/.exec(row.aria);
  if (!m) throw new Error(`no position in problem row: ${row.text || row.aria}`);
  return { line: Number(m[1]), col: Number(m[2]) };
}

/**
 * Hovers the mouse over `token` (on the first rendered line matching `lineSource`) until the hover
 * widget's text satisfies `want`; returns that text. The cursor must already have scrolled the line
 * into view.
 */
async function hoverUntil(page, token, lineSource, what, want) {
  const hover = page.locator('.monaco-hover:not(.hidden)');
  let lastHover = '';
  return poll(
    what,
    async () => {
      const c = await tokenCenter(page, token, lineSource);
      if (!c) throw new Error(`${token} not rendered in the editor`);
      // Moving off and back on restarts the hover delay if an earlier attempt missed.
      await page.mouse.move(c.x, c.y - 200);
      await page.mouse.move(c.x, c.y, { steps: 4 });
      await hover.first().waitFor({ state: 'visible', timeout: 5_000 });
      // Wait past "Loading..." for the real content.
      return poll(
        'hover content',
        async () => {
          const t = (await hover.allInnerTexts()).join('\n');
          lastHover = t;
          return want(t) ? t : null;
        },
        5_000,
      ).catch(() => null);
    },
    DIAG_TIMEOUT,
    500,
  ).catch((e) => {
    throw new Error(`${e.message}\nlast hover shown: ${JSON.stringify(lastHover.replace(/\s+/g, ' ').trim())}`);
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  handleSIGINT: false,
  handleSIGTERM: false,
  handleSIGHUP: false,
});
// Interrupted (run.sh's trap sends TERM): close Chromium and stop, rather than let the
// remaining checks poll a closed page until their timeouts.
for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(sig, () => {
    console.log(`suite: ${sig}, stopping`);
    browser.close().finally(() => process.exit(code));
  });
}
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  page = await context.newPage();
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));

  await check('workbench opens the workspace in Restricted Mode', page, async () => {
    await page.goto(`${args.url}/?folder=${encodeURIComponent(args.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // The explorer lists the fixture files once the folder is open.
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: ENICONFIG_FILE })
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    // Workspace trust was not granted: the status bar shows the Restricted Mode entry.
    await page
      .locator('.statusbar-item', { hasText: 'Restricted Mode' })
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await shot(page, 'workbench');
  });

  await check(`${ENICONFIG_FILE}: Problems shows ${ENICONFIG_RULE}`, page, async () => {
    // Give the keyboard to the workbench (not the browser chrome) before shortcuts.
    await page.locator('.monaco-workbench').click({ position: { x: 800, y: 400 } });
    await quickOpen(page, ENICONFIG_FILE);
    await shot(page, 'eniconfig-open');
    await openProblems(page);
    const row = await waitForProblem(page, `a ${ENICONFIG_RULE} problem`, (r) =>
      (r.aria + r.text).includes(ENICONFIG_RULE),
    );
    await shot(page, 'eniconfig-problems');
    console.log(`     problem: ${row.text.replace(/\s+/g, ' ').trim() || row.aria}`);
    if (!/subnet/i.test(row.aria + row.text)) throw new Error(`problem does not mention subnet: ${row.aria}`);
  });

  await check(`${AWS_NODE_FILE}: Problems shows ${AWS_NODE_RULE} for ${ENV_VAR}="yes"`, page, async () => {
    await quickOpen(page, AWS_NODE_FILE);
    await shot(page, 'aws-node-open');
    await openProblems(page);
    // The finding may sit on the env entry's name or its value line.
    const nameLine = linesMatching(AWS_NODE_FILE, new RegExp(`name:\\s*${ENV_VAR}\\b`))[0];
    const valueLine = nameLine + 1;
    const row = await waitForProblem(page, `a ${AWS_NODE_RULE} problem about ${ENV_VAR}`, (r) => {
      const s = r.aria + ' ' + r.text;
      if (!s.includes(AWS_NODE_RULE)) return false;
      const about =
        s.includes(ENV_VAR) || /\byes\b/.test(s) || new RegExp(`(line|Ln) (${nameLine}|${valueLine})\\b`).test(s);
      return about;
    });
    await shot(page, 'aws-node-problems');
    console.log(`     problem: ${row.text.replace(/\s+/g, ' ').trim() || row.aria}`);
  });

  await check(`${AWS_NODE_FILE}: hover on ${ENV_VAR} describes SNAT`, page, async () => {
    // The env entry's name (the file's header comment mentions the variable too).
    const lineSource = `name:\\s*${ENV_VAR}\\b`;
    const nameLine = linesMatching(AWS_NODE_FILE, new RegExp(lineSource))[0];
    await goToLine(page, nameLine);
    const text = await hoverUntil(page, ENV_VAR, lineSource, `a hover mentioning SNAT over ${ENV_VAR}`, (t) =>
      /\bSNAT\b/.test(t),
    );
    await shot(page, 'aws-node-hover');
    const flat = text.replace(/\s+/g, ' ');
    console.log(`     hover: ${flat.slice(Math.max(0, flat.lastIndexOf(ENV_VAR)), flat.lastIndexOf(ENV_VAR) + 220)}`);
  });

  // Terraform goes through tree-sitter: a finding in main.tf proves that the installed extension
  // loads dist/tree-sitter.wasm and dist/tree-sitter-terraform.wasm next to dist/server.js.
  await check(`${TERRAFORM_FILE}: Problems shows ${TERRAFORM_RULE}`, page, async () => {
    await quickOpen(page, TERRAFORM_FILE);
    await openProblems(page);
    const row = await waitForProblem(
      page,
      `a ${TERRAFORM_RULE} problem in ${TERRAFORM_FILE}`,
      (r) => (r.aria + r.text).includes(TERRAFORM_RULE) && (r.aria + r.text).includes('10.1.0.0/24'),
    );
    // The open editor underlines the subnet's cidr_block too.
    await page
      .locator('.editor-group-container.active .monaco-editor .squiggly-error')
      .first()
      .waitFor({ state: 'visible', timeout: DIAG_TIMEOUT });
    await shot(page, 'terraform-problems');
    console.log(`     problem: ${row.text.replace(/\s+/g, ' ').trim() || row.aria}`);
    const want = linesMatching(TERRAFORM_FILE, /cidr_block\s*=\s*"10\.1\.0\.0\/24"/)[0];
    if (rowPosition(row).line !== want)
      throw new Error(`problem is on line ${rowPosition(row).line}, not the subnet's cidr_block (line ${want})`);
  });

  await check(`${CFN_FILE}: ${CFN_RULE} quick fix adds the ${ELB_TAG} tag`, page, async () => {
    await quickOpen(page, CFN_FILE);
    await openProblems(page);
    const isElbRow = (r) => (r.aria + r.text).includes(CFN_RULE);
    const row = await waitForProblem(page, `a ${CFN_RULE} problem`, isElbRow);
    console.log(`     problem: ${row.text.replace(/\s+/g, ' ').trim() || row.aria}`);
    const before = readFileSync(join(args.workspace, CFN_FILE), 'utf8');
    // The cursor on the diagnostic, then Ctrl+. lists the quick fixes for it.
    const at = rowPosition(row);
    await goToLine(page, at.line, at.col);
    // The Quick Fix menu (the widget's submenu panel has the same class).
    const menu = page.locator('.action-widget:not(.action-list-submenu-panel)');
    const fix = menu.locator('.monaco-list-row', { hasText: CFN_FIX_TITLE }).first();
    let listed = [];
    await poll(
      `the "${CFN_FIX_TITLE}" quick fix`,
      async () => {
        if (!(await menu.isVisible().catch(() => false))) {
          await page.keyboard.press('Control+.');
        }
        // Give the widget a moment to fill in, then look for the action.
        const ok = await fix.waitFor({ state: 'visible', timeout: 2_000 }).then(
          () => true,
          () => false,
        );
        listed = await menu
          .locator('.monaco-list-row')
          .allTextContents()
          .catch(() => []);
        if (!ok) await page.keyboard.press('Escape');
        return ok;
      },
      UI_TIMEOUT,
      250,
    ).catch((e) => {
      throw new Error(`${e.message}\nQuick Fix menu listed: ${listed.length ? listed.join(' | ') : 'nothing'}`);
    });
    await shot(page, 'cfn-quick-fix-menu');
    await fix.click();
    await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    // The diagnostic goes away while another file's problem stays (so an empty, re-rendering
    // panel does not count as success).
    try {
      await poll(
        `${CFN_RULE} to disappear`,
        async () => {
          const rows = await problemRows(page);
          return rows.some((r) => (r.aria + r.text).includes(ENICONFIG_RULE)) && !rows.some(isElbRow);
        },
        DIAG_TIMEOUT,
      );
    } catch (e) {
      const shown = (await problemRows(page).catch(() => [])).map((r) => r.text.replace(/\s+/g, ' ').trim());
      throw new Error(`${e.message}\nProblems panel shows ${shown.join(' | ') || 'nothing'}`);
    }
    // The editor now has the tag inside PublicSubnet (TaggedSubnet, further down, had it already).
    const block = (lines) => {
      const start = lines.findIndex((l) => /^\s*PublicSubnet:/.test(l));
      if (start < 0) return null;
      const end = lines.findIndex((l, i) => i > start && /^ {2}\S/.test(l));
      return lines.slice(start, end < 0 ? undefined : end).join('\n');
    };
    await poll(
      `${ELB_TAG} in PublicSubnet in the editor`,
      async () => block(await renderedLines(page))?.includes(`Key: ${ELB_TAG}`),
      UI_TIMEOUT,
    );
    await shot(page, 'cfn-fixed');
    // Saved, the file on disk has it too, and nothing else in the template changed.
    await page.keyboard.press('Control+S');
    const after = await poll(
      `${CFN_FILE} saved`,
      async () => {
        const t = readFileSync(join(args.workspace, CFN_FILE), 'utf8');
        return t !== before ? t : null;
      },
      UI_TIMEOUT,
    );
    if (!block(after.split(/\r?\n/))?.includes(`Key: ${ELB_TAG}`)) {
      throw new Error(`saved ${CFN_FILE} has no ${ELB_TAG} tag in PublicSubnet:\n${after}`);
    }
    const removed = before.split(/\r?\n/).filter((l) => !after.split(/\r?\n/).includes(l));
    if (removed.length) throw new Error(`the fix changed existing lines: ${JSON.stringify(removed)}`);
  });

  await check(`${EKSCTL_FILE}: hover on ${INSTANCE_TYPE} shows max pods`, page, async () => {
    await quickOpen(page, EKSCTL_FILE);
    const lineSource = `instanceType:\\s*${INSTANCE_TYPE.replace('.', '\\.')}`;
    await goToLine(page, linesMatching(EKSCTL_FILE, new RegExp(lineSource))[0]);
    // aws-node.yaml turns custom networking on: (3 ENIs - 1) x (10 IPs - 1) + 2 = 20 pods, and
    // the hover lists the default mode's 3 x (10 - 1) + 2 = 29 as well.
    const text = await hoverUntil(
      page,
      INSTANCE_TYPE,
      lineSource,
      `a max pods hover over ${INSTANCE_TYPE}`,
      (t) => /Max pods: 20\b/.test(t) && /Secondary IPs \(default\): 29\b/.test(t),
    );
    await shot(page, 'eksctl-instance-hover');
    const flat = text.replace(/\s+/g, ' ');
    console.log(`     hover: ${flat.slice(Math.max(0, flat.indexOf('Max pods')), flat.indexOf('Max pods') + 160)}`);
  });

  await check(`${LB_FILE}: Problems shows ${LB_RULE} on the Service's name`, page, async () => {
    await quickOpen(page, LB_FILE);
    await openProblems(page);
    const row = await waitForProblem(
      page,
      `a ${LB_RULE} problem in ${LB_FILE}`,
      (r) => (r.aria + r.text).includes(LB_RULE) && /Service orders/.test(r.aria + r.text),
    );
    await shot(page, 'lb-service-problems');
    console.log(`     problem: ${row.text.replace(/\s+/g, ' ').trim() || row.aria}`);
    const want = linesMatching(LB_FILE, /^\s+name:\s*orders\s*$/)[0];
    if (rowPosition(row).line !== want)
      throw new Error(`problem is on line ${rowPosition(row).line}, not the Service's metadata.name (line ${want})`);
  });

  await check(
    `"${MAP_COMMAND}" draws the model's subnets in a webview, and Enter on one opens its declaration`,
    page,
    async () => {
      // What the drawing must show: every subnet block of the model, as the bundled CLI reads the
      // workspace now (after the quick fix above was saved).
      const model = JSON.parse(
        execFileSync(process.execPath, [join(REPO, 'dist', 'cli.js'), 'map', args.workspace], { encoding: 'utf8' }),
      );
      const want = model.vpcs
        .flatMap((v) => v.subnets.flatMap((s) => [s.cidr, s.ipv6Cidr].filter(Boolean).map((c) => `${s.name} ${c}`)))
        .sort();
      if (want.length === 0) throw new Error('the workspace model has no subnet to draw');
      await page.keyboard.press('Control+Shift+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await input.fill(`>${MAP_COMMAND}`);
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'Show Address Map' })
        .first()
        .waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await page.keyboard.press('Enter');
      // The webview's content is in a nested iframe; find the frame that holds the drawing.
      const frame = await poll(
        'the address map webview',
        async () => {
          for (const f of page.frames()) {
            if (await f.$('svg.eksnet-map .subnet').catch(() => null)) return f;
          }
          return null;
        },
        DIAG_TIMEOUT,
      );
      const drawn = (
        await frame.$$eval('svg.eksnet-map .subnet > title', (ts) => ts.map((t) => t.textContent.split(';')[0]))
      ).sort();
      if (JSON.stringify(drawn) !== JSON.stringify(want)) {
        throw new Error(`the map draws ${JSON.stringify(drawn)}, the model has ${JSON.stringify(want)}`);
      }
      // Themed: the drawing's variables come from the editor theme.
      const fg = await frame.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-foreground').trim(),
      );
      if (!fg) throw new Error('the webview has no VS Code theme variables');
      await shot(page, 'address-map');
      // Keyboard: focus the subnet of main.tf and press Enter; its declaration opens in the editor.
      const target = model.vpcs.flatMap((v) => v.subnets).find((s) => s.file.endsWith(TERRAFORM_FILE));
      if (!target) throw new Error(`no subnet in ${TERRAFORM_FILE} in the model`);
      await frame.focus(`svg.eksnet-map .subnet[data-cidr="${target.cidr}"]`);
      await page.keyboard.press('Enter');
      await page
        .locator(`.tabs-container .tab.active[aria-label^="${TERRAFORM_FILE}"]`)
        .waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await shot(page, 'address-map-opened-subnet');
    },
  );
} catch (e) {
  results.push({ name: 'suite setup', ok: false, error: String(e?.stack ?? e) });
  console.log(`FAIL suite setup: ${e?.message ?? e}`);
  if (page) await shot(page, 'FAILED-setup');
} finally {
  if (page) {
    try {
      // Keep what the Problems panel showed at the end, for diagnosis.
      const rows = await problemRows(page).catch(() => []);
      writeFileSync(join(ART, 'problems.txt'), rows.map((r) => r.aria || r.text).join('\n') + '\n');
    } catch {
      /* best effort */
    }
  }
  writeFileSync(join(ART, 'browser-console.log'), consoleLines.join('\n') + '\n');
  await browser.close().catch(() => {});
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
writeFileSync(join(ART, 'results.json'), JSON.stringify({ passed, failed, results }, null, 2) + '\n');
process.exit(failed === 0 && passed > 0 ? 0 : 1);
