import type { Span } from '../../base/span';
import type { CfnEvaluation, SourceFile } from '../sourceFile';
import { type LNode, isMap, isSeq } from '../../parsers/tree';
import { fnCall, type CfnTemplate } from '../../evaluators/cloudformation/template';
import { Evaluator } from '../../evaluators/cloudformation/evaluate';
import type { CfnValue } from '../../evaluators/cloudformation/values';
import { findParameterFile } from '../builders/cloudformation/parameters';
import { plainPaths } from '../builders/cloudformation/parameterSetting';
import { memoOn } from '../../base/memo';
import type { EvaluatedAt, EvaluatorService, WorkspaceView } from './service';

/**
 * The CloudFormation evaluator service. A template is evaluated with its parameters file's values
 * (the `cloudFormationParameterFiles` setting, else a file named after the template), else with the
 * parameters' defaults. The Evaluator for that choice is kept on the template's SourceFile and made
 * again only when the parameters file, or its text, changes; the builder and the hover share it.
 */
const PATHS = Symbol('file ids by plain path');

/** A template's parameters file: its id, its values, and the text they were read from. */
export interface TemplateParameters {
  id: string;
  values: Map<string, string>;
  text: string;
}

/** A template evaluated with a parameters file's values, or with its defaults when there is none. */
export function evaluateTemplate(template: CfnTemplate, params: TemplateParameters | undefined): CfnEvaluation {
  return {
    template,
    evaluator: new Evaluator(template, params?.values ?? new Map()),
    paramsId: params?.id,
    paramsText: params?.text,
  };
}

export class CloudFormationService implements EvaluatorService<CfnValue> {
  readonly name = 'cloudformation';

  /**
   * The parameters file the workspace gives a template file now (the setting, else a file named
   * after the template), with the text it has; undefined when there is none. Reads no template.
   */
  parameters(ws: WorkspaceView, file: SourceFile): TemplateParameters | undefined {
    const mapping = ws.settings.cloudFormationParameterFiles;
    // The workspace's paths are indexed once per view (one analysis), and only when the setting is used.
    const byPath = mapping ? memoOn(ws, PATHS, () => plainPaths(ws.files)) : undefined;
    const params = findParameterFile(file.id, ws.files, mapping, byPath);
    return params && { ...params, text: ws.files.get(params.id)?.text ?? '' };
  }

  /** One template of the file, evaluated with the parameters the workspace gives it now. */
  evaluation(ws: WorkspaceView, file: SourceFile, template: CfnTemplate): CfnEvaluation {
    const state = (file.cloudformation ??= {
      templates: [template],
      evaluations: new Map<CfnTemplate, CfnEvaluation>(),
    });
    const params = this.parameters(ws, file);
    const paramsText = params?.text;
    const hit = state.evaluations.get(template);
    if (hit && hit.paramsId === params?.id && hit.paramsText === paramsText) return hit;
    const evaluation = evaluateTemplate(template, params);
    state.evaluations.set(template, evaluation);
    return evaluation;
  }

  /** The innermost intrinsic call under the cursor, then the calls around it. */
  *valuesAt(ws: WorkspaceView, file: SourceFile, offset: number): Iterable<EvaluatedAt<CfnValue>> {
    if (file.syntax === 'hcl' || !file.cloudformation) return;
    const doc = file.yaml?.documents.find((d) => offset >= d.span.start && offset <= d.span.end && d.root);
    const template = file.cloudformation.templates.find((t) => t.root === doc?.root);
    if (!template) return;
    const calls = callsAt(file.text, template.root, offset);
    if (!calls.length) return;
    const { evaluator, paramsId } = this.evaluation(ws, file, template);
    for (const call of calls.reverse()) {
      const value = evaluator.eval(call.node);
      const name = fnCall(call.node)?.name;
      yield { span: call.span, values: [{ value }], reference: name === 'Ref', inputsFrom: paramsId };
    }
  }
}

/** Where a node starts including its tag: the tag is written just before the node's own span. */
function startOf(text: string, n: LNode): number {
  if (!n.tag) return n.span.start;
  const at = text.lastIndexOf(n.tag, n.span.start);
  return at >= 0 && /^\s*$/.test(text.slice(at + n.tag.length, n.span.start)) ? at : n.span.start;
}

/** The intrinsic calls whose text (tag included) contains the offset, outermost first. */
function callsAt(text: string, root: LNode, offset: number): { node: LNode; span: Span }[] {
  const found: { node: LNode; span: Span }[] = [];
  const seen = new Set<LNode>();
  let cur: LNode | undefined = root;
  while (cur && !seen.has(cur)) {
    seen.add(cur);
    const span = { start: startOf(text, cur), end: cur.span.end };
    if (fnCall(cur)) found.push({ node: cur, span });
    const inside = (n: LNode) => offset >= startOf(text, n) && offset <= n.span.end;
    let next: LNode | undefined;
    if (isMap(cur)) next = cur.entries.find((e) => inside(e.value))?.value;
    else if (isSeq(cur)) next = cur.items.find(inside);
    cur = next;
  }
  return found;
}
