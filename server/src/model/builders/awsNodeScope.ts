import picomatch from 'picomatch';
import type { Builder } from './builder';
import type { SourceFile } from '../sourceFile';
import { emptyModel, type AwsNodeEnv, type NetworkModel } from '../types';
import type { RefineContext } from '../evaluation';
import { memoOn } from '../../base/memo';
import { cloudformationBuilder } from './cloudformation';
import { terraformBuilder } from './terraform';
import { plainPath } from './terraformVarFiles';

/**
 * Cluster scope for aws-node settings that name no cluster: a DaemonSet, a kustomize patch, Helm
 * values, `kubectl set env`, add-on configuration on its own. They are applied to whichever
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
    const b = binding(file, ctx);
    if (!b) return undefined;
    return boundFragment(file.fragment, b);
  },
  inputs(file, ctx) {
    return binding(file, ctx)?.inputs;
  },
  structure(file) {
    return declaresClusters(file) ? 'declares a cluster' : undefined;
  },
};

interface Binding {
  cluster: string;
  why: string;
  inputs: readonly string[];
}

function unbound(file: SourceFile): boolean {
  return file.fragment.awsNode.some((e) => e.cluster === undefined);
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
    return { cluster: [...keys][0], why: `eksnet.clusterScopes names cluster \`${byName}\` for this file`, inputs };
  }
  // The nearest enclosing folder whose subtree declares a cluster decides; several there is ambiguous.
  const segments = path.split('/').slice(0, -1);
  for (let n = segments.length; n >= 0; n--) {
    const folder = segments.slice(0, n).join('/');
    const prefix = folder === '' ? '' : `${folder}/`;
    const inside = declaring.filter((d) => d.path.startsWith(prefix));
    if (inside.length === 0) continue;
    const keys = new Map<string, string>();
    for (const d of inside) {
      const f = ctx.files.get(d.id);
      if (f) for (const c of clustersOf(f, ctx)) keys.set(c.key, c.name);
    }
    if (keys.size === 0) continue;
    if (keys.size !== 1) return undefined;
    const [[key, name]] = [...keys];
    // A workspace-relative folder is named in full; of an absolute path, the last folder is enough.
    // The workspace's only cluster needs no explanation: related information says nothing more then.
    const where = folder === '' ? undefined : `${folder.startsWith('/') ? folder.split('/').pop() : folder}/`;
    return {
      cluster: key,
      why: where === undefined ? '' : `\`${name}\` is the only cluster declared in ${where}`,
      inputs: inside.map((d) => d.id),
    };
  }
  return undefined;
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

/** Whether a file declares a cluster, from what it is before refine (cheap, kept per file). */
function declaresClusters(f: SourceFile): boolean {
  if (f.fragment.clusters.length > 0) return true;
  if (f.cloudformation?.templates.some((t) => [...t.resources.values()].some((r) => r.type === 'AWS::EKS::Cluster')))
    return true;
  return f.syntax === 'hcl' && TF_CLUSTER.test(f.text);
}

/** The clusters a file declares once refined; refines are memoised by the evaluator services. */
function clustersOf(f: SourceFile, ctx: RefineContext): NetworkModel['clusters'] {
  const refined = terraformBuilder.refine?.(f, ctx) ?? cloudformationBuilder.refine?.(f, ctx) ?? f.fragment;
  return refined.clusters;
}

const BOUND = Symbol('bound aws-node fragments');

/**
 * The file's fragment with its unbound sources tied to the cluster. One object per fragment and
 * binding, so an analysis that reaches the same binding keeps the same fragment and its networks.
 */
function boundFragment(fragment: NetworkModel, b: Binding): NetworkModel {
  const cache = memoOn(fragment, BOUND, () => new Map<string, NetworkModel>());
  const id = `${b.cluster}\n${b.why}`;
  let out = cache.get(id);
  if (!out) {
    out = { ...emptyModel(), ...fragment };
    out.awsNode = fragment.awsNode.map((e): AwsNodeEnv => (e.cluster === undefined ? bind(e, b) : e));
    cache.clear();
    cache.set(id, out);
  }
  return out;
}

function bind(e: AwsNodeEnv, b: Binding): AwsNodeEnv {
  return b.why ? { ...e, cluster: b.cluster, scope: b.why } : { ...e, cluster: b.cluster };
}
