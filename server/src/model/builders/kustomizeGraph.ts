import type { SourceFile } from '../sourceFile';
import type { WorkspaceView } from '../evaluation';
import { get, isMap, isSeq, str, type LNode } from '../../parsers/tree';
import { memoOn } from '../../base/memo';
import { plainPath } from './terraformVarFiles';

/**
 * Which files kustomizations put together: each `kustomization.yaml` (or `.yml`, `Kustomization`)
 * lists resources (files, or folders holding a kustomization) and patch files (`patches[].path`,
 * `patchesStrategicMerge`, `patchesJson6902[].path`). Used to tie an aws-node source to the
 * clusters of the overlays that deploy it, and a patch to the DaemonSet it patches.
 *
 * What a kustomization lists is part of its structure (`kustomizationStructure`), so the graph
 * changes only with the view's structure token and is worked out once per such token.
 */
export interface Kustomization {
  id: string;
  /** Files the kustomization includes as resources, folders resolved to their kustomization. */
  resources: string[];
  /** Patch files it applies. */
  patches: string[];
}

export interface KustomizeGraph {
  byId: ReadonlyMap<string, Kustomization>;
  /** File id → the kustomizations that list it (as a resource or a patch, or its folder's kustomization). */
  includedBy: ReadonlyMap<string, Kustomization[]>;
}

const NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'kustomization']);

export function isKustomizationFile(id: string): boolean {
  return NAMES.has(baseName(id).toLowerCase());
}

function baseName(id: string): string {
  return id.slice(Math.max(id.lastIndexOf('/'), id.lastIndexOf('\\')) + 1);
}

/** The lists a kustomization file declares, as one string: its structure key. */
export function kustomizationStructure(f: SourceFile): string | undefined {
  if (!isKustomizationFile(f.id)) return undefined;
  const root = f.yaml?.documents[0]?.root;
  if (!isMap(root)) return '';
  const { resources, patches } = lists(root);
  return JSON.stringify([resources, patches]);
}

function lists(root: LNode): { resources: string[]; patches: string[] } {
  const strings = (n: LNode | undefined, field?: string): string[] => {
    if (!isSeq(n)) return [];
    const out: string[] = [];
    for (const item of n.items) {
      const s = field ? str(get(item, field)) : str(item);
      // An inline strategic-merge patch is YAML text, not a path.
      if (s && !s.includes('\n') && !s.includes(':')) out.push(s);
    }
    return out;
  };
  return {
    resources: [...strings(get(root, 'resources')), ...strings(get(root, 'bases'))],
    patches: [
      ...strings(get(root, 'patches'), 'path'),
      ...strings(get(root, 'patchesStrategicMerge')),
      ...strings(get(root, 'patchesJson6902'), 'path'),
    ],
  };
}

const GRAPH = Symbol('kustomize graph');

export function kustomizeGraph(ws: WorkspaceView): KustomizeGraph {
  const compute = () => build(ws.files);
  return ws.structure ? memoOn(ws.structure, GRAPH, compute) : compute();
}

function build(files: ReadonlyMap<string, SourceFile>): KustomizeGraph {
  const byPath = new Map<string, string>();
  for (const id of files.keys()) byPath.set(plainPath(id), id);
  const byId = new Map<string, Kustomization>();
  const includedBy = new Map<string, Kustomization[]>();
  const resolve = (dir: string, rel: string): string | undefined => {
    const p = normalize(dir === '' ? rel : `${dir}/${rel}`);
    if (byPath.has(p)) return byPath.get(p);
    for (const n of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
      const id = byPath.get(p === '' ? n : `${p}/${n}`);
      if (id !== undefined) return id;
    }
    return undefined;
  };
  for (const f of files.values()) {
    if (!isKustomizationFile(f.id)) continue;
    const root = f.yaml?.documents[0]?.root;
    if (!isMap(root)) continue;
    const path = plainPath(f.id);
    const dir = path.slice(0, Math.max(0, path.lastIndexOf('/')));
    const l = lists(root);
    const k: Kustomization = {
      id: f.id,
      resources: l.resources.map((r) => resolve(dir, r)).filter((x): x is string => x !== undefined),
      patches: l.patches.map((r) => resolve(dir, r)).filter((x): x is string => x !== undefined),
    };
    byId.set(f.id, k);
    for (const target of [...k.resources, ...k.patches]) {
      let list = includedBy.get(target);
      if (!list) includedBy.set(target, (list = []));
      list.push(k);
    }
  }
  return { byId, includedBy };
}

/** The overlays that deploy a file: kustomizations that include it, followed up to those none includes. */
export function deployingOverlays(graph: KustomizeGraph, id: string): Kustomization[] {
  const out: Kustomization[] = [];
  const seen = new Set<string>();
  const walk = (target: string) => {
    for (const k of graph.includedBy.get(target) ?? []) {
      if (seen.has(k.id)) continue;
      seen.add(k.id);
      if ((graph.includedBy.get(k.id) ?? []).length === 0) out.push(k);
      else walk(k.id);
    }
  };
  walk(id);
  return out;
}

/** Every file a kustomization's resources reach, through the kustomizations among them. */
export function resourceFiles(graph: KustomizeGraph, k: Kustomization): string[] {
  const out: string[] = [];
  const seen = new Set<string>([k.id]);
  const walk = (ids: readonly string[]) => {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const inner = graph.byId.get(id);
      if (inner) walk(inner.resources);
      else out.push(id);
    }
  };
  walk(k.resources);
  return out;
}

/** Resolves `.` and `..` segments of a slash-separated path. */
function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '.' || (seg === '' && out.length > 0)) continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}
