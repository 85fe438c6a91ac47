import { nodeAt, scalarValue, type SourceFile } from '../sourceFile';
import type { ExplicitSubnets, IngressClassItem, LoadBalancer, NetworkModel } from '../types';
import { type LNode, type LScalar, entry, get, getPath, isMap, isScalar, isSeq, str } from '../../parsers/tree';
import { known, textValue, unresolved, type Value } from '../located';

/**
 * The Kubernetes side of load balancers: Services of type LoadBalancer, Ingresses, and the
 * IngressClass / IngressClassParams objects that tell which controller serves an Ingress. Values are
 * recorded as written; which controller reconciles an Ingress and which scheme a load balancer gets
 * when none is written are facts (facts/subnetDiscovery.ts).
 *
 * Annotation names are the AWS Load Balancer Controller's
 * (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/,
 * .../guide/ingress/annotations/).
 */
export function loadBalancerFromKubernetes(file: SourceFile, obj: LNode, out: NetworkModel): boolean {
  const kind = str(get(obj, 'kind'));
  const apiVersion = str(get(obj, 'apiVersion')) ?? '';
  if (kind === 'Service' && apiVersion === 'v1') return service(file, obj, out);
  if (kind === 'Ingress' && apiVersion.startsWith('networking.k8s.io/')) return ingress(file, obj, out);
  if (kind === 'Ingress' && apiVersion.startsWith('extensions/')) return ingress(file, obj, out);
  if (kind === 'IngressClass' && apiVersion.startsWith('networking.k8s.io/')) return ingressClass(file, obj, out);
  if (kind === 'IngressClassParams' && apiVersion.startsWith('elbv2.k8s.aws/')) return classParams(file, obj, out);
  return false;
}

const SVC = 'service.beta.kubernetes.io/';
const ALB = 'alb.ingress.kubernetes.io/';
const LBC_CLASS = 'service.k8s.aws/nlb';

function service(file: SourceFile, obj: LNode, out: NetworkModel): boolean {
  const typeNode = getPath(obj, ['spec', 'type']);
  if (str(typeNode) !== 'LoadBalancer') return false;
  const ann = getPath(obj, ['metadata', 'annotations']);
  const lbType = annotation(file, ann, `${SVC}aws-load-balancer-type`);
  const classNode = getPath(obj, ['spec', 'loadBalancerClass']);
  const cls = scalarValue(file, classNode);
  let controller: Value<'lbc' | 'in-tree'> | undefined;
  let inTreeType: LoadBalancer['inTreeType'];
  if (cls?.kind === 'unresolved') controller = cls;
  else if (cls) {
    // Another class is another controller's (EKS Auto Mode's, a third party's): not ours to model.
    if (cls.value !== LBC_CLASS) return false;
    controller = known('lbc', cls.at);
  } else if (lbType?.kind === 'unresolved') controller = lbType;
  else if (lbType && (lbType.value === 'external' || lbType.value === 'nlb-ip')) controller = known('lbc', lbType.at);
  else {
    // No class and no controller annotation: the in-tree controller (`nlb` asks it for an NLB).
    controller = known('in-tree', lbType?.at ?? nodeAt(file, typeNode!));
    inTreeType = lbType?.value === 'nlb' ? 'nlb' : 'clb';
  }
  const targetType =
    annotation(file, ann, `${SVC}aws-load-balancer-nlb-target-type`) ??
    (lbType?.kind === 'known' && lbType.value === 'nlb-ip' ? known('ip', lbType.at) : undefined);
  out.loadBalancers.push({
    ...identity(file, obj, 'service'),
    controller,
    ...(inTreeType ? { inTreeType } : {}),
    ...optional('scheme', annotation(file, ann, `${SVC}aws-load-balancer-scheme`)),
    ...optional('internal', annotation(file, ann, `${SVC}aws-load-balancer-internal`)),
    ...optional('subnets', subnetList(file, ann, `${SVC}aws-load-balancer-subnets`)),
    ...optional('targetType', targetType),
    ...optional('ipAddressType', annotation(file, ann, `${SVC}aws-load-balancer-ip-address-type`)),
  });
  return true;
}

function ingress(file: SourceFile, obj: LNode, out: NetworkModel): boolean {
  const ann = getPath(obj, ['metadata', 'annotations']);
  const byAnnotation = annotation(file, ann, 'kubernetes.io/ingress.class');
  const classNode = getPath(obj, ['spec', 'ingressClassName']);
  const bySpec =
    classNode && str(classNode) !== undefined
      ? textValue(str(classNode)!, { file: file.id, span: classNode.span })
      : undefined;
  // The annotation, deprecated but still honoured, takes precedence over the field.
  const ingressClass: LoadBalancer['ingressClass'] = byAnnotation
    ? { name: byAnnotation, via: 'annotation' }
    : bySpec
      ? { name: bySpec, via: 'spec' }
      : undefined;
  out.loadBalancers.push({
    ...identity(file, obj, 'ingress'),
    ...(ingressClass ? { ingressClass } : {}),
    ...optional('scheme', annotation(file, ann, `${ALB}scheme`)),
    ...optional('subnets', subnetList(file, ann, `${ALB}subnets`)),
    ...optional('targetType', annotation(file, ann, `${ALB}target-type`)),
    ...optional('ipAddressType', annotation(file, ann, `${ALB}ip-address-type`)),
  });
  return true;
}

function ingressClass(file: SourceFile, obj: LNode, out: NetworkModel): boolean {
  const spec = get(obj, 'spec');
  const params = get(spec, 'parameters');
  const paramsName =
    str(get(params, 'kind')) === 'IngressClassParams' ? scalarValue(file, get(params, 'name')) : undefined;
  const isDefault = str(getPath(obj, ['metadata', 'annotations', 'ingressclass.kubernetes.io/is-default-class']));
  out.ingressClasses.push({
    ...classIdentity(file, obj, 'IngressClass'),
    ...optional('controller', scalarValue(file, get(spec, 'controller'))),
    ...optional('params', paramsName),
    ...(isDefault === 'true' ? { isDefault: true } : {}),
  });
  return true;
}

function classParams(file: SourceFile, obj: LNode, out: NetworkModel): boolean {
  const spec = get(obj, 'spec');
  const subnets = get(spec, 'subnets');
  const ids = get(subnets, 'ids');
  const tags = get(subnets, 'tags');
  const item: IngressClassItem = {
    ...classIdentity(file, obj, 'IngressClassParams'),
    ...optional('scheme', scalarValue(file, get(spec, 'scheme'))),
    ...optional('ipAddressType', scalarValue(file, get(spec, 'ipAddressType'))),
  };
  if (isSeq(ids))
    item.subnetIds = ids.items.map((n) => scalarValue(file, n) ?? unresolved('not a string', nodeAt(file, n)));
  if (isMap(tags)) {
    item.subnetTags = {};
    for (const e of tags.entries) {
      const vs = isSeq(e.value) ? e.value.items : [e.value];
      item.subnetTags[String(e.key.value)] = vs.map(
        (n) => scalarValue(file, n) ?? unresolved('not a string', nodeAt(file, n)),
      );
    }
  }
  out.ingressClasses.push(item);
  return true;
}

function identity(file: SourceFile, obj: LNode, object: LoadBalancer['object']) {
  const nameNode = getPath(obj, ['metadata', 'name']);
  const name = str(nameNode) ?? '';
  const namespace = str(getPath(obj, ['metadata', 'namespace']));
  return {
    key: `${file.id}#${object}/${namespace ?? ''}/${name}@${obj.span.start}`,
    name,
    at: nodeAt(file, obj),
    source: 'kubernetes' as const,
    object,
    ...(nameNode ? { nameAt: nodeAt(file, nameNode) } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

function classIdentity(file: SourceFile, obj: LNode, kind: IngressClassItem['kind']) {
  const nameNode = getPath(obj, ['metadata', 'name']);
  const name = str(nameNode) ?? '';
  return {
    key: `${file.id}#${kind}/${name}@${obj.span.start}`,
    name,
    at: nodeAt(file, obj),
    source: 'kubernetes' as const,
    kind,
    ...(nameNode ? { nameAt: nodeAt(file, nameNode) } : {}),
  };
}

function optional<K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, V>);
}

function annotation(file: SourceFile, ann: LNode | undefined, key: string): Value<string> | undefined {
  return scalarValue(file, entry(ann, key)?.value);
}

/**
 * A stringList annotation (`subnet-a, subnet-b` or Name tags) with each entry located on its own
 * characters, so a finding can sit on the entry it is about. Exact offsets need the text as written:
 * a plain scalar, or a quoted one without escapes; otherwise each entry points at the whole value.
 */
function subnetList(file: SourceFile, ann: LNode | undefined, key: string): ExplicitSubnets | undefined {
  const n = entry(ann, key)?.value;
  const v = scalarValue(file, n);
  if (!n || !v || !isScalar(n)) return undefined;
  const text = n.source;
  const base = textStart(n);
  const entries: Value<string>[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    const lead = part.length - part.trimStart().length;
    const trimmed = part.trim();
    if (trimmed) {
      const span =
        base === undefined ? n.span : { start: base + offset + lead, end: base + offset + lead + trimmed.length };
      entries.push(textValue(trimmed, { file: file.id, span }));
    }
    offset += part.length + 1;
  }
  return { value: v, entries };
}

/** Where a scalar's text starts in the file, when its characters are the text as written. */
function textStart(n: LScalar): number | undefined {
  const length = n.span.end - n.span.start;
  if (n.style === 'plain' && length >= n.source.length) return n.span.start;
  if ((n.style === 'single' || n.style === 'double') && length >= n.source.length + 2 && !/['"\\]/.test(n.source))
    return n.span.start + 1;
  return undefined;
}
