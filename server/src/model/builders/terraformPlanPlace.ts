import type { SourceFile } from '../sourceFile';
import type { Span } from '../../base/span';
import type { NetworkModel } from '../types';
import { attr, type Block } from '../../parsers/hclAst';
import { isMap } from '../../parsers/tree';
import { isInstalled, isTf } from '../evaluation/terraformFolders';
import type { PlanResource } from './terraformPlanRefs';

/**
 * Where a plan's findings land when the workspace holds the configuration the plan was made from
 * somewhere else than the plan's folder: a root-module resource of the plan whose address
 * (`aws_subnet.private[1]` → `aws_subnet.private`) names exactly one `resource` block among the
 * workspace's .tf / .tf.json files (outside `.terraform/`) is placed at that block. The item's
 * position becomes the block, and a value's position the argument it comes from when the block
 * writes it (`tags_all` is the block's `tags`), else the block. The values stay the plan's, all
 * known. Resources of child modules stay in the plan file: their block is in a module folder that
 * several calls (or none in the workspace, for a registry module) may share, so no one block is
 * theirs. An address two folders declare is ambiguous and stays in the plan too. No fix is added:
 * the plan's values are not what the block writes.
 */
export function tfResourceBlocks(
  files: ReadonlyMap<string, SourceFile>,
): Map<string, { file: string; block: Block }[]> {
  const out = new Map<string, { file: string; block: Block }[]>();
  for (const f of files.values()) {
    if (!isTf(f) || isInstalled(f.id)) continue;
    for (const b of f.hcl!.body.blocks) {
      if (b.type !== 'resource' || b.labels.length < 2) continue;
      const address = `${b.labels[0].value}.${b.labels[1].value}`;
      const list = out.get(address) ?? [];
      if (!list.length) out.set(address, list);
      list.push({ file: f.id, block: b });
    }
  }
  return out;
}

/** Moves the model's positions in `planFile` onto matching .tf blocks; returns whether any moved. */
export function placeAtTf(
  model: NetworkModel,
  planFile: string,
  resources: PlanResource[],
  blocks: Map<string, { file: string; block: Block }[]>,
): boolean {
  const matched: { r: PlanResource; file: string; block: Block }[] = [];
  for (const r of resources) {
    if (r.module !== '' || r.mode !== 'managed') continue;
    const found = blocks.get(`${r.type}.${r.name}`);
    if (found?.length === 1) matched.push({ r, ...found[0] });
  }
  if (!matched.length) return false;
  const within = (s: Span, outer: Span) => s.start >= outer.start && s.end <= outer.end;
  const place = (span: Span): { file: string; span: Span } | undefined => {
    const m = matched.find((x) => within(span, x.r.node.span));
    if (!m) return undefined;
    const values = m.r.values;
    const e = isMap(values) ? values.entries.find((x) => within(span, x.span)) : undefined;
    const name = e && String(e.key.value);
    const a = name ? attr(m.block.body, name === 'tags_all' ? 'tags' : name) : undefined;
    return { file: m.file, span: a ? a.expr.span : m.block.span };
  };
  const seen = new Set<object>();
  const walk = (o: unknown): void => {
    if (!o || typeof o !== 'object' || seen.has(o)) return;
    seen.add(o);
    if (Array.isArray(o)) {
      for (const x of o) walk(x);
      return;
    }
    const rec = o as { file?: unknown; span?: Span };
    if (rec.file === planFile && rec.span && typeof rec.span.start === 'number') {
      const to = place(rec.span);
      if (to) {
        rec.file = to.file;
        rec.span = to.span;
      }
      return;
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(model);
  return true;
}
