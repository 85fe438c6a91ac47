import type { HoverProvider } from './provider';
import { placeholders, placeholderSupplier } from '../../base/placeholders';
import { code, escape } from '../../base/markdown';

/**
 * Hover on a deploy-time placeholder (`${POD_SUBNET_1}`, `$AZ_2`, `$(VAR)`, `{{ .sg }}`) in a
 * manifest, values file or script: which variable supplies the value, and that eksnet checks it
 * only once it is filled in. Terraform and CloudFormation interpolation have their own hovers,
 * which come first; HCL files are never read here.
 */
export const placeholderHover: HoverProvider = (ctx) => {
  const syntax = ctx.file.syntax;
  if (syntax !== 'yaml' && syntax !== 'json' && syntax !== 'shell') return undefined;
  const text = ctx.file.text;
  const lineStart = text.lastIndexOf('\n', ctx.offset - 1) + 1;
  const newline = text.indexOf('\n', ctx.offset);
  const line = text.slice(lineStart, newline < 0 ? text.length : newline);
  // In a script `$(...)` is a command substitution, not a kustomize var.
  const found = placeholders(line).filter((p) => syntax !== 'shell' || p.kind === 'envsubst');
  const p = found.find((q) => ctx.offset >= lineStart + q.start && ctx.offset <= lineStart + q.end);
  if (!p) return undefined;
  const contents = [
    `${code(p.text)}: a placeholder filled in at deploy time`,
    '',
    `${escape(upperFirst(placeholderSupplier(p)))}. eksnet does not check this value as written; it checks the literal text around it, if any.`,
  ].join('\n');
  return { span: { start: lineStart + p.start, end: lineStart + p.end }, contents };
};

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
