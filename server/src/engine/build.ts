import { syntaxOf, isGoTemplate } from '../parsers/detect';
import { parseYaml, type YamlCache } from '../parsers/yaml';
import { parseJson } from '../parsers/json';
import { emptyModel } from '../model/types';
import { BUILDERS } from '../model/builders';
import { newSourceFile, type Residency, type SourceFile } from '../model/sourceFile';
import { commentSuppressions } from '../base/suppressions';
import { pushAll } from '../base/arrays';
import { describeError } from '../base/messages';
import type { LineIndex } from '../base/lineIndex';
import { structureOf } from './ruleRun';

/** Words that mark a file as one of ours, so its syntax errors are worth reporting. */
const OURS =
  /\b(ENIConfig|aws-node|aws-vpc-cni|eksctl\.io|AWSTemplateFormatVersion|AWS::EC2::|AWS::EKS::|ClusterConfig)\b/;

/** How buildSourceFile builds a file; see there. */
interface BuildOptions {
  lines?: LineIndex;
  edited?: boolean;
  residency?: Residency;
  productsOnly?: boolean;
}

/**
 * Parses a file and runs every builder over it. Never throws; problems go on the file. `yaml` is the
 * calling Engine's parse cache (unchanged documents of a multi-document file keep their trees);
 * `lines` the text's line index when the caller already has it; `edited` false when the file is new
 * to the engine, so no earlier version of it is looked for; `residency` the engine's bound on
 * parse products, which may drop this file's and have them made again (engine/residency.ts);
 * `productsOnly` when only the trees are wanted (the residency making a dropped one again).
 */
export function buildSourceFile(
  id: string,
  text: string,
  yaml: YamlCache,
  { lines, edited = true, residency, productsOnly = false }: BuildOptions = {},
): SourceFile {
  const syntax = syntaxOf(id, text);
  const file = newSourceFile(id, text, syntax, emptyModel(), lines, residency);
  try {
    if (syntax === 'yaml' || syntax === 'json') buildDocuments(file, yaml, edited);
    else for (const b of BUILDERS) if (b.file?.(file, file.fragment)) file.relevant = true;
    if (syntax !== 'binary' && syntax !== 'none')
      pushAll(
        file.suppressions,
        commentSuppressions(text, () => file.lines),
      );
    // Read by every analysis of every file: taken now, while the tree is at hand. A re-parse of a
    // dropped tree (`productsOnly`) keeps only the trees, so it skips this.
    if (!productsOnly) {
      structureOf(file);
      for (const b of BUILDERS) b.built?.(file);
    }
  } catch (e) {
    // A builder bug must not take the server down; it becomes a finding the user can report.
    file.problems.push({
      message: `eksnet could not analyse this file (internal error: ${describeError(e)}).`,
      span: { start: 0, end: 0 },
      severity: 'error',
    });
    file.relevant = true;
  }
  return file;
}

function buildDocuments(file: SourceFile, yaml: YamlCache, edited: boolean): void {
  if (file.syntax === 'yaml' && isGoTemplate(file.text)) {
    file.template = true;
    file.relevant = OURS.test(file.text);
    return;
  }
  const parsed = file.syntax === 'json' ? parseJson(file.text) : parseYaml(file.text, yaml, edited, file.id);
  file.yaml = parsed;
  for (const doc of parsed.documents) {
    for (const b of BUILDERS) {
      if (b.document?.(file, doc, file.fragment)) {
        file.relevant = true;
        break;
      }
    }
  }
  if (parsed.problems.length && (file.relevant || OURS.test(file.text))) {
    file.relevant = true;
    pushAll(file.problems, parsed.problems);
  }
}
