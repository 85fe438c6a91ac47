/**
 * Decides how to read a file from its name and first bytes. Content decides what a YAML or JSON
 * document *is* (Kubernetes object, eksctl config, CloudFormation template...); that happens in the
 * builders, document by document.
 */
export type Syntax = 'yaml' | 'json' | 'hcl' | 'hcl-json' | 'shell' | 'binary' | 'none';

export function syntaxOf(path: string, text: string): Syntax {
  const lower = path.toLowerCase();
  const base = lower.slice(Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\')) + 1);
  let syntax: Syntax;
  if (base.endsWith('.tf.json') || base.endsWith('.tfvars.json')) syntax = 'hcl-json';
  else if (base.endsWith('.tf') || base.endsWith('.tfvars')) syntax = 'hcl';
  else if (base.endsWith('.yaml') || base.endsWith('.yml')) syntax = 'yaml';
  else if (base.endsWith('.json')) syntax = 'json';
  else if (base.endsWith('.template') || base.endsWith('.cfn'))
    syntax = /^\s*[{[]/.test(text.slice(0, 200)) ? 'json' : 'yaml';
  else if (base.endsWith('.sh') || base.endsWith('.bash')) syntax = 'shell';
  else syntax = 'none';
  if (syntax !== 'none' && looksBinary(text)) return 'binary';
  return syntax;
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
