import { defineRule } from './defineRule';
import { modeLookup } from '../facts/cni/scope';
import { modeResolved } from '../facts/cni/capacity';
import { pushAll } from '../base/arrays';
import { groupNodes, nodeDemand } from '../facts/cni/ipDemand';
import { awsUsable } from '../base/cidr';
import { cidrValue } from '../model/cidrValues';
import { isKnown, type Known } from '../model/located';
import type { NodeGroup, Subnet } from '../model/types';

export default defineRule({
  id: 'subnet-ip-exhaustion',
  defaultSeverity: 'warning',
  category: 'capacity',
  scope: 'network',
  reads: ['subnets', 'clusters', 'nodeGroups', 'awsNode'],
  summary:
    'Node groups at their maximum size, with their pods and the warm pool, need more addresses than their subnets have.',
  rationale: [
    'Every pod that is not on the host network takes an address from the subnet of the ENI it runs on, and ipamd also keeps a **warm pool** of unused addresses on every node so new pods start fast. When a node group scales out and the subnets run dry, ipamd cannot attach ENIs or assign IPs (`InsufficientFreeAddressesInSubnet`), and new pods stay in `ContainerCreating` with "failed to assign an IP address to container", often only under load, long after the config was reviewed.',
    '',
    "For the node groups that share subnets, eksnet adds up, at each group's maximum size (`maxSize`, else its desired size): nodes x (pods per node + warm pool per node), where",
    '',
    "- pods per node is the kubelet's max pods (declared, or the default the bootstrap computes), but never more than the instance type can address in the configured CNI mode;",
    '- the warm pool is `WARM_IP_TARGET` when set; nothing beyond the floor when only `MINIMUM_IP_TARGET` is set; `WARM_PREFIX_TARGET` x 16 with prefix delegation; otherwise `WARM_ENI_TARGET` (default 1) whole ENIs, i.e. `WARM_ENI_TARGET` x (IPv4 per ENI - 1);',
    '- with prefix delegation the sum is rounded up to whole /28 prefixes, and a node never takes more than all its ENI slots (ENIs x IPv4 per ENI, or ENIs x (IPv4 per ENI - 1) x 16 with prefixes).',
    '',
    'That total is compared with the usable addresses of the subnets: 2^(32 - prefix) - 5, because AWS reserves five addresses in every subnet. It is an estimate of the worst case, from the largest instance type of each group; addresses taken by load balancers, endpoints or other ENIs in the same subnets only make it worse. A node group whose subnet list is only partly known (an element or a part of the list known only after apply) is not checked, nor are the groups it shares subnets with. With custom networking pods use the ENIConfig subnets, so node groups of a cluster with custom networking on, and the node groups that share subnets with them, are not checked. Each node group is counted in the CNI mode of its own cluster: a vpc-cni add-on configuration applies only to the cluster it belongs to.',
    '',
    '### Worked example',
    '',
    'A self-managed eksctl node group of `m5.large` with `maxSize: 10` in two private subnets, `10.0.0.0/26` and `10.0.0.64/26`, and no aws-node configuration in the workspace (CNI defaults: secondary IPs, `WARM_ENI_TARGET=1`):',
    '',
    '1. An m5.large has 3 ENIs x 10 IPv4 addresses. Its default max pods is 3 x (10 - 1) + 2 = 29.',
    '2. The warm pool is one whole ENI: 1 x (10 - 1) = 9 addresses, so a full node wants 29 + 9 = 38, but it cannot hold more than its 3 x 10 = 30 ENI addresses: 30 per node.',
    '3. Ten nodes: 10 x 30 = 300 addresses.',
    '4. Each /26 has 64 - 5 = 59 usable addresses: 118 in total.',
    "5. 300 > 118: the group runs out of addresses at about four nodes. Use larger subnets (two /23s give 1,014), add subnets, or lower `maxSize`; `WARM_IP_TARGET` with `MINIMUM_IP_TARGET` shrinks the warm pool but not the pods' own addresses.",
  ].join('\n'),
  messages: {
    exhausted:
      'At maximum size these node groups need {{need}} addresses ({{terms}}), but their subnets have {{usable}} usable ({{subnets}}).',
  },
  references: [
    'https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/eni-and-ip-target.md',
    'https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html',
    'https://docs.aws.amazon.com/eks/latest/best-practices/ip-opt.html',
  ],
  sources: ['eksctl', 'cloudformation', 'terraform'],
  check(ctx) {
    const modeOf = modeLookup(ctx.model);
    const subnets = new Map(ctx.model.subnets.map((s) => [s.key, s]));
    for (const group of components(ctx.model.nodeGroups.filter((g) => g.subnets.length > 0))) {
      // With custom networking pods take addresses from the ENIConfig subnets, not the node subnets,
      // so the node subnets' demand is not known; nor is it when a cluster's mode is not known.
      if (group.some((g) => !modeResolved(modeOf(g.cluster)) || modeOf(g.cluster).customNetworking.value)) continue;
      // Subnets not known would add addresses: the supply of a partly known list is not known.
      if (group.some((g) => g.subnetsIncomplete)) continue;
      const subnetKeys = [...new Set(group.flatMap((g) => g.subnets))];
      const usable: { s: Subnet; cidr: Known<string>; n: bigint }[] = [];
      for (const key of subnetKeys) {
        const s = subnets.get(key);
        if (!s || !isKnown(s.cidr)) break;
        const parsed = cidrValue(s.cidr, 4);
        if (!parsed) break;
        usable.push({ s, cidr: s.cidr, n: awsUsable(parsed.cidr) });
      }
      if (usable.length !== subnetKeys.length) continue;
      const terms: string[] = [];
      let need = 0;
      let complete = true;
      for (const g of group) {
        const nodes = groupNodes(g);
        const d = nodeDemand(g, modeOf(g.cluster));
        if (nodes === undefined || !d) {
          complete = false;
          break;
        }
        need += nodes * d.perNode;
        terms.push(`\`${g.name}\`: ${nodes} ${d.type.name} nodes x ${d.perNode} [${d.explain}] = ${nodes * d.perNode}`);
      }
      const total = usable.reduce((a, u) => a + u.n, 0n);
      if (!complete || BigInt(need) <= total) continue;
      const first = group[0];
      ctx.report({
        at: isKnown(first.maxSize) ? first.maxSize.at : first.at,
        messageId: 'exhausted',
        data: {
          need,
          terms: terms.join('; '),
          usable: total.toString(),
          subnets: usable.map((u) => `${u.s.name} ${u.cidr.value}: ${u.n}`).join(', '),
        },
        related: usable.map((u) => ({ at: u.cidr.at, message: `${u.s.name}: ${u.n} usable addresses` })),
      });
    }
  },
});

/**
 * Node groups that share a subnet compete for its addresses, so they are judged together. A
 * component is walked from its first group with a stack; a group's neighbours are found through an
 * index of the groups by subnet (each subnet visited once, so the walk is linear in the groups'
 * subnets) and pushed in model order, which fixes the order the message lists the groups in.
 */
function components(groups: NodeGroup[]): NodeGroup[][] {
  const bySubnet = new Map<string, number[]>();
  groups.forEach((g, i) => {
    for (const k of g.subnets) {
      const list = bySubnet.get(k);
      if (!list) bySubnet.set(k, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const out: NodeGroup[][] = [];
  const done = new Set<number>();
  const seenSubnets = new Set<string>();
  for (let start = 0; start < groups.length; start++) {
    if (done.has(start)) continue;
    const comp: NodeGroup[] = [];
    const queue = [start];
    done.add(start);
    while (queue.length) {
      const cur = queue.pop()!;
      comp.push(groups[cur]);
      const next: number[] = [];
      for (const k of groups[cur].subnets) {
        if (seenSubnets.has(k)) continue;
        seenSubnets.add(k);
        for (const i of bySubnet.get(k)!) {
          if (done.has(i)) continue;
          done.add(i);
          next.push(i);
        }
      }
      pushAll(
        queue,
        next.sort((a, b) => a - b),
      );
    }
    out.push(comp);
  }
  return out;
}
