import picomatch from 'picomatch';
import type { Builder } from './builder';
import type { SourceFile } from '../sourceFile';
import { emptyModel, type AwsNodeEnv, type NetworkModel } from '../types';
import type { RefineContext } from '../evaluation';
import { memoOn } from '../../base/memo';
import { cloudformationBuilder } from './cloudformation';
import { terraformBuilder } from './terraform';
import { plainPath } from './terraformVarFiles';
import {
  deployingOverlays,
  kustomizationStructure,
  kustomizeGraph,
  resourceFiles,
  type Kustomization,
  type KustomizeGraph,
} from './kustomizeGraph';

/**
 * Cluster scope for aws-node settings that name no cluster: a DaemonSet, a kustomize patch, Helm
 * values, `kubectl set env`, add-on configuration on its own; and for the Services and Ingresses
 * that ask for load balancers, by the same rules. They are applied to whichever
 * cluster the deploy points at, and a monorepo keeps one folder per cluster, so each is tied to
 *
 * 1. the cluster the `eksnet.clusterScopes` setting names for a glob matching its path, else
 * 2. the one cluster declared under the nearest enclosing folder that declares any (eksctl,
 *    CloudFormation, Terraform), the workspace's root last.
 *
 * A source so tied gets the cluster's key (a copy of the source; the file's own fragment is never
 * changed), and so joins that cluster's network. When the nearest folder declares several clusters,
 * the source stays unbound: it is checked on its own and feeds no cluster's mode (facts/cni/mode.ts).
 *
 * Which files declare a cluster is part of each file's structure (`structure`), so a file that
 * starts or stops declaring one refines every file again; the files whose clusters a binding read
 * are its inputs, so renaming such a cluster refines the bound file.
 */
export const awsNodeScopeBuilder: Builder = {
  name: 'aws-node-scope',
  refine(file, ctx) {
    if (!scoped(file)) return undefined;
    const { b, bases, deployed } = scopeOf(file, ctx);
    if (!b && !bases && !deployed) return undefined;
    return boundFragment(file.fragment, b, bases, deployed);
  },
  inputs(file, ctx) {
    if (!scoped(file)) return undefined;
    const { b, bases, deployed } = scopeOf(file, ctx);
    return [...(b?.inputs ?? []), ...(bases?.files ?? []), ...(deployed?.files ?? [])];
  },
  structure(file) {
    const k = kustomizationStructure(file);
    if (k !== undefined) return `kustomization ${k}`;
    return declaresClusters(file) ? 'declares a cluster' : undefined;
  },
};

interface Scope {
  b: Binding | undefined;
  bases: Bases | undefined;
  deployed: Deployments | undefined;
}

const SCOPES = Symbol('aws-node scope per file');

/**
 * A file's binding, patch bases and deployments, worked out once per analysis: the engine asks
 * `refine` and then `inputs` with the same context, and both need all three.
 */
function scopeOf(file: SourceFile, ctx: RefineContext): Scope {
  const cache = memoOn(ctx, SCOPES, () => new Map<SourceFile, Scope>());
  let hit = cache.get(file);
  if (!hit) {
    hit = { b: binding(file, ctx), bases: patchBases(file, ctx), deployed: patchDeployments(file, ctx) };
    cache.set(file, hit);
  }
  return hit;
}

interface Binding {
  cluster: string;
  name: string;
  why: string;
  inputs: readonly string[];
}

/** Whether the file holds anything cluster scope ties: aws-node settings, Services and Ingresses. */
function scoped(file: SourceFile): boolean {
  return file.fragment.awsNode.length > 0 || file.fragment.loadBalancers.length > 0;
}

function unbound(file: SourceFile): boolean {
  return (
    file.fragment.awsNode.some((e) => e.cluster === undefined) ||
    file.fragment.loadBalancers.some((lb) => lb.cluster === undefined)
  );
}

function binding(file: SourceFile, ctx: RefineContext): Binding | undefined {
  if (!unbound(file)) return undefined;
  const declaring = declaringFiles(ctx);
  if (declaring.length === 0) return undefined;
  const path = plainPath(file.id);
  const byName = settingCluster(path, ctx);
  if (byName !== undefined) {
    const inputs: string[] = [];
    const keys = new Set<string>();
    for (const d of declaring) {
      const f = ctx.files.get(d.id);
      if (!f) continue;
      for (const c of clustersOf(f, ctx)) {
        if (c.name !== byName) continue;
        keys.add(c.key);
        inputs.push(d.id);
      }
    }
    if (keys.size !== 1) return undefined;
    return {
      cluster: [...keys][0],
      why: `eksnet.clusterScopes names cluster \`${byName}\` for this file`,
      inputs,
      name: byName,
    };
  }
  // The overlays that deploy the file through kustomize decide where they are; they must agree.
  const overlays = deployingOverlays(kustomizeGraph(ctx), file.id);
  if (overlays.length > 0) {
    const found = overlays.map((k) => folderCluster(plainPath(k.id), declaring, ctx));
    if (found.some((f) => f === 'ambiguous')) return undefined;
    const bound = found.filter((f): f is Binding => f !== undefined);
    if (bound.length > 0) {
      if (bound.length !== found.length || new Set(bound.map((f) => f.cluster)).size !== 1) return undefined;
      const via =
        overlays.length === 1
          ? `kustomization ${overlays[0].id}`
          : `the kustomizations ${overlays.map((k) => k.id).join(', ')}`;
      return {
        cluster: bound[0].cluster,
        // As for the folder rule, the workspace's only cluster needs no explanation.
        why: bound[0].why ? `${via} deploys it and ${bound[0].why}` : '',
        inputs: bound.flatMap((f) => f.inputs),
        name: bound[0].name,
      };
    }
  }
  const own = folderCluster(path, declaring, ctx);
  return own === 'ambiguous' ? undefined : own;
}

/** The one cluster declared under the nearest folder of `path` that declares any; 'ambiguous' for several. */
function folderCluster(
  path: string,
  declaring: readonly { id: string; path: string }[],
  ctx: RefineContext,
): Binding | 'ambiguous' | undefined {
  // The nearest enclosing folder whose subtree declares a cluster decides; several there is ambiguous.
  const index = folderIndex(declaring, ctx);
  const segments = path.split('/').slice(0, -1);
  for (let n = segments.length; n >= 0; n--) {
    const folder = segments.slice(0, n).join('/');
    const here = index.get(folder);
    if (!here || here.keys.size === 0) continue;
    if (here.keys.size !== 1) return 'ambiguous';
    const [[key, name]] = [...here.keys];
    // A workspace-relative folder is named in full; of an absolute path, the last folder is enough.
    // The workspace's only cluster (every declaring file is in this folder) needs no explanation:
    // related information says nothing more then.
    const only = folder === '' || here.inside.length === declaring.length;
    const where = only ? undefined : `${folder.startsWith('/') ? folder.split('/').pop() : folder}/`;
    return {
      cluster: key,
      why: where === undefined ? '' : `\`${name}\` is the only cluster declared in ${where}`,
      inputs: here.inside,
      name,
    };
  }
  return undefined;
}

interface FolderClusters {
  /** The clusters declared in the folder's subtree, key to name. */
  keys: Map<string, string>;
  /** The declaring files in the subtree, which the binding reads. */
  inside: string[];
}

const FOLDERS = Symbol('clusters per folder');

/**
 * For every folder, the clusters its subtree declares, built once per analysis from the declaring
 * files (their number times their depth), so that binding thousands of manifests does not filter the
 * declaring files again for each manifest and each of its folders.
 */
function folderIndex(
  declaring: readonly { id: string; path: string }[],
  ctx: RefineContext,
): ReadonlyMap<string, FolderClusters> {
  return memoOn(ctx, FOLDERS, () => {
    const index = new Map<string, FolderClusters>();
    for (const d of declaring) {
      const f = ctx.files.get(d.id);
      const clusters = f ? clustersOf(f, ctx) : [];
      const segments = d.path.split('/').slice(0, -1);
      // An absolute path's first segment is empty, so two prefixes can name the root: count it once.
      const folders = new Set<string>();
      for (let n = segments.length; n >= 0; n--) folders.add(segments.slice(0, n).join('/'));
      for (const folder of folders) {
        let here = index.get(folder);
        if (!here) index.set(folder, (here = { keys: new Map(), inside: [] }));
        here.inside.push(d.id);
        for (const c of clusters) here.keys.set(c.key, c.name);
      }
    }
    return index;
  });
}

/** The first `eksnet.clusterScopes` entry whose glob matches the path or a tail of it. */
function settingCluster(path: string, ctx: RefineContext): string | undefined {
  const mapping = ctx.settings.clusterScopes;
  const segments = path.split('/');
  for (const [glob, name] of Object.entries(mapping)) {
    if (typeof name !== 'string' || !name.trim() || !glob.trim()) continue;
    const match = picomatch(glob.replace(/\\/g, '/'), { dot: true });
    if (segments.some((_, i) => match(segments.slice(i).join('/')))) return name;
  }
  return undefined;
}

const DECLARING = Symbol('files that declare a cluster');

/**
 * The files that declare a cluster, by plain path. It changes only when a file comes or goes or a
 * file's structure changes, which is when the view's structure token is a new object.
 */
function declaringFiles(ctx: RefineContext): readonly { id: string; path: string }[] {
  const compute = () => {
    const out: { id: string; path: string }[] = [];
    for (const f of ctx.files.values()) if (declaresClusters(f)) out.push({ id: f.id, path: plainPath(f.id) });
    return out;
  };
  return ctx.structure ? memoOn(ctx.structure, DECLARING, compute) : compute();
}

const TF_CLUSTER = /resource\s+"aws_eks_cluster"|terraform-aws-modules\/eks\/aws|\/\/modules\/eks\b/;
/** The same in Terraform's JSON syntax, where a resource type is an object key. */
const TF_JSON_CLUSTER = /"aws_eks_cluster"\s*:|terraform-aws-modules\/eks\/aws|\/\/modules\/eks\b/;

const DECLARES = Symbol('declares a cluster');

/**
 * Whether a file declares a cluster, from what it is before refine. Kept on the SourceFile: every
 * analysis asks it of every file, and must not make dropped trees again (engine/residency.ts).
 */
function declaresClusters(f: SourceFile): boolean {
  return memoOn(f, DECLARES, () => declaresClustersOnce(f));
}

function declaresClustersOnce(f: SourceFile): boolean {
  if (f.fragment.clusters.length > 0) return true;
  if (
    f.has('cloudformation') &&
    f.cloudformation?.templates.some((t) => [...t.resources.values()].some((r) => r.type === 'AWS::EKS::Cluster'))
  )
    return true;
  if (f.syntax === 'hcl-json') return TF_JSON_CLUSTER.test(f.text);
  return f.syntax === 'hcl' && TF_CLUSTER.test(f.text);
}

/** The clusters a file declares once refined; refines are memoised by the evaluator services. */
function clustersOf(f: SourceFile, ctx: RefineContext): NetworkModel['clusters'] {
  const refined = terraformBuilder.refine?.(f, ctx) ?? cloudformationBuilder.refine?.(f, ctx) ?? f.fragment;
  return refined.clusters;
}

/** The complete DaemonSet each patch container of a file patches, through the kustomization that applies it. */
interface Bases {
  byContainer: Map<AwsNodeEnv['container'], AwsNodeEnv>;
  files: string[];
}

function patchBases(file: SourceFile, ctx: RefineContext): Bases | undefined {
  if (!file.fragment.awsNode.some((e) => e.source === 'patch')) return undefined;
  const graph = kustomizeGraph(ctx);
  const appliers = (graph.includedBy.get(file.id) ?? []).filter((k) => k.patches.includes(file.id));
  if (appliers.length !== 1) return undefined;
  const found = new Map<AwsNodeEnv['container'], AwsNodeEnv[]>();
  const files: string[] = [];
  for (const id of resourceFiles(graph, appliers[0])) {
    const f = ctx.files.get(id);
    if (!f) continue;
    for (const e of f.fragment.awsNode) {
      if (!e.complete || e.source !== 'daemonset') continue;
      let list = found.get(e.container);
      if (!list) found.set(e.container, (list = []));
      list.push(e);
      if (!files.includes(id)) files.push(id);
    }
  }
  const byContainer = new Map<AwsNodeEnv['container'], AwsNodeEnv>();
  for (const [c, list] of found) if (list.length === 1) byContainer.set(c, list[0]);
  return byContainer.size > 0 ? { byContainer, files } : undefined;
}

/**
 * For each complete aws-node DaemonSet container of a file: per overlay that deploys the file (a
 * kustomization none includes), the patches applied to it on the way, through the kustomizations the
 * overlay reaches. Undefined when no kustomization deploys the file.
 */
interface Deployments {
  byEnv: Map<AwsNodeEnv, AwsNodeEnv[][]>;
  files: string[];
}

function patchDeployments(file: SourceFile, ctx: RefineContext): Deployments | undefined {
  const own = file.fragment.awsNode.filter((e) => e.complete && e.source === 'daemonset');
  if (own.length === 0) return undefined;
  const graph = kustomizeGraph(ctx);
  const overlays = deployingOverlays(graph, file.id);
  if (overlays.length === 0) return undefined;
  const byEnv = new Map<AwsNodeEnv, AwsNodeEnv[][]>(own.map((e) => [e, []]));
  const files: string[] = [];
  for (const o of overlays) {
    const lists = new Map<AwsNodeEnv, AwsNodeEnv[]>(own.map((e) => [e, []]));
    for (const k of reachedKustomizations(graph, o)) {
      for (const id of k.patches) {
        const pf = ctx.files.get(id);
        const bases = pf && patchBases(pf, ctx);
        if (!pf || !bases) continue;
        for (const e of pf.fragment.awsNode) {
          const base = e.source === 'patch' ? bases.byContainer.get(e.container) : undefined;
          if (!base || !lists.has(base)) continue;
          lists.get(base)!.push(e);
          if (!files.includes(id)) files.push(id);
        }
      }
    }
    for (const [e, list] of lists) byEnv.get(e)!.push(list);
  }
  return { byEnv, files };
}

/** A kustomization and every kustomization among its resources, transitively. */
function reachedKustomizations(graph: KustomizeGraph, k: Kustomization): Kustomization[] {
  const out: Kustomization[] = [];
  const seen = new Set<string>();
  const walk = (x: Kustomization) => {
    if (seen.has(x.id)) return;
    seen.add(x.id);
    out.push(x);
    for (const id of x.resources) {
      const inner = graph.byId.get(id);
      if (inner) walk(inner);
    }
  };
  walk(k);
  return out;
}

const BOUND = Symbol('bound aws-node fragments');

interface BoundEntry {
  id: string;
  bases: readonly AwsNodeEnv[];
  deployed: readonly (AwsNodeEnv | undefined)[];
  out: NetworkModel;
}

/**
 * The file's fragment with its unbound sources tied to the cluster and its patches to their base.
 * Kept while the binding and the base objects stay the same, so an analysis that reaches the same
 * answer keeps the same fragment and its networks.
 */
function boundFragment(
  fragment: NetworkModel,
  b: Binding | undefined,
  bases: Bases | undefined,
  deployed: Deployments | undefined,
): NetworkModel {
  const holder = memoOn(fragment, BOUND, () => ({ entry: undefined as BoundEntry | undefined }));
  const id = b ? `${b.cluster}\n${b.why}` : '';
  const baseList = bases ? [...bases.byContainer.values()] : [];
  // The deployments flattened, undefined between overlays and between containers, for comparison.
  const deployedList = deployed
    ? [...deployed.byEnv].flatMap(([e, ls]) => [e, ...ls.flatMap((l) => [...l, undefined]), undefined])
    : [];
  const same = <T>(x: readonly T[], y: readonly T[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  const last = holder.entry;
  if (last && last.id === id && same(last.bases, baseList) && same(last.deployed, deployedList)) return last.out;
  const out: NetworkModel = { ...emptyModel(), ...fragment };
  out.awsNode = fragment.awsNode.map((e): AwsNodeEnv => {
    let copy = e;
    if (b && e.cluster === undefined)
      copy = b.why ? { ...e, cluster: b.cluster, scope: b.why } : { ...e, cluster: b.cluster };
    const base = e.source === 'patch' ? bases?.byContainer.get(e.container) : undefined;
    if (base) copy = { ...copy, base };
    const deployedWith = deployed?.byEnv.get(e);
    if (deployedWith) copy = { ...copy, deployedWith };
    return copy;
  });
  if (b)
    out.loadBalancers = fragment.loadBalancers.map((lb) =>
      lb.cluster !== undefined ? lb : { ...lb, cluster: b.cluster, ...(b.why ? { scope: b.why } : {}) },
    );
  holder.entry = { id, bases: baseList, deployed: deployedList, out };
  return out;
}
