import type { Builder } from '../builder';
import type { SourceFile } from '../../sourceFile';
import { emptyModel, type NetworkModel } from '../../types';
import { type LNode, isSeq, get, str, isScalar } from '../../../parsers/tree';
import { parseRuleList } from '../../../base/suppressions';
import { recognizeTemplate, type CfnTemplate } from '../../../evaluators/cloudformation/template';
import { Evaluator } from '../../../evaluators/cloudformation/evaluate';
import { buildNetwork } from './network';
import { buildEks, buildAddons } from './eks';
import { findParameterFile } from './parameters';

const EXTRA = 'cloudformation';

interface Cached {
  template: CfnTemplate;
  /** The fragment with parameter defaults; `withFile` caches the one for a parameters file's text. */
  withFile?: { id: string; text: string; fragment: NetworkModel };
}

/**
 * CloudFormation templates (YAML with short-form tags, or JSON), whatever the file is called.
 * Values are evaluated statically (see evaluate.ts); resources become VPCs, subnets, clusters and
 * node groups named by logical id. `Metadata: {eksnet-disable: [...]}` on a resource silences rules
 * inside it, and on the template, in the whole file.
 */
export const cloudformationBuilder: Builder = {
  name: 'cloudformation',
  document(file, doc, out) {
    const template = recognizeTemplate(doc.root);
    if (!template) return false;
    file.extra.set(EXTRA, { template } satisfies Cached);
    addSuppressions(file, template);
    buildTemplate(file, template, new Map(), out);
    return true;
  },
  refine(file, files, settings) {
    const cached = file.extra.get(EXTRA) as Cached | undefined;
    if (!cached) return undefined;
    // The fragment is cached by the parameters file's id and text, so a setting that picks another file rebuilds it.
    const params = findParameterFile(file.id, files, settings?.cloudFormationParameterFiles);
    if (!params) return undefined;
    const text = files.get(params.id)?.text ?? '';
    if (cached.withFile?.id !== params.id || cached.withFile.text !== text) {
      const fragment = emptyModel();
      buildTemplate(file, cached.template, params.values, fragment);
      cached.withFile = { id: params.id, text, fragment };
    }
    return cached.withFile.fragment;
  },
};

function buildTemplate(
  file: SourceFile,
  t: CfnTemplate,
  overrides: ReadonlyMap<string, string>,
  out: NetworkModel,
): void {
  const ev = new Evaluator(t, overrides);
  // A resource whose condition is statically false is never created; an unknown condition keeps it.
  const resources = [...t.resources.values()].filter((r) => !r.condition || ev.condition(r.condition) !== false);
  const net = buildNetwork(file, ev, resources, out);
  buildEks(file, ev, resources, net, out);
  buildAddons(file, ev, resources, out);
}

function addSuppressions(file: SourceFile, t: CfnTemplate): void {
  const rules = (meta: LNode | undefined): Set<string> | undefined => {
    const v = get(meta, 'eksnet-disable');
    if (!v) return undefined;
    if (isSeq(v)) return new Set(v.items.map((i) => str(i) ?? '').filter((s) => /^[a-z0-9-]+$/.test(s)));
    return parseRuleList(isScalar(v) ? (str(v) ?? '') : '');
  };
  const top = rules(get(t.root, 'Metadata'));
  if (top) file.suppressions.push({ span: { start: 0, end: file.text.length }, rules: top });
  for (const r of t.resources.values()) {
    const set = rules(get(r.node, 'Metadata'));
    if (set) file.suppressions.push({ span: r.entry.span, rules: set });
  }
}
