// `eksnet capacity`: pod-IP capacity and max pods per instance type, the successor of AL2's max-pods-calculator.sh.
// It works offline from the generated instance table, so it never asks EC2 anything.
import {
  capacity,
  CapacityResult,
  getInstanceType,
  managedNodeGroupCap,
  maxOf,
  suggestInstanceType,
  supportsPrefixDelegation,
} from '../engine';

export const CAPACITY_USAGE = `usage: eksnet capacity TYPE... [--prefix-delegation] [--custom-networking] [--max-eni N] [--managed] [--format text|json]

Prints ENIs, IPv4 addresses per ENI, pod IPs (ENIs x IPv4 per ENI) and max pods for each instance type.
  --prefix-delegation   max pods with ENABLE_PREFIX_DELEGATION=true (types without prefix support fall back to secondary IPs)
  --custom-networking   max pods with AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true (the primary ENI hosts no pods)
  --max-eni N           the CNI's MAX_ENI: use at most N ENIs
  --managed             max pods as an EKS managed node group sets them (capped at 110/250 in every mode)
  --format text|json    output format (default text)
Prefix-delegation max pods are capped at 110 below 30 vCPUs and 250 otherwise, as EKS managed node groups and
max-pods-calculator.sh do (with --managed every mode is); maxPodsPrefixDelegationUncapped in the JSON output is
the uncapped value. The editor's hover on a node group's instance type gives the same max pods.`;

interface ParsedArgs {
  types: string[];
  prefixDelegation: boolean;
  customNetworking: boolean;
  managed: boolean;
  maxEni?: number;
  format: 'text' | 'json';
  help: boolean;
}

function parseArgs(args: string[]): ParsedArgs | string {
  const parsed: ParsedArgs = {
    types: [],
    prefixDelegation: false,
    customNetworking: false,
    managed: false,
    format: 'text',
    help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    // Accept both "--flag value" and "--flag=value", like most CLIs.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const takeValue = (): string | undefined => (eq !== -1 ? arg.slice(eq + 1) : args[++i]);
    if (flag === '--prefix-delegation' && eq === -1) parsed.prefixDelegation = true;
    else if (flag === '--custom-networking' && eq === -1) parsed.customNetworking = true;
    else if (flag === '--managed' && eq === -1) parsed.managed = true;
    else if (flag === '-h' || flag === '--help') parsed.help = true;
    else if (flag === '--max-eni') {
      const value = takeValue();
      if (value === undefined || !/^[1-9]\d*$/.test(value))
        return `--max-eni needs a whole number of at least 1, got ${value === undefined ? 'nothing' : `"${value}"`}`;
      parsed.maxEni = Number(value);
    } else if (flag === '--format') {
      const value = takeValue();
      if (value !== 'text' && value !== 'json')
        return `--format must be text or json, got ${value === undefined ? 'nothing' : `"${value}"`}`;
      parsed.format = value;
    } else if (arg.startsWith('-')) return `unknown option "${arg}"`;
    else parsed.types.push(arg);
  }
  if (!parsed.help && parsed.types.length === 0) return 'give at least one instance type';
  return parsed;
}

/** Runs `eksnet capacity` and returns the exit code: 0 ok, 2 for bad usage or an unknown instance type. */
export function runCapacity(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    err(`eksnet capacity: ${parsed}\n${CAPACITY_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    out(CAPACITY_USAGE);
    return 0;
  }
  const unknown = parsed.types.filter((t) => !getInstanceType(t));
  if (unknown.length > 0) {
    for (const t of unknown) {
      const suggestion = suggestInstanceType(t);
      err(`unknown instance type "${t}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
    }
    return 2;
  }
  const opts = {
    prefixDelegation: parsed.prefixDelegation,
    customNetworking: parsed.customNetworking,
    maxEni: parsed.maxEni,
    managed: parsed.managed,
  };
  const results = parsed.types.map((t) => capacity(t, opts)).filter((r): r is CapacityResult => r !== undefined);
  out(parsed.format === 'json' ? JSON.stringify(results, null, 2) : formatText(results, parsed));
  return 0;
}

function modeName(args: ParsedArgs): string {
  const base = args.prefixDelegation ? 'prefix delegation' : 'secondary IPs';
  const parts = [
    base,
    args.customNetworking ? 'custom networking' : undefined,
    args.maxEni ? `at most ${args.maxEni} ENIs` : undefined,
    args.managed ? 'managed node group' : undefined,
  ];
  return parts.filter((p) => p !== undefined).join(', ');
}

function formatText(results: CapacityResult[], args: ParsedArgs): string {
  const header = [
    'TYPE',
    'ENIS',
    'IPV4/ENI',
    'POD IPS',
    'VCPUS',
    'HYPERVISOR',
    'MAX PODS',
    'CUSTOM NET',
    'PREFIX DELEG.',
    'PD UNCAPPED',
    'SG-FOR-PODS',
  ];
  const dash = '-';
  const rows = results.map((r) => [
    r.instanceType,
    String(r.maxEnis),
    String(r.ipv4PerEni),
    String(r.podIps),
    r.vcpus === null ? '?' : String(r.vcpus),
    r.hypervisor,
    String(r.maxPods),
    String(r.maxPodsCustomNetworking),
    r.maxPodsPrefixDelegation === null ? dash : String(r.maxPodsPrefixDelegation),
    r.maxPodsPrefixDelegationUncapped === null ? dash : String(r.maxPodsPrefixDelegationUncapped),
    r.securityGroupsForPods.supported === null
      ? '?'
      : r.securityGroupsForPods.supported
        ? `${r.securityGroupsForPods.branchInterfaces} pods`
        : 'no',
  ]);
  const widths = header.map((h, i) => maxOf([h.length, ...rows.map((row) => row[i].length)])!);
  // Names and words read best left-aligned, numbers right-aligned.
  const leftAligned = new Set([0, 5]);
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (leftAligned.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();

  const notes: string[] = [];
  for (const r of results) {
    const info = getInstanceType(r.instanceType);
    if (!info) continue;
    if (args.prefixDelegation && !supportsPrefixDelegation(info)) {
      notes.push(
        `${r.instanceType} is not a Nitro or bare-metal instance, so the CNI cannot delegate prefixes; MAX PODS falls back to secondary IPs.`,
      );
    }
    const cap = managedNodeGroupCap(info);
    if (cap.cap === null) notes.push(`${cap.reason} Its max-pods values are uncapped.`);
  }
  return [
    args.managed
      ? `Mode: ${modeName(args)}. MAX PODS, CUSTOM NET and PREFIX DELEG. are capped at 110 below 30 vCPUs and 250 otherwise, as EKS managed node groups do.`
      : `Mode: ${modeName(args)}. Secondary-IP values (MAX PODS without prefix delegation, CUSTOM NET) are the uncapped address limits, as in eni-max-pods.txt; PREFIX DELEG. (and MAX PODS with prefix delegation) are capped at 110 below 30 vCPUs and 250 otherwise, as EKS managed node groups do.`,
    "POD IPS counts every IPv4 address on every ENI; each ENI's primary address is not used for pods.",
    '',
    line(header),
    ...rows.map(line),
    ...(notes.length > 0 ? ['', ...notes] : []),
  ].join('\n');
}
