import type { HoverProvider } from './provider';
import type { NetworkModel, Subnet, Vpc } from '../../model/types';
import {
  awsUsable,
  firstUsable,
  lastUsable,
  formatAddress,
  overlaps,
  parseCidr,
  reservedAddresses,
  size,
  type Cidr,
} from '../../base/cidr';
import { findContainer } from '../../model/overlap';
import {
  blockLabel,
  byKey,
  cidrSites,
  cidrValue,
  clusterVpc,
  knownVpcBlocks,
  type CidrSite,
} from '../../model/cidrValues';
import { subnetLabel } from '../../facts/reachability';
import { isKnown } from '../../model/located';
import { code, escape } from '../../base/markdown';

const KIND: Record<CidrSite['field'], string> = {
  'vpc.cidrs': 'VPC block',
  'vpc.ipv6Cidrs': 'VPC IPv6 block',
  'subnet.cidr': 'Subnet block',
  'subnet.ipv6Cidr': 'Subnet IPv6 block',
  'cluster.serviceIpv4Cidr': 'Kubernetes service CIDR',
};
const RESERVED_ROLE = ['network address', 'VPC router', 'Amazon DNS', 'reserved for future use', 'last address'];
const MAX_LISTED = 8;

/**
 * Hover on any CIDR the model knows, whatever source it came from (the lookup is by model span,
 * so CloudFormation and Terraform values work once their builders fill the model): the block's
 * numbers, the five addresses AWS reserves, the VPC block holding it and the subnets it overlaps.
 * Any other scalar that is a CIDR gets the numbers alone.
 */
export const cidrHover: HoverProvider = (ctx) => {
  for (const site of cidrSites(ctx.model)) {
    const v = site.value;
    if (v.at.file !== ctx.file.id || ctx.offset < v.at.span.start || ctx.offset > v.at.span.end || !isKnown(v))
      continue;
    const cidr = cidrValue(v, site.family);
    // A value that is not a CIDR at all gets no hover: its diagnostic already says what is wrong.
    if (!cidr) return undefined;
    const lines = [`**${cidr.cidr.text}** · ${KIND[site.field]}`];
    if (site.field === 'vpc.cidrs' && (site.owner as Vpc).defaultCidrNote && (site.owner as Vpc).cidrs[0] === v)
      lines[0] += ` (${(site.owner as Vpc).defaultCidrNote})`;
    if (cidr.hostBits)
      lines.push('', `Written as ${code(v.value)}, which has host bits set; AWS uses the network ${cidr.cidr.text}.`);
    // bounded spread: a handful of lines, and context() lists at most MAX_LISTED subnets.
    lines.push('', ...numbers(cidr.cidr), ...context(ctx.model, site, cidr.cidr));
    return { span: v.at.span, contents: lines.join('\n') };
  }
  const node = ctx.path[ctx.path.length - 1];
  if (node?.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('/')) {
    const r = parseCidr(node.value);
    if (r.ok) return { span: node.span, contents: [`**${r.cidr.text}**`, '', ...numbers(r.cidr)].join('\n') };
  }
  return undefined;
};

function numbers(c: Cidr): string[] {
  const reserved = reservedAddresses(c);
  const out = [
    '| | |',
    '|---|---|',
    `| First address | ${formatAddress(c.version, c.start)} |`,
    `| Last address | ${formatAddress(c.version, c.end)} |`,
    `| Addresses | ${count(size(c))} |`,
    `| AWS-usable (as a subnet) | ${count(awsUsable(c))}${firstUsable(c) ? `: ${firstUsable(c)} to ${lastUsable(c)}` : ''} |`,
  ];
  if (reserved.length === 5)
    out.push('', `Reserved by AWS in a subnet: ${reserved.map((a, i) => `${a} (${RESERVED_ROLE[i]})`).join(', ')}.`);
  return out;
}

function context(model: NetworkModel, site: CidrSite, c: Cidr): string[] {
  const out: string[] = [];
  const vpcs = byKey(model.vpcs);
  const family = c.version;
  let vpc: Vpc | undefined;
  let exclude: Subnet | undefined;
  if (site.field === 'subnet.cidr' || site.field === 'subnet.ipv6Cidr') {
    exclude = site.owner as Subnet;
    vpc = exclude.vpc ? vpcs.get(exclude.vpc) : undefined;
    const blocks = vpc ? knownVpcBlocks(vpc) : [];
    const holder = findContainer(
      blocks.map((b) => ({ cidr: b.cidr, item: b })),
      c,
    );
    if (vpc && holder) out.push('', `Inside VPC block ${escape(blockLabel(vpc, holder))} of ${escape(vpc.name)}.`);
    else if (vpc && blocks.length) out.push('', `Inside none of the known blocks of VPC ${escape(vpc.name)}.`);
  } else if (site.field === 'cluster.serviceIpv4Cidr') {
    vpc = clusterVpc(model, site.owner as never);
  } else {
    vpc = site.owner as Vpc;
  }
  if (!vpc) return out;
  const hits = model.subnets
    .filter((s) => s !== exclude && s.vpc === vpc.key)
    .map((s) => ({ s, c: cidrValue(family === 4 ? s.cidr : s.ipv6Cidr, family) }))
    .filter((x) => x.c && overlaps(x.c.cidr, c));
  if (hits.length) {
    const verb = site.field.startsWith('vpc.') ? 'Subnets in this block' : 'Overlaps';
    const shown = hits.slice(0, MAX_LISTED).map((x) => `${escape(subnetLabel(x.s))} (${x.c!.cidr.text})`);
    out.push(
      '',
      `${verb}: ${shown.join(', ')}${hits.length > MAX_LISTED ? ` and ${hits.length - MAX_LISTED} more` : ''}.`,
    );
  }
  return out;
}

/** Exact with separators up to 2^64; beyond that IPv6 counts read better as powers of two. */
function count(n: bigint): string {
  if (n <= 1n << 64n) return n.toLocaleString('en-US');
  const bits = (n + 5n).toString(2).length - 1;
  return n + 5n === 1n << BigInt(bits) && n & 1n ? `2^${bits} − 5` : `2^${n.toString(2).length - 1}`;
}
