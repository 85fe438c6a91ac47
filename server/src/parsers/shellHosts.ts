import type { Span } from '../base/span';

/**
 * Shell commands inside other files: Makefile recipes, Markdown and reStructuredText code blocks,
 * Dockerfile RUN instructions, CI steps. Each host is turned into a *view* of the same length as
 * the file, in which every character that is not shell is a space (line breaks kept) and every
 * shell character stays where it is, so the shell reader (shell.ts) gives exact file offsets.
 */

/** The text with everything outside `keep` blanked, line breaks kept. */
export function maskOutside(text: string, keep: readonly Span[]): string {
  const out = new Array<string>(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text[i] === '\n' || text[i] === '\r' ? text[i] : ' ';
  for (const s of keep) for (let i = s.start; i < s.end && i < text.length; i++) out[i] = text[i];
  return out.join('');
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    out.push({ start, end, text: text.slice(start, end).replace(/\r$/, '') });
    if (nl < 0) return out;
    start = nl + 1;
  }
}

const continues = (l: Line) => /\\\s*$/.test(l.text);

/** Makefile recipe lines (a leading tab), with their continuation lines; `@`, `-`, `+` prefixes dropped. */
export function makefileShell(text: string): string {
  const keep: Span[] = [];
  let inRecipe = false;
  for (const l of lines(text)) {
    if (l.text.startsWith('\t') || inRecipe) {
      const prefix = /^\t?[@+-]*/.exec(l.text)![0].length;
      keep.push({ start: l.start + prefix, end: l.start + l.text.length });
      inRecipe = continues(l);
    }
  }
  return maskOutside(text, keep);
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'zsh', 'shell-session', 'shellsession']);

/**
 * The lines of a code block as shell: a `$ ` prompt is dropped, and in a console block a line
 * without one is output, unless it continues a command.
 */
function blockLines(block: Line[], console: boolean, keep: Span[]): void {
  let continuing = false;
  for (const l of block) {
    const prompt = /^\s*\$ /.exec(l.text);
    if (prompt) keep.push({ start: l.start + prompt[0].length, end: l.start + l.text.length });
    else if (!console || continuing) keep.push({ start: l.start, end: l.start + l.text.length });
    else {
      continuing = false;
      continue;
    }
    continuing = continues(l);
  }
}

/** Fenced code blocks marked sh, bash, shell, console or zsh. */
export function markdownShell(text: string): string {
  const keep: Span[] = [];
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const open = /^\s{0,3}(`{3,}|~{3,})\s*([A-Za-z-]*)/.exec(all[i].text);
    if (!open) continue;
    const fence = open[1];
    let j = i + 1;
    while (j < all.length && !all[j].text.trimStart().startsWith(fence)) j++;
    const lang = open[2].toLowerCase();
    if (SHELL_LANGS.has(lang)) blockLines(all.slice(i + 1, j), lang === 'console' || lang === 'shell-session', keep);
    i = j;
  }
  return maskOutside(text, keep);
}

/** `.. code-block:: bash` (and `code`, `sourcecode`) directives with a shell language. */
export function rstShell(text: string): string {
  const keep: Span[] = [];
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const d = /^(\s*)\.\.\s+(?:code-block|code|sourcecode)::\s*([A-Za-z-]*)/.exec(all[i].text);
    if (!d) continue;
    const indent = d[1].length;
    let j = i + 1;
    const block: Line[] = [];
    for (; j < all.length; j++) {
      const t = all[j].text;
      if (t.trim() === '') continue;
      const own = /^\s*/.exec(t)![0].length;
      if (own <= indent) break;
      // Directive options (`:linenos:`) are not code.
      if (block.length === 0 && /^\s*:[a-z-]+:/.test(t)) continue;
      block.push(all[j]);
    }
    const lang = d[2].toLowerCase();
    if (SHELL_LANGS.has(lang)) blockLines(block, lang === 'console' || lang === 'shell-session', keep);
    i = j - 1;
  }
  return maskOutside(text, keep);
}

/** Shell-form RUN instructions with their continuation lines; the exec form (`RUN [...]`) is not shell. */
export function dockerfileShell(text: string): string {
  const keep: Span[] = [];
  let inRun = false;
  for (const l of lines(text)) {
    if (inRun) {
      // Comment lines inside a continued instruction are removed by the Dockerfile parser.
      if (!/^\s*#/.test(l.text)) keep.push({ start: l.start, end: l.start + l.text.length });
      inRun = continues(l) || /^\s*#/.test(l.text);
      continue;
    }
    const run = /^\s*RUN\s+(?:--[a-z-]+=\S+\s+)*/i.exec(l.text);
    if (!run || l.text.slice(run[0].length).startsWith('[')) continue;
    keep.push({ start: l.start + run[0].length, end: l.start + l.text.length });
    inRun = continues(l);
  }
  return maskOutside(text, keep);
}
