import type { Body, Expr } from '../../parsers/hclAst';
import type { LMap, LNode, LScalar } from '../../parsers/tree';
import type { Span } from '../../base/span';
import type { SourceFile } from '../sourceFile';
import type { AwsNodeEnv, NetworkModel } from '../types';
import type { Decl, TfModule } from '../../evaluators/terraform/module';
import { attr } from '../../parsers/hclAst';
import { parseYaml } from '../../parsers/yaml';
import { remap } from '../../parsers/tree';
import { evaluate, type Env } from '../../evaluators/terraform/evaluate';
import { asString, type TfValue } from '../../evaluators/terraform/values';
import { unresolved } from '../located';
import { awsNodeFromConfigValues } from './awsNodeValues';
import { refs } from './terraformValues';
import { pushAll } from '../../base/arrays';

/**
 * The vpc-cni add-on's `configuration_values` in Terraform (aws_eks_addon, and the eks module's
 * `cluster_addons` / `addons`), read as the aws-node env it sets, with positions in the .tf file:
 * - `jsonencode({ env = { X = "1" } })` (or `yamlencode`) with an object literal: the HCL object becomes the
 *   located tree, so findings and fixes land on the key or value as written;
 * - a heredoc or quoted JSON/YAML string: parsed, with spans shifted into the file when the text
 *   appears verbatim (no escapes), else every span is the whole string and no fix edits inside it;
 * - anything else (`jsonencode(local.cfg)`): evaluated; a known string is read with approximate spans.
 * A value inside the object that is computed (a reference) is read but never edited; one that is not
 * known at plan time is unresolved.
 */
export function addonConfigEnv(
  fileId: string,
  text: string | undefined,
  e: Expr,
  env: Env,
  source: 'addon-config' | 'helm-values' = 'addon-config',
): AwsNodeEnv[] {
  const file = { id: fileId } as SourceFile;
  // yamlencode writes HCL types as YAML types (a bool stays a bool), so it reads like jsonencode.
  const encode = e.t === 'call' && (e.name === 'jsonencode' || e.name === 'yamlencode');
  if (encode && e.args.length === 1 && !e.expand && e.args[0].t === 'object') {
    const why = new Map<LNode, string>();
    const root = fromExpr(e.args[0], env, text ?? '', why);
    const out = awsNodeFromConfigValues(file, root, source);
    for (const a of out) unresolve(a, why);
    return out;
  }
  const whole = e.span;
  if (e.t === 'tpl' && e.parts.every((p) => typeof p === 'string') && text !== undefined) {
    const content = e.parts.join('');
    const start = verbatimStart(text, e, content);
    const parsed = parseYaml(content).documents.find((d) => d.root)?.root;
    if (!parsed) return [];
    const root =
      start === undefined
        ? remap(parsed, () => whole)
        : remap(parsed, (s) => ({ start: s.start + start, end: s.end + start }));
    return awsNodeFromConfigValues(file, root, source, start === undefined);
  }
  const v = evaluate(e, env);
  const s = v.k === 'string' ? v.v : undefined;
  const parsed = s ? parseYaml(s).documents.find((d) => d.root)?.root : undefined;
  return parsed
    ? awsNodeFromConfigValues(
        file,
        remap(parsed, () => whole),
        source,
        true,
      )
    : [];
}

/** Where a string's content starts in the file when it is written there character for character. */
function verbatimStart(text: string, e: Expr, content: string): number | undefined {
  const src = text.slice(e.span.start, e.span.end);
  let start: number;
  if (src.startsWith('<<-')) return undefined; // Indentation was stripped: not verbatim.
  if (src.startsWith('<<')) {
    const nl = text.indexOf('\n', e.span.start);
    if (nl < 0) return undefined;
    start = nl + 1;
  } else if (src.startsWith('"')) start = e.span.start + 1;
  else return undefined;
  return text.slice(start, start + content.length) === content ? start : undefined;
}

function scalar(value: LScalar['value'], source: string, style: LScalar['style'], span: Span): LScalar {
  return { kind: 'scalar', value, source, style, span };
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * An HCL expression as a located tree. Literals keep their own spans and style (a quoted string is
 * `double`, so fixes re-quote it; a bare number or bool is `plain`, which is what jsonencode writes
 * as a JSON number or bool). Computed values get the `block` style, which env fixes never edit.
 */
function fromExpr(e: Expr, env: Env, text: string, why: Map<LNode, string>): LNode {
  if (e.t === 'object') {
    const entries = e.items.map((i) => {
      const name = i.ident ?? asString(evaluate(i.key, env)) ?? '';
      const quoted = text[i.key.span.start] === '"';
      return {
        key: scalar(name, name, quoted ? 'double' : 'plain', i.key.span),
        value: fromExpr(i.value, env, text, why),
        span: i.span,
      };
    });
    // Entries that share a line are edited like a flow map (no whole-line removal).
    const lines = e.items.map((i) => lineOf(text, i.span.start));
    const flow = new Set(lines).size !== lines.length || !text.slice(e.span.start, e.span.end).includes('\n');
    return { kind: 'map', entries, flow, span: e.span } satisfies LMap;
  }
  if (e.t === 'tuple')
    return { kind: 'seq', items: e.items.map((i) => fromExpr(i, env, text, why)), flow: true, span: e.span };
  if (e.t === 'lit') {
    if (typeof e.value === 'string') return scalar(e.value, e.value, 'double', e.span);
    return scalar(e.value, text.slice(e.span.start, e.span.end), 'plain', e.span);
  }
  if (e.t === 'tpl' && e.parts.every((p) => typeof p === 'string')) {
    const s = e.parts.join('');
    return scalar(s, s, text[e.span.start] === '"' ? 'double' : 'block', e.span);
  }
  return fromValue(evaluate(e, env), e.span, why);
}

function fromValue(v: TfValue, span: Span, why: Map<LNode, string>): LNode {
  switch (v.k) {
    case 'string':
    case 'number':
    case 'bool':
      return scalar(v.v, String(v.v), 'block', span);
    case 'null':
      return scalar(null, 'null', 'block', span);
    case 'list':
      return { kind: 'seq', items: v.items.map((i) => fromValue(i, span, why)), flow: true, span };
    case 'map':
      return {
        kind: 'map',
        entries: [...v.entries].map(([k, x]) => ({
          key: scalar(k, k, 'block', span),
          value: fromValue(x, span, why),
          span,
        })),
        flow: true,
        span,
      };
    case 'unknown': {
      const n = scalar(null, '', 'block', span);
      why.set(n, v.why);
      return n;
    }
  }
}

/**
 * `resource "aws_eks_addon"` with `addon_name = "vpc-cni"`: its configuration_values, per instance,
 * bound to the cluster its `cluster_name` names (see addonCluster). `eksModules` are the module
 * calls of this module that are the eks module, whose `cluster_name` output names their cluster.
 */
export function eksAddonResources(
  mod: TfModule,
  keyOf: (address: string) => string,
  eksModules: ReadonlySet<string>,
  out: NetworkModel,
): void {
  const seen = new Set(out.awsNode.map((a) => a.key));
  const clusterOf = addonCluster(mod, keyOf, eksModules);
  for (const d of mod.decls.values()) {
    if (d.kind !== 'resource' || d.type !== 'aws_eks_addon') continue;
    const a = attr(d.block.body, 'configuration_values');
    if (!a) continue;
    const text = mod.files.find((f) => f.id === d.file)?.text;
    const clusterExpr = attr(d.block.body, 'cluster_name')?.expr;
    for (const i of mod.instances(`aws_eks_addon.${d.name}`) ?? []) {
      const name = i.value.entries.get('addon_name');
      if (!name || asString(name) !== 'vpc-cni') continue;
      const cluster = clusterOf(clusterExpr, i.value.entries.get('cluster_name'));
      // Instances of one block share its text: the same spans are read once.
      for (const env of addonConfigEnv(d.file, text, a.expr, i.env)) {
        if (!seen.has(env.key) && seen.add(env.key))
          out.awsNode.push(cluster === undefined ? env : { ...env, cluster });
      }
    }
  }
}

/**
 * The aws-vpc-cni Helm chart installed by a `helm_release` (chart `aws-vpc-cni`, from the eks-charts
 * repository or a path ending in it): each entry of `values` read as Helm values, with the same
 * located reading as an add-on configuration. The release names no EKS cluster (the provider does),
 * so its settings are bound to none and reach every cluster, as a values file does. `set` blocks
 * naming `env.X` are read too (helmSetEnv).
 */
export function helmReleaseCni(mod: TfModule, out: NetworkModel): void {
  const seen = new Set(out.awsNode.map((a) => a.key));
  for (const d of mod.decls.values()) {
    if (d.kind !== 'resource' || d.type !== 'helm_release') continue;
    const values = attr(d.block.body, 'values');
    const text = mod.files.find((f) => f.id === d.file)?.text;
    for (const i of mod.instances(`helm_release.${d.name}`) ?? []) {
      const chart = asString(i.value.entries.get('chart') ?? { k: 'null' });
      if (!chart || !/(^|\/)aws-vpc-cni$/.test(chart)) continue;
      const found =
        values?.expr.t === 'tuple'
          ? values.expr.items.flatMap((item) => addonConfigEnv(d.file, text, item, i.env, 'helm-values'))
          : [];
      if (text !== undefined) pushAll(found, helmSetEnv(d.file, text, d.block.body, i.env, d.block.span));
      for (const env of found) if (!seen.has(env.key) && seen.add(env.key)) out.awsNode.push(env);
    }
  }
}

/**
 * The `set` blocks of an aws-vpc-cni helm_release whose name is `env.X` (also the provider v3 form,
 * `set = [{ name = "env.X", value = "..." }]`), read as the Helm values `env: { X: ... }` they make.
 * The name's `X` keeps its span inside the quoted name (a rename edits only it); the synthetic env map
 * has no place to insert into, so it gets no edit handle. A name written with escapes or
 * interpolation is skipped.
 */
function helmSetEnv(fileId: string, text: string, body: Body, env: Env, span: Span): AwsNodeEnv[] {
  const pairs: { name: Expr; value: Expr }[] = [];
  for (const b of body.blocks) {
    const name = attr(b.body, 'name');
    const value = attr(b.body, 'value');
    if (b.type === 'set' && name && value) pairs.push({ name: name.expr, value: value.expr });
  }
  const list = attr(body, 'set')?.expr;
  if (list?.t === 'tuple')
    for (const o of list.items) {
      if (o.t !== 'object') continue;
      const name = o.items.find((i) => i.ident === 'name')?.value;
      const value = o.items.find((i) => i.ident === 'value')?.value;
      if (name && value) pairs.push({ name, value });
    }
  const entries: LMap['entries'] = [];
  const why = new Map<LNode, string>();
  for (const p of pairs) {
    const full =
      p.name.t === 'lit' && typeof p.name.value === 'string'
        ? p.name.value
        : p.name.t === 'tpl' && p.name.parts.every((x) => typeof x === 'string')
          ? p.name.parts.join('')
          : undefined;
    if (full === undefined) continue;
    const m = /^env\.([A-Za-z0-9_]+)$/.exec(full);
    if (!m || text.slice(p.name.span.start, p.name.span.end) !== `"${full}"`) continue;
    const start = p.name.span.start + 5;
    const key = scalar(m[1], m[1], 'plain', { start, end: start + m[1].length });
    entries.push({
      key,
      value: fromExpr(p.value, env, text, why),
      span: { start: p.name.span.start, end: p.value.span.end },
    });
  }
  if (!entries.length) return [];
  const root: LMap = {
    kind: 'map',
    entries: [{ key: scalar('env', 'env', 'plain', span), value: { kind: 'map', entries, flow: true, span }, span }],
    flow: true,
    span,
  };
  const out = awsNodeFromConfigValues({ id: fileId } as SourceFile, root, 'helm-values');
  for (const a of out) {
    delete a.edit;
    unresolve(a, why);
  }
  return out;
}

/**
 * Values computed from something not known at plan time become unresolved. They are found by their
 * span: a literal never shares one with a computed value.
 */
function unresolve(a: AwsNodeEnv, why: Map<LNode, string>): void {
  const whyAt = new Map([...why].map(([n, r]) => [`${n.span.start}:${n.span.end}`, r]));
  for (const v of a.vars) {
    const reason = v.value && whyAt.get(`${v.value.at.span.start}:${v.value.at.span.end}`);
    if (reason && v.value) {
      v.value = unresolved(reason, v.value.at);
      delete v.notString;
      if (v.edit) delete v.edit.value;
    }
  }
}

/**
 * The vpc-cni add-on settings in an add-ons input: an object literal whose `vpc-cni` entry (by key, or
 * by its `name`) has `configuration_values`, read located; otherwise the evaluated map's entry, read
 * with approximate spans (the whole input). Undefined when the input holds no such entry.
 */
export function vpcCniEntryEnv(fileId: string, text: string | undefined, e: Expr, env: Env): AwsNodeEnv[] | undefined {
  const cfg = vpcCniConfigExpr(e, env);
  if (cfg) return addonConfigEnv(fileId, text, cfg, env);
  // Not written as an object literal (`cluster_addons = local.addons`): read the value.
  const v = evaluate(e, env);
  const entry =
    v.k === 'map'
      ? [...v.entries].find(
          ([k, x]) =>
            k === 'vpc-cni' || (x.k === 'map' && asString(x.entries.get('name') ?? { k: 'null' }) === 'vpc-cni'),
        )?.[1]
      : undefined;
  const c = entry?.k === 'map' ? entry.entries.get('configuration_values') : undefined;
  // A literal standing for the computed string is read with approximate spans (the whole input).
  return c?.k === 'string' ? addonConfigEnv(fileId, text, { t: 'lit', value: c.v, span: e.span }, env) : undefined;
}

/** The `configuration_values` expression of the `vpc-cni` entry of an add-ons object literal. */
function vpcCniConfigExpr(e: Expr, env: Env): Expr | undefined {
  if (e.t !== 'object') return undefined;
  for (const item of e.items) {
    if (item.value.t !== 'object') continue;
    const key = item.ident ?? asString(evaluate(item.key, env));
    const nameItem = item.value.items.find((i) => i.ident === 'name');
    const name = nameItem ? asString(evaluate(nameItem.value, env)) : undefined;
    if ((name ?? key) !== 'vpc-cni') continue;
    return item.value.items.find((i) => (i.ident ?? asString(evaluate(i.key, env))) === 'configuration_values')?.value;
  }
  return undefined;
}

/**
 * A module call eksnet cannot follow (neither a local folder nor installed, nor a module it knows):
 * any input whose map has a `vpc-cni` entry carrying `configuration_values` is taken to configure the
 * add-on, as wrapper modules around the eks module do. Which cluster it reaches is not known, so the
 * settings are bound to none. A call whose code is in the workspace is left to that code.
 */
export function moduleCallCni(mod: TfModule, call: Decl, env: Env, out: NetworkModel): void {
  const seen = new Set(out.awsNode.map((a) => a.key));
  const text = mod.files.find((f) => f.id === call.file)?.text;
  for (const a of call.block.body.attributes) {
    if (MODULE_META.has(a.name)) continue;
    for (const x of vpcCniEntryEnv(call.file, text, a.expr, env) ?? [])
      if (!seen.has(x.key) && seen.add(x.key)) out.awsNode.push(x);
  }
}

const MODULE_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

/**
 * Which cluster of the module an add-on's `cluster_name` names: `aws_eks_cluster.x.name` or `.id`
 * (by reference, or by the name it evaluates to when exactly one cluster has that name), or the eks
 * module's `module.x.cluster_name` / `cluster_id` output. Undefined otherwise: a name from a variable
 * may be a cluster declared elsewhere, so the configuration is left unbound rather than guessed.
 */
function addonCluster(
  mod: TfModule,
  keyOf: (address: string) => string,
  eksModules: ReadonlySet<string>,
): (e: Expr | undefined, v: TfValue | undefined) => string | undefined {
  const clusters = [...mod.decls.values()]
    .filter((d) => d.kind === 'resource' && d.type === 'aws_eks_cluster')
    .flatMap((d) => mod.instances(`aws_eks_cluster.${d.name}`) ?? [])
    .map((i) => ({ address: i.address, name: asString(i.value.entries.get('name') ?? { k: 'null' }) }));
  return (e, v) => {
    if (
      e?.t === 'attr' &&
      (e.name === 'cluster_name' || e.name === 'cluster_id') &&
      e.obj.t === 'attr' &&
      e.obj.obj.t === 'var' &&
      e.obj.obj.name === 'module' &&
      eksModules.has(e.obj.name)
    ) {
      return keyOf(`${mod.prefix}module.${e.obj.name}.aws_eks_cluster.this[0]`);
    }
    if (!v) return undefined;
    const byRef = clusters.filter((c) => refs(v).includes(c.address));
    if (byRef.length === 1) return keyOf(byRef[0].address);
    const name = asString(v);
    const byName = name === undefined ? [] : clusters.filter((c) => c.name === name);
    return byName.length === 1 ? keyOf(byName[0].address) : undefined;
  };
}
