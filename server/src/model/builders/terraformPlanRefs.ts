import { type LMap, type LNode, get, isMap, isScalar, isSeq, str } from '../../parsers/tree';

/**
 * Reading a plan's JSON (`terraform show -json`): the resource instances of `planned_values`, and the
 * links between them from the `references` of the `configuration` expressions, since planned values
 * leave out ids created by the same apply. A reference is resolved in the module instance of the
 * resource that makes it: `aws_vpc.main.id` to that instance of aws_vpc.main, `var.x` through the
 * module call's argument in the caller, `module.m.out` through the child's output expression.
 * `local.x` and data sources are not in the plan's configuration: they stay unresolved.
 */
export interface PlanResource {
  /** Full address, `module.vpc[0].aws_subnet.private[1]`. */
  address: string;
  mode: string;
  type: string;
  name: string;
  index?: string | number;
  /** The module instance it belongs to (`module.vpc[0]`), `''` for the root module. */
  module: string;
  values: LNode | undefined;
  node: LNode;
}

/** Every resource instance of planned_values, child modules included. */
export function walkPlan(root: LMap): PlanResource[] {
  const out: PlanResource[] = [];
  const walk = (m: LNode | undefined, module: string, depth: number) => {
    if (!isMap(m) || depth > 50) return;
    const resources = get(m, 'resources');
    if (isSeq(resources))
      for (const r of resources.items) {
        const address = str(get(r, 'address'));
        const type = str(get(r, 'type'));
        const name = str(get(r, 'name'));
        if (!address || !type || !name) continue;
        const idx = get(r, 'index');
        out.push({
          address,
          mode: str(get(r, 'mode')) ?? 'managed',
          type,
          name,
          index:
            isScalar(idx) && (typeof idx.value === 'number' || typeof idx.value === 'string') ? idx.value : undefined,
          module,
          values: get(r, 'values'),
          node: r,
        });
      }
    const children = get(m, 'child_modules');
    if (isSeq(children)) for (const c of children.items) walk(c, str(get(c, 'address')) ?? module, depth + 1);
  };
  walk(get(get(root, 'planned_values'), 'root_module'), '', 0);
  return out;
}

/** `module.a[0].module.b["x"]` → `module.a.module.b`. */
function stripKeys(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '');
}

const RESOURCE_REF = /^((?:data\.)?[A-Za-z][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*)(?:\[([^\]]*)\])?/;

export interface PlanRefs {
  /** The one resource address the expression at `path` refers to, or undefined (none, or several). */
  one(r: PlanResource, path: (string | number)[]): string | undefined;
  /** Every resource address the expression refers to, in order. */
  all(r: PlanResource, path: (string | number)[]): string[];
  /** Whether the configuration writes an expression at `path`. */
  has(r: PlanResource, path: (string | number)[]): boolean;
  /** Whether a reference of the expression could not be followed to resources of the plan. */
  unresolved(r: PlanResource, path: (string | number)[]): boolean;
}

export function planRefs(root: LMap, resources: PlanResource[]): PlanRefs {
  // Configuration modules by path without instance keys ('' for the root).
  const modules = new Map<string, LNode>();
  const index = (m: LNode | undefined, path: string, depth: number) => {
    if (!isMap(m) || depth > 50) return;
    modules.set(path, m);
    const calls = get(m, 'module_calls');
    if (isMap(calls))
      for (const e of calls.entries)
        index(get(e.value, 'module'), `${path ? `${path}.` : ''}module.${String(e.key.value)}`, depth + 1);
  };
  index(get(get(root, 'configuration'), 'root_module'), '', 0);
  const configResource = (module: string, r: PlanResource): LNode | undefined => {
    const list = get(modules.get(stripKeys(module)), 'resources');
    const addr = r.mode === 'data' ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`;
    return isSeq(list) ? list.items.find((x) => str(get(x, 'address')) === addr) : undefined;
  };
  const leaf = (r: PlanResource, path: (string | number)[]): LNode | undefined => {
    let cur = get(configResource(r.module, r), 'expressions');
    for (const p of path) {
      if (typeof p === 'number') cur = isSeq(cur) ? cur.items[p] : p === 0 ? cur : undefined;
      else cur = get(cur, p);
    }
    return cur;
  };
  const instancesIn = (module: string, base: string) =>
    resources.filter((x) => x.module === module && `${x.mode === 'data' ? 'data.' : ''}${x.type}.${x.name}` === base);

  /** Resolves the references of one expression in a module instance; `self` supplies count.index / each.key. */
  const resolve = (
    expr: LNode | undefined,
    module: string,
    self: string | number | undefined,
    depth: number,
  ): { addresses: string[]; unresolved: boolean } => {
    const out: string[] = [];
    let unresolved = false;
    const refsNode = get(expr, 'references');
    if (!isSeq(refsNode) || depth > 20) return { addresses: out, unresolved: isSeq(refsNode) };
    const refs = refsNode.items.map(str).filter((s): s is string => !!s);
    // A reference list names a traversal and its prefixes (`aws_subnet.a[0].id`, `aws_subnet.a[0]`,
    // `aws_subnet.a`): the most precise one of each resource counts.
    const precise = new Map<string, Set<string | undefined>>();
    const others: string[] = [];
    for (const ref of refs) {
      const m = RESOURCE_REF.exec(ref);
      if (!m || /^(var|local|module|each|count|path|terraform|self)\./.test(ref)) {
        others.push(ref);
        continue;
      }
      let keys = precise.get(m[1]);
      if (!keys) precise.set(m[1], (keys = new Set()));
      keys.add(m[2]);
    }
    for (const [base, keys] of precise) {
      if (base.startsWith('data.')) {
        unresolved = true;
        continue;
      }
      const all = instancesIn(module, base);
      if (!all.length) unresolved = true;
      // With an index written, only the indexed instances are meant; the bare name is its prefix.
      if (keys.size > 1) keys.delete(undefined);
      for (const key of keys) {
        let found = all;
        if (key !== undefined) {
          const literal = /^\d+$/.test(key) ? Number(key) : /^"(.*)"$/.exec(key)?.[1];
          const want = literal ?? (/^(count\.index|each\.key)$/.test(key) ? self : undefined);
          found = want === undefined ? [] : all.filter((x) => x.index === want);
          if (!found.length) unresolved = true;
        }
        for (const f of found) out.push(f.address);
      }
    }
    for (const ref of others) {
      const v = /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(ref);
      const o = /^module\.([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(ref);
      if (v && module) {
        // The argument of the call that made this module instance, in the caller.
        const cut = module.lastIndexOf('module.');
        const caller = cut > 0 ? module.slice(0, cut - 1) : '';
        const callName = stripKeys(module.slice(cut)).slice('module.'.length);
        const call = get(get(modules.get(stripKeys(caller)), 'module_calls'), callName);
        const r = resolve(get(get(call, 'expressions'), v[1]), caller, self, depth + 1);
        for (const a of r.addresses) out.push(a);
        unresolved ||= r.unresolved || !get(get(call, 'expressions'), v[1]);
      } else if (o) {
        const childPath = `${module ? `${module}.` : ''}module.${o[1]}`;
        const childConfig = modules.get(stripKeys(childPath));
        const outExpr = get(get(get(childConfig, 'outputs'), o[2]), 'expression');
        const instances = [
          ...new Set(resources.map((x) => x.module).filter((m) => stripKeys(m) === stripKeys(childPath))),
        ];
        if (!outExpr || !instances.length) unresolved = true;
        for (const inst of instances) {
          const r = resolve(outExpr, inst, undefined, depth + 1);
          for (const a of r.addresses) out.push(a);
          unresolved ||= r.unresolved;
        }
      } else if (!/^(module\.[^.]+|var\.[^.]+\..+|count\.index|each\.(key|value).*)$/.test(ref)) unresolved = true;
      else if (/^each\.value/.test(ref)) unresolved = true;
    }
    return { addresses: [...new Set(out)], unresolved };
  };
  const memo = new Map<string, { addresses: string[]; unresolved: boolean }>();
  const at = (r: PlanResource, path: (string | number)[]) => {
    const k = `${r.address}|${path.join('.')}`;
    let hit = memo.get(k);
    if (!hit) memo.set(k, (hit = resolve(leaf(r, path), r.module, r.index, 0)));
    return hit;
  };
  return {
    one: (r, path) => {
      const a = at(r, path).addresses;
      return a.length === 1 ? a[0] : undefined;
    },
    all: (r, path) => at(r, path).addresses,
    has: (r, path) => leaf(r, path) !== undefined,
    unresolved: (r, path) => at(r, path).unresolved,
  };
}
