import type { Builder } from '../builder';
import type { SourceFile } from '../../sourceFile';
import { emptyModel, mergeInto, type Existence, type ModelItem, type NetworkModel } from '../../types';
import { conditionScenarios } from '../../../evaluators/cloudformation/scenarios';
import { keyOf } from './resourceItem';
import { type LNode, isSeq, get, str, isScalar } from '../../../parsers/tree';
import { parseRuleList } from '../../../base/suppressions';
import { recognizeTemplate, type CfnTemplate } from '../../../evaluators/cloudformation/template';
import { memoOn } from '../../../base/memo';
import type { CfnEvaluation } from '../../sourceFile';
import { buildNetwork } from './network';
import { buildEks, buildAddons } from './eks';
import { buildSecurity } from './security';
import { evaluateTemplate, type TemplateParameters } from '../../evaluation/cloudformation';

/**
 * CloudFormation templates (YAML with short-form tags, or JSON), whatever the file is called.
 * Values are evaluated statically (see evaluate.ts); resources become VPCs, subnets, clusters and
 * node groups named by logical id. `Metadata: {eksnet-disable: [...]}` on a resource silences rules
 * inside it, and on the template, in the whole file.
 */
export const cloudformationBuilder: Builder = {
  name: 'cloudformation',
  document(file, doc) {
    const template = recognizeTemplate(doc.root);
    if (!template) return false;
    // Values depend on the parameters file, which only the whole workspace shows: the template is
    // recorded here and evaluated in `refine`, through the CloudFormation evaluator service.
    file.cloudformation ??= { templates: [], evaluations: new Map() };
    file.cloudformation.templates.push(template);
    addSuppressions(file, template);
    return true;
  },
  built(file) {
    // The fragment with no parameters file, the usual case, made while the tree is held.
    if (!file.has('cloudformation')) return;
    const fragment = templatesFragment(file, (t) => evaluateTemplate(t, undefined));
    if (fragment) refinedBy(file).set('', fragment);
  },
  refine(file, ctx) {
    // Asked of every file: `has` answers without making a dropped tree again (engine/residency.ts).
    if (!file.has('cloudformation')) return undefined;
    // The fragment depends on the file and its parameters file only: kept on the SourceFile by the
    // parameters file's id and text, so an analysis reads the template only when those change.
    const key = paramsKey(ctx.evaluators.cloudformation.parameters(ctx, file));
    const kept = refinedBy(file);
    const hit = kept.get(key);
    if (hit) return hit;
    const fragment = templatesFragment(file, (t) => ctx.evaluators.cloudformation.evaluation(ctx, file, t));
    if (!fragment) return undefined;
    // The fragment without parameters stays (the parameters file may go again); of the others,
    // only the current one.
    for (const k of kept.keys()) if (k !== '') kept.delete(k);
    kept.set(key, fragment);
    return fragment;
  },
  inputs(file, ctx) {
    const id = file.has('cloudformation') ? ctx.evaluators.cloudformation.parameters(ctx, file)?.id : undefined;
    return id === undefined ? [] : [id];
  },
};

const REFINED = Symbol('cloudformation fragments by parameters');

function refinedBy(file: SourceFile): Map<string, NetworkModel> {
  return memoOn(file, REFINED, () => new Map<string, NetworkModel>());
}

function paramsKey(p: TemplateParameters | undefined): string {
  return p ? `${p.id}\n${p.text}` : '';
}

/** The file's templates, each with the evaluation `evaluationOf` gives it, as one fragment. */
function templatesFragment(
  file: SourceFile,
  evaluationOf: (t: CfnTemplate) => CfnEvaluation,
): NetworkModel | undefined {
  const templates = file.cloudformation?.templates;
  if (!templates?.length) return undefined;
  const fragments = templates.map((t) => buildTemplate(file, evaluationOf(t)));
  if (fragments.length === 1) return fragments[0];
  const out = emptyModel();
  for (const f of fragments) mergeInto(out, f);
  return out;
}

function buildTemplate(file: SourceFile, { template: t, evaluator: ev }: CfnEvaluation): NetworkModel {
  const out = emptyModel();
  // Conditions are read over every deployment the parameters allow, not the defaults: a resource no
  // scenario creates is dropped, one that only some create carries them (ModelItem.exists), so rules
  // compare two resources only when some deployment has both.
  const scenarios = t.conditions.size ? conditionScenarios(t, ev.overrides) : undefined;
  const space = `${file.id}#${file.cloudformation?.templates.indexOf(t) ?? 0}`;
  const existence = new Map<string, Existence>();
  const resources = [...t.resources.values()].filter((r) => {
    if (!r.condition) return true;
    if (!scenarios) return ev.condition(r.condition) !== false;
    const holds = scenarios.holds(r.condition);
    if (holds.length && holds.length < scenarios.count)
      existence.set(keyOf(file, r.logicalId), { space, of: scenarios.count, scenarios: holds, when: [r.condition] });
    return holds.length > 0;
  });
  const net = buildNetwork(file, ev, resources, out);
  buildEks(file, ev, resources, net, out);
  buildAddons(file, ev, resources, out);
  buildSecurity(file, ev, resources, net, out, (id) => existence.get(keyOf(file, id))?.when.join(', '));
  if (existence.size) {
    const items: ModelItem[][] = [
      out.vpcs,
      out.subnets,
      out.clusters,
      out.nodeGroups,
      out.eniConfigs,
      out.securityGroups,
      out.networkAcls,
      out.dhcpOptions,
    ];
    for (const list of items)
      for (const i of list) {
        const e = existence.get(i.key);
        if (e) i.exists = e;
      }
  }
  return out;
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
