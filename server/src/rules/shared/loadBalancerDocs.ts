import type { LoadBalancer, NetworkModel } from '../../model/types';
import type { FileSpan } from '../../base/span';
import { modelIndex } from '../../model/lookup';

/**
 * The controller facts both load-balancer rules rely on, with their sources, for the rules' docs.
 * The facts themselves, as code, live in facts/loadBalancer.ts and facts/subnetDiscovery.ts.
 */
export const LB_RATIONALE_FACTS = [
  '**What the AWS Load Balancer Controller does** (subnet discovery, https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/):',
  '',
  "- Candidates are the subnets of the cluster's VPC that carry the role tag of the scheme: `kubernetes.io/role/elb` for internet-facing, `kubernetes.io/role/internal-elb` for internal, with value `1` or empty. Tag filters in IngressClassParams (`spec.subnets.tags`) replace the role tag.",
  '- Only when no subnet carries that role tag, v2.12.1 and later take the subnets whose reachability matches the scheme (public for internet-facing, private for internal); older versions find none.',
  '- Subnets with fewer than eight available addresses are dropped, and one subnet per availability zone is kept (the first subnet id in lexicographic order).',
  "- The controller also leaves out a subnet that carries a `kubernetes.io/cluster/<name>` tag for another cluster only (unless the `SubnetsClusterTagCheck` feature gate is off, v2.4.2+; https://kubernetes-sigs.github.io/aws-load-balancer-controller/v2.6/deploy/subnet_discovery/). eksnet does not apply this filter, because the cluster's name as AWS knows it is not always written in the workspace: it may count a zone the controller would not, and so stays silent rather than report wrongly.",
  '- An ALB needs subnets in at least two zones (one only with the `ALBSingleSubnet` feature gate, v2.8+); an NLB needs one.',
  '- Explicit subnets (`alb.ingress.kubernetes.io/subnets`, `service.beta.kubernetes.io/aws-load-balancer-subnets`, IngressClassParams `spec.subnets.ids`) bypass discovery; entries are subnet ids or Name tags (Service annotations: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/, Ingress annotations: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/).',
  '- The scheme defaults to `internal` for the controller\'s Services (since v2.2.0, "secure by default", https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/) and Ingresses (`alb.ingress.kubernetes.io/scheme`, default `internal`); a Service\'s deprecated `aws-load-balancer-internal` boolean is read when no scheme is set. IngressClassParams `spec.scheme` and `spec.subnets` apply to every Ingress of the class (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/ingress_class/).',
  "- The controller reconciles Services annotated `service.beta.kubernetes.io/aws-load-balancer-type: external` (or the legacy `nlb-ip`) or with `spec.loadBalancerClass: service.k8s.aws/nlb`, and Ingresses of class `alb` (the `kubernetes.io/ingress.class` annotation, or an IngressClass whose controller is `ingress.k8s.aws/alb`; an `ingressClassName: alb` the workspace does not declare is taken to be the class the controller's Helm chart creates).",
  "- A Service of type `LoadBalancer` without the controller's annotation or class is the in-tree cloud provider's: a Classic ELB (an NLB with `aws-load-balancer-type: nlb`), internet-facing unless `service.beta.kubernetes.io/aws-load-balancer-internal` is set to anything but `false` (https://github.com/kubernetes/website/issues/15771). Its subnet discovery differs from the controller's and is not judged. Where the controller's Service webhook is on (v2.5+), it sets `loadBalancerClass: service.k8s.aws/nlb` on new Services itself; a manifest does not show that, so such Services are read as in-tree and left alone.",
].join('\n');

export const LB_REFERENCES = [
  'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/subnet_discovery/',
  'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/',
  'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/',
  'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/ingress_class/',
  'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/',
];

/** "Service web" / "Ingress web", as the messages name the object. */
export function lbLabel(lb: LoadBalancer): { object: string; name: string } {
  return { object: lb.object === 'service' ? 'Service' : 'Ingress', name: lb.name };
}

/** "at least one availability zone", "at least two availability zones". */
export function zoneCount(n: number): string {
  return n === 1 ? 'at least one availability zone' : `at least ${n === 2 ? 'two' : n} availability zones`;
}

/**
 * Related information saying why the manifest was judged against this cluster, when cluster scope
 * had to choose (several clusters in the workspace): the folder or the setting that tied it.
 */
export function scopeNote(lb: LoadBalancer, model: NetworkModel): { at: FileSpan; message: string }[] {
  const cluster = modelIndex(model).cluster(lb.cluster);
  if (!cluster || !lb.scope) return [];
  return [{ at: cluster.nameAt ?? cluster.at, message: `judged against cluster ${cluster.name}: ${lb.scope}` }];
}
