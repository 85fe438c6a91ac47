import type { HoverContext, HoverProvider } from './provider';
import type { Expr } from '../../parsers/hclAst';
import { hclBodyOf, terraformModulesOf } from '../../model/builders/terraform';
import { evaluate, type Env } from '../../evaluators/terraform/evaluate';
import { exprPath, siteAt, type HclSite } from '../../evaluators/terraform/locate';
import type { TfModule } from '../../evaluators/terraform/module';
import { render, sortedEntries, type TfValue } from '../../evaluators/terraform/values';
import { parseCached } from '../../model/cidrValues';
import { cidrHover } from './cidr';
import { code, escape } from '../../base/markdown';

/**
 * Hover on a Terraform expression that evaluates to a CIDR or a list (or map) of them, and on
 * references (`var.x`, `local.x`, `module.vpc.private_subnets`): the value Terraform would compute
 * at plan time, per instance for resources with count or for_each (terraform-ls users have asked
 * for this since hashicorp/terraform-ls#495). Literals are left to the generic CIDR hover.
 */
const MAX_LINES = 24;
const REF_ROOTS = new Set(['var', 'local', 'module', 'data', 'count', 'each']);

interface Evaluation {
  label?: string;
  env: Env;
}

export const terraformHover: HoverProvider = (ctx) => {
  if (ctx.file.syntax !== 'hcl' || !/\.tf$/i.test(ctx.file.id)) return undefined;
  const body = hclBodyOf(ctx.file);
  const site = body && siteAt(body, ctx.offset);
  if (!site?.attribute || !site.blocks.length) return undefined;
  const modules = terraformModulesOf(ctx.files, ctx.file.id, ctx.settings.terraformVarFiles);
  const evals = modules.flatMap((m) => evaluations(m, site, ctx.file.id, modules.length > 1));
  if (!evals.length) return undefined;
  const path = site.onName ? [site.attribute.expr] : exprPath(site.attribute.expr, ctx.offset);
  for (let i = path.length - 1; i >= 0; i--) {
    const e = path[i];
    if (!worthEvaluating(e)) continue;
    const values = evals.map((x) => ({ label: x.label, value: evaluate(e, x.env) }));
    const ref = isReference(e);
    if (ref && values.some((v) => v.value.k === 'unknown' && v.value.error)) continue;
    if (!ref && !values.some((v) => cidrish(v.value))) continue;
    return { span: e.span, contents: contents(ctx, e, values) };
  }
  return undefined;
};

/** How the block around the attribute is evaluated: once, or once per resource instance. */
function evaluations(mod: TfModule, site: HclSite, file: string, named: boolean): Evaluation[] {
  const top = site.blocks[0];
  const labels = top.labels.map((l) => l.value);
  const prefix = named && mod.prefix ? mod.prefix.slice(0, -1) : undefined;
  if ((top.type === 'resource' || top.type === 'data') && labels.length >= 2) {
    // Inside a `dynamic` block the content refers to an iterator this hover does not bind.
    if (site.blocks.some((b) => b.type === 'dynamic')) return [];
    const key = top.type === 'data' ? `data.${labels[0]}.${labels[1]}` : `${labels[0]}.${labels[1]}`;
    const insts = mod.instances(key);
    if (!insts) return [];
    const counted = top.body.attributes.some((a) => a.name === 'count' || a.name === 'for_each');
    return insts.map((i) => ({ label: counted || named ? i.address : undefined, env: i.env }));
  }
  if (['locals', 'output', 'variable', 'module'].includes(top.type)) return [{ label: prefix, env: mod.env(file) }];
  return [];
}

function worthEvaluating(e: Expr): boolean {
  if (e.t === 'lit' || e.t === 'splatItem' || e.t === 'bad' || e.t === 'var') return false;
  if (e.t === 'tpl') return e.parts.some((p) => typeof p !== 'string');
  return true;
}

/** `var.x`, `local.x[0]`, `module.vpc.private_subnets[*]`, `aws_subnet.a.cidr_block`. */
function isReference(e: Expr): boolean {
  let cur: Expr = e;
  for (;;) {
    if (cur.t === 'attr' || cur.t === 'index') cur = cur.obj;
    else if (cur.t === 'splat') cur = cur.obj;
    else break;
  }
  return cur !== e && cur.t === 'var' && (REF_ROOTS.has(cur.name) || /^aws_/.test(cur.name));
}

function isCidr(v: TfValue): boolean {
  return v.k === 'string' && v.v.includes('/') && parseCached(v.v).ok;
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

function contents(ctx: HoverContext, e: Expr, values: { label?: string; value: TfValue }[]): string {
  const written = ctx.file.text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ');
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
    const more = cidrHover({ ...ctx, offset: e.span.start, path: [] });
    if (more && more.span.start === e.span.start && more.span.end === e.span.end)
      lines.push('', '---', '', more.contents);
  }
  return lines.join('\n');
}
