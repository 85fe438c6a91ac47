import type { HoverProvider } from './provider';
import { placeholders, placeholderSupplier } from '../../base/placeholders';
import { code, escape } from '../../base/markdown';
import type { Syntax } from '../../base/fileKinds';
import type { AwsNodeEnv } from '../../model/types';

/**
 * Hover on a deploy-time placeholder (`${POD_SUBNET_1}`, `$AZ_2`, `$(VAR)`, `{{ .sg }}`) in a
 * manifest, values file, script, or a `kubectl set env` value in a Makefile, runbook or Dockerfile:
 * which variable supplies the value, and that eksnet checks it only once it is filled in. Terraform
 * and CloudFormation interpolation have their own hovers, which come first; HCL files are never read
 * here.
 */
export const placeholderHover: HoverProvider = (ctx) => {
  const syntax = ctx.file.syntax;
  const hosted = HOSTS_SHELL.has(syntax);
  if (syntax !== 'yaml' && syntax !== 'json' && syntax !== 'shell' && !hosted) return undefined;
  // A Makefile, runbook or Dockerfile is mostly not shell, and `$X` in prose or a make rule is not
  // an env value: the hover is given only inside a `kubectl set env` value eksnet read from the file.
  if (hosted && !insideEnvValue(ctx.file.fragment.awsNode, ctx.file.id, ctx.offset)) return undefined;
  const text = ctx.file.text;
  const lineStart = text.lastIndexOf('\n', ctx.offset - 1) + 1;
  const newline = text.indexOf('\n', ctx.offset);
  const line = text.slice(lineStart, newline < 0 ? text.length : newline);
  // In a script `$(...)` is a command substitution, not a kustomize var.
  const found = placeholders(line).filter((p) => (syntax !== 'shell' && !hosted) || p.kind === 'envsubst');
  const p = found.find((q) => ctx.offset >= lineStart + q.start && ctx.offset <= lineStart + q.end);
  if (!p) return undefined;
  const contents = [
    `${code(p.text)}: a placeholder filled in at deploy time`,
    '',
    `${escape(upperFirst(placeholderSupplier(p)))}. eksnet does not check this value as written; it checks the literal text around it, if any.`,
  ].join('\n');
  return { span: { start: lineStart + p.start, end: lineStart + p.end }, contents };
};

/** File kinds whose shell parts awsNodeShell.ts reads (the shell steps of CI YAML are YAML scalars). */
const HOSTS_SHELL = new Set<Syntax>(['makefile', 'markdown', 'rst', 'dockerfile']);

function insideEnvValue(envs: readonly AwsNodeEnv[], file: string, offset: number): boolean {
  return envs.some((e) =>
    e.vars.some((v) => {
      const at = v.value?.at;
      return !!at && at.file === file && offset >= at.span.start && offset <= at.span.end;
    }),
  );
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
