import type { Span } from '../base/span';
import type { SourceFile } from '../model/sourceFile';
import type { NetworkModel } from '../model/types';
import { nodeAt, get, str, isMap, isSeq, isScalar, type LNode } from '../parsers/tree';
import { allInstanceTypes, getInstanceType, supportsPrefixDelegation } from '../catalog/instances';
import { cniMode } from '../facts/cni/mode';
import { podCapacity } from '../facts/cni/capacity';
import { hclInstanceTypeSpan } from './completionHcl';
import { cidrCompletion } from './completionCidr';
import type { EditorFeature } from './provider';
import { minOf } from '../base/arrays';

export interface CompletionItem {
  label: string;
  /** One line shown beside the label: "29 max pods, 3 ENIs x 10 IPs". */
  detail?: string;
  /** Markdown. */
  documentation?: string;
}

export interface CompletionResult {
  items: CompletionItem[];
  /** The text the chosen item replaces (the value typed so far, quotes excluded). */
  span: Span;
}

/** Fields whose value is one instance type, or a list of them (eksctl, CloudFormation YAML). */
const TYPE_FIELDS = new Set(['instanceType', 'instanceTypes', 'InstanceType', 'InstanceTypes']);
const TYPE_LABELS = new Set(['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type']);

/** Completion items at an offset (free blocks in a subnet CIDR, instance types where expected), or undefined. */
export const completionFeature: EditorFeature<{ offset: number }, CompletionResult | undefined> = {
  id: 'completion',
  run: (ctx, { offset }) => completionsAt(ctx.file, offset, ctx.model),
};

/**
 * Completion where an instance type is expected, decided from the located tree at the offset: the
 * value of an instance-type field, an item of an instance-type list, a node-selector value for the
 * instance-type label, or an item of `values` next to `key: node.kubernetes.io/instance-type`. An
 * empty value being typed (`instanceType: `) parses as an empty scalar at the cursor, so it counts.
 */
export function completionsAt(file: SourceFile, offset: number, model: NetworkModel): CompletionResult | undefined {
  const cidr = cidrCompletion(file, offset, model);
  if (cidr) return cidr;
  // A .tf.json file is converted into the same AST, with its strings' spans in the JSON text.
  if (file.syntax === 'hcl' || file.syntax === 'hcl-json') {
    const hclSpan = hclInstanceTypeSpan(file, offset);
    return hclSpan ? { items: instanceTypeItems(model, clusterAt(model, file.id, offset)), span: hclSpan } : undefined;
  }
  const doc = file.yaml?.documents.find((d) => d.root && offset >= d.span.start && offset <= d.span.end);
  if (!doc?.root) return undefined;
  const path = nodeAt(doc.root, offset);
  const leaf = path[path.length - 1];
  let span: Span;
  if (isScalar(leaf) && path.length >= 2 && expectsInstanceType(path)) {
    const quoted = leaf.style === 'single' || leaf.style === 'double';
    span = quoted ? { start: leaf.span.start + 1, end: Math.max(leaf.span.start + 1, leaf.span.end - 1) } : leaf.span;
  } else if (isSeq(leaf) && leaf.flow && path.length >= 2 && listOfInstanceTypes(leaf, path[path.length - 2])) {
    // `[|]` or `[m5.large, |]`: a new item is being typed where the flow list has none yet.
    span = { start: offset, end: offset };
  } else return undefined;
  return { items: instanceTypeItems(model, clusterAt(model, file.id, offset)), span };
}

/**
 * The cluster of the node group being edited: the innermost node group declared around the offset,
 * when the node groups declared there agree on one cluster. Elsewhere (a node selector, a launch
 * template) undefined, so completion shows the workspace's mode.
 */
function clusterAt(model: NetworkModel, fileId: string, offset: number): string | undefined {
  const around = model.nodeGroups.filter(
    (g) => g.at.file === fileId && g.at.span.start <= offset && offset <= g.at.span.end,
  );
  if (!around.length) return undefined;
  const size = (g: (typeof around)[number]) => g.at.span.end - g.at.span.start;
  const smallest = minOf(around.map(size));
  const clusters = new Set(around.filter((g) => size(g) === smallest).map((g) => g.cluster));
  return clusters.size === 1 ? [...clusters][0] : undefined;
}

/**
 * Every known instance type, with max pods in the CNI mode of the cluster (or, without one, the
 * workspace) as the detail.
 */
function instanceTypeItems(model: NetworkModel, cluster: string | undefined): CompletionItem[] {
  const mode = cniMode(model, cluster);
  return allInstanceTypes().map((name): CompletionItem => {
    const info = getInstanceType(name)!;
    const pods = podCapacity(info, mode, 'unspecified').maxPods;
    return {
      label: name,
      detail: `${pods} max pods, ${info.maxEnis} ENIs x ${info.ipv4PerEni} IPs`,
      documentation: `${info.hypervisor === 'nitro' ? 'Nitro' : info.bareMetal ? 'Bare metal' : 'Not Nitro'}${info.vcpus !== null ? `, ${info.vcpus} vCPUs` : ''}; prefix delegation ${supportsPrefixDelegation(info) ? 'supported' : 'not supported'}; security groups for pods ${info.trunking ? 'supported' : 'not supported'}.`,
    };
  });
}

function expectsInstanceType(path: LNode[]): boolean {
  const leaf = path[path.length - 1];
  const parent = path[path.length - 2];
  if (isMap(parent)) {
    const e = parent.entries.find((x) => x.value === leaf);
    if (!e) return false; // The cursor is on a key.
    const key = str(e.key) ?? '';
    return TYPE_FIELDS.has(key) || TYPE_LABELS.has(key);
  }
  return isSeq(parent) && path.length >= 3 && listOfInstanceTypes(parent, path[path.length - 3]);
}

/** True when the list is the value of an instance-type field, or `values` beside an instance-type label key. */
function listOfInstanceTypes(list: LNode, owner: LNode): boolean {
  if (!isMap(owner)) return false;
  const e = owner.entries.find((x) => x.value === list);
  const key = str(e?.key) ?? '';
  if (TYPE_FIELDS.has(key)) return true;
  return key === 'values' && TYPE_LABELS.has(str(get(owner, 'key')) ?? '');
}
