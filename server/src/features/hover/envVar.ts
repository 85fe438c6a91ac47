import type { HoverProvider } from './provider';
import { envVarDoc, renderEnvVarDoc } from '../../catalog/envCatalog';
import { bold } from '../../base/markdown';

/** Hover on an aws-node env var name, in any source that declares one: what it does, type, defaults. */
export const envVarHover: HoverProvider = (ctx) => {
  for (const cfg of ctx.model.awsNode) {
    if (cfg.file !== ctx.file.id) continue;
    for (const v of cfg.vars) {
      // Approximate names all span their enclosing block; a hover there could name the wrong one.
      if (v.approximate) continue;
      const s = v.nameAt.span;
      if (ctx.offset < s.start || ctx.offset > s.end) continue;
      const doc = envVarDoc(v.name);
      const contents = doc
        ? renderEnvVarDoc(v.name, doc, cfg.container)
        : `${bold(v.name)}\n\nThe VPC CNI does not read this variable.`;
      return { span: s, contents };
    }
  }
  return undefined;
};
