/**
 * The DHCP options and network ACLs of terraform-aws-modules/vpc/aws (dns-egress-blocked), from the
 * module's source (github.com/terraform-aws-modules/terraform-aws-vpc, main.tf and variables.tf,
 * read at v3.19.0, v4.0.0, v5.0.0 and v6.6.0):
 * - `enable_dhcp_options` (default false) makes `aws_vpc_dhcp_options.this` with
 *   `dhcp_options_domain_name_servers` (default `["AmazonProvidedDNS"]`) and associates it with the VPC.
 * - `<kind>_dedicated_network_acl` (default false) gives a kind of subnet its own ACL with the rules
 *   of `<kind>_inbound_acl_rules` / `<kind>_outbound_acl_rules` (default: rule 100 allows everything;
 *   `rule_number`, `rule_action`, `protocol`, `from_port`, `to_port`, `cidr_block`).
 * - The other subnets keep the VPC's default ACL, whose rules the module sets from
 *   `default_network_acl_ingress` / `default_network_acl_egress` (`rule_no`, `action`; default: allow
 *   everything) when `manage_default_network_acl` is on (default true since v4.0, false before).
 */
import { attr } from '../../parsers/hclAst';
import type { FileSpan } from '../../base/span';
import type { AclEntry, NetworkAcl, NetworkModel } from '../types';
import { known, unresolved, type Value } from '../located';
import { type Env } from '../../evaluators/terraform/evaluate';
import type { Decl, TfModule } from '../../evaluators/terraform/module';
import { type TfValue } from '../../evaluators/terraform/values';
import { vBool, vNum, vStr, vStrList } from './terraformValues';
import { portsOf } from './terraformSecurity';
import { normaliseProtocol } from '../dnsFacts';
import { moduleInput, moduleMajorVersion } from './terraformModuleCall';

const KINDS = ['public', 'private', 'intra', 'database', 'elasticache', 'redshift'] as const;

export function vpcModuleSecurity(
  mod: TfModule,
  call: Decl,
  env: Env,
  keyOf: (address: string) => string,
  out: NetworkModel,
): void {
  const get = moduleInput(call, env);
  const at: FileSpan = { file: call.file, span: call.block.span };
  const create = vBool(get('create_vpc'), at);
  if (create?.kind === 'known' && !create.value) return;
  const prefix = `${mod.prefix}module.${call.name}.`;
  const vpc = keyOf(`${prefix}aws_vpc.this[0]`);
  const dhcp = vBool(get('enable_dhcp_options'), at) ?? known(false, at);
  if (dhcp.kind !== 'known' || dhcp.value) {
    const servers = get('dhcp_options_domain_name_servers');
    const list = vStrList(servers, at);
    const bad = list.find((x) => x.kind === 'unresolved');
    out.dhcpOptions.push({
      key: keyOf(`${prefix}aws_vpc_dhcp_options.this[0]`),
      name: `${prefix}aws_vpc_dhcp_options.this[0]`,
      at,
      source: 'terraform',
      vpcs: [vpc],
      servers:
        dhcp.kind !== 'known'
          ? dhcp
          : !servers || servers.k === 'null'
            ? known(['AmazonProvidedDNS'], at)
            : (bad ??
              known(
                list.map((x) => (x.kind === 'known' ? x.value : '')),
                servers.at ?? at,
              )),
    });
  }
  const major = moduleMajorVersion(call, env);
  const onDefault: string[] = [];
  for (const kind of KINDS) {
    const cidrs = get(`${kind}_subnets`);
    if (cidrs?.k !== 'list' || !cidrs.items.length) continue;
    const subnets = cidrs.items.map((_, i) => keyOf(`${prefix}aws_subnet.${kind}[${i}]`));
    const dedicated = vBool(get(`${kind}_dedicated_network_acl`), at) ?? known(false, at);
    // Whether these subnets have an ACL of their own is not known: no ACL can be told for them.
    if (dedicated.kind !== 'known') continue;
    if (!dedicated.value) {
      for (const s of subnets) onDefault.push(s);
      continue;
    }
    const address = `${prefix}aws_network_acl.${kind}[0]`;
    // The ACL is reported where the input that made it is written.
    const written = attr(call.block.body, `${kind}_dedicated_network_acl`);
    const aclAt: FileSpan = written ? { file: call.file, span: written.span } : at;
    out.networkAcls.push(
      acl(
        keyOf(address),
        address,
        aclAt,
        vpc,
        subnets,
        [
          [get(`${kind}_outbound_acl_rules`), true],
          [get(`${kind}_inbound_acl_rules`), false],
        ],
        MODULE_RULE,
      ),
    );
  }
  const manage = vBool(get('manage_default_network_acl'), at) ?? known(major === undefined || major >= 4, at);
  const ingress = get('default_network_acl_ingress');
  const egress = get('default_network_acl_egress');
  // Unmanaged, or managed with the default rules, the default ACL allows everything, as if absent.
  if (manage.kind === 'known' && manage.value && (ingress || egress) && onDefault.length) {
    const address = `${prefix}aws_default_network_acl.this[0]`;
    out.networkAcls.push(
      acl(
        keyOf(address),
        address,
        at,
        vpc,
        onDefault,
        [
          [egress, true],
          [ingress, false],
        ],
        DEFAULT_ACL_RULE,
      ),
    );
  }
}

/** Field names of the dedicated ACLs' rule lists and of the default ACL's. */
const MODULE_RULE = { number: 'rule_number', action: 'rule_action' };
const DEFAULT_ACL_RULE = { number: 'rule_no', action: 'action' };

/** An ACL from rule-list inputs; an absent input is the module's default, one rule 100 allowing everything. */
function acl(
  key: string,
  name: string,
  at: FileSpan,
  vpc: string,
  subnets: string[],
  lists: [TfValue | undefined, boolean][],
  names: { number: string; action: string },
): NetworkAcl {
  const entries: AclEntry[] = [];
  let why: string | undefined;
  for (const [v, egress] of lists) {
    if (!v || v.k === 'null') {
      entries.push({
        at,
        egress,
        ruleNumber: known(100, at),
        protocol: known('all', at),
        action: known('allow', at),
        cidr: known('0.0.0.0/0', at),
      });
      continue;
    }
    if (v.k !== 'list') {
      why ??= v.k === 'unknown' ? v.why : 'the ACL rules are not a list';
      continue;
    }
    for (const r of v.items) {
      if (r.k !== 'map') {
        why ??= 'an ACL rule is not known';
        continue;
      }
      const g = (n: string) => r.entries.get(n);
      const where = r.at ?? at;
      const written = vStr(g('protocol'), where) ?? unresolved('no protocol', where);
      const protocol = written.kind === 'known' ? known(normaliseProtocol(written.value), written.at) : written;
      const action = vStr(g(names.action), where) ?? unresolved(`no ${names.action}`, where);
      const cidr = vStr(g('cidr_block'), where);
      entries.push({
        at: where,
        egress,
        ruleNumber: vNum(g(names.number), where) ?? unresolved(`no ${names.number}`, where),
        protocol,
        action: actionOf(action),
        ...(cidr ? { cidr } : {}),
        ...portsOf(protocol, g('from_port'), g('to_port'), where),
      });
    }
  }
  return {
    key,
    name,
    at,
    source: 'terraform',
    vpc,
    subnets,
    entries: why ? unresolved(why, at) : known(entries, at),
  };
}

function actionOf(a: Value<string>): Value<'allow' | 'deny'> {
  if (a.kind !== 'known') return a;
  const x = a.value.toLowerCase();
  return x === 'allow' || x === 'deny' ? known(x, a.at) : unresolved(`"${a.value}" is not allow or deny`, a.at);
}
