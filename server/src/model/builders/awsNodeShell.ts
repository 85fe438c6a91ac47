import type { Builder } from './builder';
import type { EnvVar } from '../types';
import type { SourceFile } from '../sourceFile';
import type { NetworkModel } from '../types';
import type { Span } from '../../base/span';
import { kubectlSetEnv } from '../../parsers/shell';
import { dockerfileShell, makefileShell, markdownShell, maskOutside, rstShell } from '../../parsers/shellHosts';
import { get, isMap, isScalar, isSeq, type LNode, type LScalar } from '../../parsers/tree';
import { known, unresolved } from '../located';
import { placeholders, placeholderWhy } from '../../base/placeholders';

/**
 * `kubectl set env daemonset/aws-node ...` lines in shell scripts. Each command becomes one env of
 * source `set-env`. It patches the live DaemonSet, so it is never complete; without `-c` it sets
 * the variables on every container, the init container included.
 */
export const awsNodeShellBuilder: Builder = {
  name: 'aws-node-shell',
  file(file, out) {
    if (!file.text.includes('set') || !file.text.includes('aws-node')) return false;
    const view = shellView(file);
    return view === undefined ? false : fromShell(file, view, out);
  },
  document(file, doc, out) {
    if (!file.text.includes('set') || !file.text.includes('aws-node')) return false;
    const steps = ciSteps(doc.root);
    if (steps.length === 0) return false;
    return fromShell(
      file,
      maskOutside(
        file.text,
        steps.map((n) => stepText(file.text, n)),
      ),
      out,
    );
  },
};

/** The file as shell: a script itself, or the shell parts of a Makefile, runbook or Dockerfile. */
function shellView(file: SourceFile): string | undefined {
  switch (file.syntax) {
    case 'shell':
      return file.text;
    case 'makefile':
      return makefileShell(file.text);
    case 'markdown':
      return markdownShell(file.text);
    case 'rst':
      return rstShell(file.text);
    case 'dockerfile':
      return dockerfileShell(file.text);
    case 'yaml':
    case 'json':
    case 'hcl':
    case 'hcl-json':
    case 'binary':
    case 'none':
      return undefined;
  }
}

/**
 * The shell steps of a CI definition: GitHub Actions `jobs.<id>.steps[].run`, GitLab CI
 * `<job>.script` / `before_script` / `after_script` (a string or a list of strings).
 */
function ciSteps(root: LNode | null): LScalar[] {
  const out: LScalar[] = [];
  if (!isMap(root)) return out;
  const jobs = get(root, 'jobs');
  if (isMap(jobs)) {
    for (const e of jobs.entries) {
      const steps = get(e.value, 'steps');
      if (isSeq(steps)) for (const step of steps.items) addScalars(get(step, 'run'), out);
    }
  }
  for (const e of root.entries) {
    if (!isMap(e.value)) continue;
    for (const key of ['script', 'before_script', 'after_script']) addScalars(get(e.value, key), out);
  }
  return out;
}

function addScalars(n: LNode | undefined, out: LScalar[]): void {
  if (isScalar(n) && typeof n.value === 'string') out.push(n);
  else if (isSeq(n)) for (const i of n.items) if (isScalar(i) && typeof i.value === 'string') out.push(i);
}

/** The characters of a step's command as the file holds them: a block's lines, a quoted string's inside. */
function stepText(text: string, n: LScalar): Span {
  if (n.style === 'block') {
    const nl = text.indexOf('\n', n.span.start);
    return { start: nl < 0 || nl > n.span.end ? n.span.end : nl + 1, end: n.span.end };
  }
  if (n.style === 'double' || n.style === 'single') return { start: n.span.start + 1, end: n.span.end - 1 };
  return n.span;
}

function fromShell(file: SourceFile, text: string, out: NetworkModel): boolean {
  const commands = kubectlSetEnv(text);
  for (const cmd of commands) {
    const vars: EnvVar[] = cmd.vars.map((a) => {
      const v: EnvVar = {
        name: a.name,
        nameAt: { file: file.id, span: a.nameSpan },
        entryAt: { file: file.id, span: a.span },
      };
      const valueAt = { file: file.id, span: a.valueSpan ?? a.span };
      if (a.value === undefined) {
        const written = file.text.slice(valueAt.span.start, valueAt.span.end);
        // In a shell `$(...)` is a command substitution, not a kustomize var: only variables are named.
        const found = placeholders(written).filter((p) => p.kind === 'envsubst');
        v.value = unresolved(
          found.length > 0
            ? placeholderWhy(written, found)
            : 'depends on the shell (a variable or command substitution)',
          valueAt,
        );
      } else {
        v.value = known(a.value, valueAt);
      }
      // The value's own characters, so fixes replace just them and quotes around them stay as
      // the author wrote them; a new value is written only where it needs no shell quoting.
      v.edit = {
        name: { at: v.nameAt, value: a.name },
        ...(a.value !== undefined && a.valueSpan
          ? { value: { at: valueAt, value: a.value, style: 'plain' as const, plain: 'shell' as const } }
          : {}),
      };
      return v;
    });
    out.awsNode.push({
      key: `${file.id}#set-env@${cmd.span.start}`,
      file: file.id,
      at: { file: file.id, span: cmd.span },
      source: 'set-env',
      container: cmd.container ?? 'aws-node',
      complete: false,
      vars,
      workload: `${file.id}#set-env@${cmd.span.start}`,
      ...(cmd.container ? {} : { allContainers: true }),
    });
  }
  return commands.length > 0;
}
