import type { HoverContext, HoverProvider } from './provider';
import type { Span } from '../../base/span';
import { render, sortedEntries, type TfValue } from '../../evaluators/terraform/values';
import { parseCidr } from '../../base/cidr';
import { cidrHover } from './cidr';
import { code, escape } from '../../base/markdown';

/**
 * Hover on a Terraform expression that evaluates to a CIDR or a list (or map) of them, and on
 * references (`var.x`, `local.x`, `module.vpc.private_subnets`): the value Terraform would compute
 * at plan time, per instance for resources with count or for_each (terraform-ls users have asked
 * for this since hashicorp/terraform-ls#495). Literals are left to the generic CIDR hover.
 */
const MAX_LINES = 24;

export const terraformHover: HoverProvider = (ctx) => {
  for (const at of ctx.evaluators.terraform.valuesAt(ctx, ctx.file, ctx.offset)) {
    if (at.reference && at.values.some((v) => v.value.k === 'unknown' && v.value.error)) continue;
    if (!at.reference && !at.values.some((v) => cidrish(v.value))) continue;
    return { span: at.span, contents: contents(ctx, at.span, at.values) };
  }
  return undefined;
};

function isCidr(v: TfValue): boolean {
  return v.k === 'string' && v.v.includes('/') && parseCidr(v.v).ok;
}

/** A CIDR, or a non-empty list or map whose known items are all CIDRs. */
function cidrish(v: TfValue): boolean {
  if (isCidr(v)) return true;
  const items = v.k === 'list' ? v.items : v.k === 'map' && !v.open ? [...v.entries.values()] : [];
  const knownItems = items.filter((i) => i.k !== 'unknown');
  return knownItems.length > 0 && knownItems.every(isCidr);
}

function show(v: TfValue): string {
  if (v.k === 'unknown') return v.error ? `_error: ${escape(v.why)}_` : `_known after apply_ (${escape(v.why)})`;
  if (v.k === 'string') return code(v.v);
  return code(render(v));
}

function contents(ctx: HoverContext, span: Span, values: { label?: string; value: TfValue }[]): string {
  const written = ctx.file.text.slice(span.start, span.end).replace(/\s+/g, ' ');
  const lines = [code(written.length > 80 ? `${written.slice(0, 79)}…` : written), ''];
  if (values.length === 1 && !values[0].label) {
    const v = values[0].value;
    if (v.k === 'list') v.items.forEach((x, i) => lines.push(`- [${i}] ${show(x)}`));
    else if (v.k === 'map' && !v.open) for (const [k, x] of sortedEntries(v)) lines.push(`- ${escape(k)}: ${show(x)}`);
    else lines.push(`= ${show(v)}`);
    if (v.k === 'list' && !v.items.length) lines.push('= `[]`');
  } else {
    for (const { label, value } of values) lines.push(`- ${code(label ?? '')} = ${show(value)}`);
  }
  if (lines.length > MAX_LINES + 2)
    lines.splice(MAX_LINES + 2, lines.length, `- … ${lines.length - MAX_LINES - 2} more`);
  // One CIDR the model also knows (a subnet's cidr_block): add the generic CIDR details.
  if (values.length === 1 && isCidr(values[0].value)) {
    const more = cidrHover({ ...ctx, offset: span.start, path: [] });
    if (more && more.span.start === span.start && more.span.end === span.end) lines.push('', '---', '', more.contents);
  }
  return lines.join('\n');
}
