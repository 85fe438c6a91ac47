import { memoOn } from '../../../base/memo';
import type { SourceFile } from '../../sourceFile';
import { type LNode, isMap, isSeq, isScalar, get, str } from '../../../parsers/tree';
import { settingParameterFile } from './parameterSetting';

/**
 * Parameter values for a template come from the file the `cloudFormationParameterFiles` setting
 * maps it to (parameterSetting.ts), else from a file next to it, found by name:
 * `<template base>.parameters.json`, `<template base>.params.json` or
 * `<template base>.template-configuration.json` (base = the template's file name without its
 * extension). Three shapes are read, whatever the file is called:
 * - `aws cloudformation deploy/create-stack` JSON: `[{"ParameterKey": "K", "ParameterValue": "V"}]`;
 * - `--parameter-overrides` as a list of strings: `["K=V", ...]`;
 * - CodePipeline template configuration: `{"Parameters": {"K": "V"}}`.
 */
export function parameterFileCandidates(templateId: string): string[] {
  const slash = Math.max(templateId.lastIndexOf('/'), templateId.lastIndexOf('\\'));
  const dot = templateId.lastIndexOf('.');
  const base = dot > slash ? templateId.slice(0, dot) : templateId;
  return [`${base}.parameters.json`, `${base}.params.json`, `${base}.template-configuration.json`];
}

export interface ParameterFile {
  id: string;
  values: Map<string, string>;
}

/** The parameters file for a template: the one the setting maps it to, else one named after it. */
export function findParameterFile(
  templateId: string,
  files: ReadonlyMap<string, SourceFile>,
  mapping?: Readonly<Record<string, unknown>>,
  byPath?: ReadonlyMap<string, string>,
): ParameterFile | undefined {
  const chosen = settingParameterFile(templateId, mapping, files, byPath);
  for (const id of chosen ? [chosen, ...parameterFileCandidates(templateId)] : parameterFileCandidates(templateId)) {
    const f = files.get(id);
    const values = f && parameterValues(f);
    if (values) return { id, values };
  }
  return undefined;
}

const VALUES = Symbol('parameter values');

/**
 * A parameters file's values, read once per SourceFile (so per text): every analysis asks them for
 * its template, and must not make the file's dropped tree again (engine/residency.ts).
 */
function parameterValues(f: SourceFile): Map<string, string> | undefined {
  return memoOn(f, VALUES, () => {
    const root = f.yaml?.documents[0]?.root;
    return root ? readParameters(root) : undefined;
  });
}

/** Reads any of the three shapes; entries it cannot read are skipped, never guessed. */
export function readParameters(root: LNode): Map<string, string> {
  const out = new Map<string, string>();
  const value = (n: LNode | undefined): string | undefined =>
    isScalar(n) ? str(n) : isSeq(n) && n.items.every(isScalar) ? n.items.map((i) => str(i) ?? '').join(',') : undefined;
  if (isSeq(root)) {
    for (const item of root.items) {
      if (isMap(item)) {
        const k = str(get(item, 'ParameterKey'));
        const v = value(get(item, 'ParameterValue'));
        if (k && v !== undefined) out.set(k, v);
      } else {
        const s = str(item);
        const eq = s?.indexOf('=') ?? -1;
        if (s && eq > 0) out.set(s.slice(0, eq), s.slice(eq + 1));
      }
    }
  } else if (isMap(root)) {
    const params = get(root, 'Parameters');
    if (isMap(params)) {
      for (const e of params.entries) {
        const v = value(e.value);
        if (v !== undefined) out.set(String(e.key.value), v);
      }
    }
  }
  return out;
}
