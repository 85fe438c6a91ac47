import type { FileSpan } from '../../base/span';
import type { NetworkModel, Subnet, SubnetTier, Vpc } from '../types';
import { known, unresolved, type Value } from '../located';
import { type Env } from '../../evaluators/terraform/evaluate';
import type { Decl, TfModule } from '../../evaluators/terraform/module';
import { asBool, list, map, unknown, str, type TfValue } from '../../evaluators/terraform/values';
import { tagKeysOf, vBool, vStr, vStrList, vTags } from './terraformValues';
import { TF_DNS_NAMES } from './terraformResources';
import { moduleInput, moduleMajorVersion } from './terraformModuleCall';

/**
 * terraform-aws-modules/vpc/aws: its inputs mapped into the model the way the module's own
 * resources use them (aws_vpc.this[0], aws_subnet.<kind>[i] with `element(var.azs, i)` zones and
 * tags merged from `tags` and `<kind>_subnet_tags`), with its documented defaults. v4.0 changed
 * enable_dns_hostnames' default from false to true (UPGRADE-4.0.md); enable_dns_support is true in
 * every version.
 */
export const VPC_MODULE =
  /^(registry\.terraform\.io\/|app\.terraform\.io\/[^/]+\/)?terraform-aws-modules\/vpc\/aws(\/\/.*)?$|github\.com\/terraform-aws-modules\/terraform-aws-vpc/;

const KINDS = [
  'public',
  'private',
  'intra',
  'database',
  'elasticache',
  'redshift',
  'outpost',
] as const satisfies readonly SubnetTier[];

interface Inputs {
  get(name: string): TfValue | undefined;
  env: Env;
  call: Decl;
}

function inputs(call: Decl, env: Env): Inputs {
  return { get: moduleInput(call, env), env, call };
}

/**
 * Inputs that give a kind of subnet a 0.0.0.0/0 route to the module's internet gateway: public
 * subnets get one unless `create_igw` is false; database and Redshift subnets only when asked.
 */
const IGW_ROUTE: Partial<Record<(typeof KINDS)[number], [input: string, byDefault: boolean]>> = {
  public: ['create_igw', true],
  database: ['create_database_internet_gateway_route', false],
  redshift: ['enable_public_redshift', false],
};

/** The role the module's own routes give a kind of subnet; unresolved when the input deciding it is not known. */
function roleOf(kind: (typeof KINDS)[number], inp: Inputs, at: FileSpan): Value<'public' | 'private'> {
  const rule = IGW_ROUTE[kind];
  if (!rule) return known('private', at);
  const [input, byDefault] = rule;
  const v = inp.get(input);
  const on = v ? vBool(v, at) : known(byDefault, at);
  if (on?.kind !== 'known')
    return unresolved(
      `${input} is not known, and it decides whether ${kind} subnets route to the internet gateway`,
      at,
    );
  // Other inputs (a database route table of its own, no NAT route instead) can still withhold the route.
  if (on.value && kind !== 'public')
    return unresolved(`${input} may give ${kind} subnets a route to the internet gateway`, at);
  return known(on.value ? 'public' : 'private', at);
}

function listOf(v: TfValue | undefined): TfValue[] | undefined {
  if (!v || v.k === 'null') return [];
  return v.k === 'list' ? v.items : undefined;
}

/** The module gives the i-th subnet of a group the zone `element(var.azs, i)`. */
function zoneOf(azs: TfValue[] | undefined, i: number, at: FileSpan): Value<string> | undefined {
  const az = azs?.length ? azs[i % azs.length] : undefined;
  if (az) return vStr(az, at);
  return azs ? unresolved('the azs input is empty', at) : unresolved('the azs input is not known', at);
}

/**
 * Outpost subnets sit in the Outpost's zone: the `outpost_az` input in v5 and earlier; later versions
 * take `element(var.azs, i)` as for the other groups, so without the input the zone is not told.
 */
function outpostZone(inp: Inputs, at: FileSpan): Value<string> {
  return (
    vStr(inp.get('outpost_az'), at) ??
    unresolved('the outpost_az input is not set, and module versions differ on where outpost subnets go', at)
  );
}

export function isVpcModule(source: string): boolean {
  return VPC_MODULE.test(source);
}

/** The outputs expressions read (`module.vpc.private_subnets`, `module.vpc.vpc_id`...). */
export function vpcModuleOutputs(mod: { readonly prefix: string }, call: Decl, env: Env): TfValue {
  const inp = inputs(call, env);
  const prefix = `${mod.prefix}module.${call.name}.`;
  const outs: Record<string, TfValue> = {
    vpc_id: unknown(`${prefix}aws_vpc.this[0].id is known after apply`, `${prefix}aws_vpc.this[0]`),
    vpc_cidr_block: inp.get('cidr') ?? str('10.0.0.0/16'),
    azs: inp.get('azs') ?? list([]),
  };
  for (const kind of KINDS) {
    const cidrs = listOf(inp.get(`${kind}_subnets`));
    outs[`${kind}_subnets`] = cidrs
      ? list(
          cidrs.map((_, i) =>
            unknown(`${prefix}aws_subnet.${kind}[${i}].id is known after apply`, `${prefix}aws_subnet.${kind}[${i}]`),
          ),
        )
      : unknown(`the ${kind}_subnets input is not known`);
    outs[`${kind}_subnets_cidr_blocks`] = cidrs ? list(cidrs) : unknown(`the ${kind}_subnets input is not known`);
  }
  return map(outs);
}

export function vpcModuleModel(
  mod: TfModule,
  call: Decl,
  env: Env,
  keyOf: (address: string) => string,
  out: NetworkModel,
): void {
  const inp = inputs(call, env);
  const at: FileSpan = { file: call.file, span: call.block.span };
  const create = inp.get('create_vpc');
  if (create && asBool(create) === false) return;
  const prefix = `${mod.prefix}module.${call.name}.`;
  // Undefined means the latest, 4 or later.
  const major = moduleMajorVersion(call, env);
  const vpcAddress = `${prefix}aws_vpc.this[0]`;
  const hostnames = inp.get('enable_dns_hostnames');
  const cidr = inp.get('cidr');
  // The module's resources are created by the caller's aws provider, default_tags included.
  const defaultTags = mod.defaultTags();
  const { tags, incomplete } = vTags(defaultTags, inp.get('tags'), inp.get('vpc_tags'));
  const vpc: Vpc = {
    key: keyOf(vpcAddress),
    name: vpcAddress,
    at,
    source: 'terraform',
    cidrs: [vStr(cidr, at) ?? known('10.0.0.0/16', at), ...vStrList(inp.get('secondary_cidr_blocks'), at)],
    ipv6Cidrs:
      vBool(inp.get('enable_ipv6'), at)?.kind === 'known' && asBool(inp.get('enable_ipv6')!)
        ? [unresolved('an Amazon-provided IPv6 block, assigned at apply time', at)]
        : [],
    enableDnsSupport: vBool(inp.get('enable_dns_support'), at) ?? known(true, at),
    enableDnsHostnames: vBool(hostnames, at) ?? known(major === undefined || major >= 4, at),
    dnsHostnamesOmitted: !hostnames && major !== undefined && major < 4,
    tags,
    editAt: { syntax: 'hcl', file: call.file, at: { ...call.block.span } },
    attributeNames: TF_DNS_NAMES,
  };
  if (incomplete) (vpc as Vpc & { tagsIncomplete?: string }).tagsIncomplete = incomplete;
  out.vpcs.push(vpc);
  const azs = listOf(inp.get('azs'));
  for (const kind of KINDS) {
    const cidrs = listOf(inp.get(`${kind}_subnets`));
    if (!cidrs) continue;
    for (const [i, c] of cidrs.entries()) {
      const address = `${prefix}aws_subnet.${kind}[${i}]`;
      const azValue = kind === 'outpost' ? outpostZone(inp, at) : zoneOf(azs, i, at);
      const st = vTags(defaultTags, inp.get('tags'), inp.get(`${kind}_subnet_tags`));
      const subnet: Subnet = {
        key: keyOf(address),
        name: address,
        at: c.at ?? at,
        source: 'terraform',
        vpc: vpc.key,
        cidr: vStr(c, at),
        availabilityZone: azValue,
        declaredRole: roleOf(kind, inp, at),
        tags: st.tags,
        tagKeys: tagKeysOf(st.keys),
        tier: kind,
        editAt: { syntax: 'hcl', file: call.file, at: { ...call.block.span }, tagsInput: `${kind}_subnet_tags` },
      };
      if (st.incomplete) subnet.tagsIncomplete = st.incomplete;
      // Only public subnets take map_public_ip_on_launch; v4.0 changed its default from true to
      // false (UPGRADE-4.0.md, terraform-aws-modules/terraform-aws-vpc#937).
      // A default is located at the subnet's own CIDR, so a finding about one subnet points at it.
      subnet.mapPublicIpOnLaunch =
        kind === 'public'
          ? (vBool(inp.get('map_public_ip_on_launch'), at) ?? known(major !== undefined && major < 4, subnet.at))
          : known(false, subnet.at);
      out.subnets.push(subnet);
    }
  }
}
