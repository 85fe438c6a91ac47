/**
 * Decides how to read a file from its name and first bytes. Content decides what a YAML or JSON
 * document *is* (Kubernetes object, eksctl config, CloudFormation template...); that happens in the
 * builders, document by document.
 */
import { fileKindOf, type Syntax } from '../base/fileKinds';

export type { Syntax } from '../base/fileKinds';

/**
 * The syntax of a file: its name's kind in base/fileKinds.ts, JSON or YAML by the first characters
 * where the kind allows both.
 */
export function syntaxOf(path: string, text: string): Syntax {
  const kind = fileKindOf(path);
  if (!kind) return 'none';
  if (looksBinary(text)) return 'binary';
  if (kind.syntax === 'yaml-or-json') return /^\s*[{[]/.test(text.slice(0, 200)) ? 'json' : 'yaml';
  return kind.syntax;
}

/** A NUL in the first few kilobytes is how git and grep tell binary from text, too. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

/**
 * Helm templates are Go templates that produce YAML; as written they are not YAML. They are
 * recognised by `{{` actions outside comments, and skipped rather than flooded with parse errors.
 */
export function isGoTemplate(text: string): boolean {
  if (!text.includes('{{')) return false;
  const actions = /\{\{-?\s*(?:\.|\$|include|if|end|range|with|define|template|toYaml|tpl|else|-)/;
  return text.split(/\r?\n/).some((l) => !/^\s*#/.test(l) && actions.test(l));
}
