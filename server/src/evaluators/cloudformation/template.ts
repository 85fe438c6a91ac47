import { type LNode, type LMap, type LEntry, isMap, isScalar, get, str, withoutTag } from '../../parsers/tree';

/** One resource of a template, with the located nodes the model and fixes need. */
export interface CfnResource {
  logicalId: string;
  type: string;
  /** `LogicalId: {...}`, from the key to the end of the block. */
  entry: LEntry;
  node: LMap;
  properties?: LMap;
  /** The resource's `Condition` attribute, if any. */
  condition?: string;
}

export interface CfnTemplate {
  root: LMap;
  parameters: Map<string, LMap>;
  mappings?: LNode;
  conditions: Map<string, LNode>;
  resources: Map<string, CfnResource>;
}

/**
 * A document is a template when it declares `AWSTemplateFormatVersion`, or has a `Resources` map
 * whose entries have `AWS::` types; file names do not matter (.yaml, .json, .template, anything).
 */
export function recognizeTemplate(root: LNode | null): CfnTemplate | undefined {
  if (!isMap(root)) return undefined;
  const resourcesNode = get(root, 'Resources');
  const declared = isScalar(get(root, 'AWSTemplateFormatVersion'));
  const resources = new Map<string, CfnResource>();
  let awsTyped = false;
  if (isMap(resourcesNode)) {
    for (const e of resourcesNode.entries) {
      if (!isMap(e.value)) continue;
      const type = str(get(e.value, 'Type')) ?? '';
      if (type.startsWith('AWS::')) awsTyped = true;
      const props = get(e.value, 'Properties');
      const condition = str(get(e.value, 'Condition'));
      resources.set(String(e.key.value), {
        logicalId: String(e.key.value),
        type,
        entry: e,
        node: e.value,
        ...(isMap(props) ? { properties: props } : {}),
        ...(condition ? { condition } : {}),
      });
    }
  }
  if (!declared && !awsTyped) return undefined;
  const parameters = new Map<string, LMap>();
  const paramsNode = get(root, 'Parameters');
  if (isMap(paramsNode))
    for (const e of paramsNode.entries) if (isMap(e.value)) parameters.set(String(e.key.value), e.value);
  const conditions = new Map<string, LNode>();
  const condNode = get(root, 'Conditions');
  if (isMap(condNode)) for (const e of condNode.entries) conditions.set(String(e.key.value), e.value);
  const mappings = get(root, 'Mappings');
  return { root, parameters, conditions, resources, ...(mappings ? { mappings } : {}) };
}

/**
 * An intrinsic function call: the short form (`!Sub x`, the tag on the node) or the long form (a
 * map with the single key `Fn::Sub`, `Ref` or `Condition`). `arg` is what the function receives;
 * for the short form it is the tagged node itself, read without its tag.
 */
export interface FnCall {
  name: string;
  arg: LNode;
  node: LNode;
}

export function fnCall(n: LNode): FnCall | undefined {
  if (n.tag) {
    const t = n.tag.slice(1);
    const name = t === 'Ref' || t === 'Condition' ? t : `Fn::${t}`;
    return { name, arg: withoutTag(n), node: n };
  }
  if (isMap(n) && n.entries.length === 1) {
    const k = String(n.entries[0].key.value);
    if (k === 'Ref' || k === 'Condition' || k.startsWith('Fn::')) return { name: k, arg: n.entries[0].value, node: n };
  }
  return undefined;
}
