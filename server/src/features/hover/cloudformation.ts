import type { HoverContext, HoverProvider } from './provider';
import type { Span } from '../../base/span';
import { type LNode, isMap, isSeq } from '../../parsers/tree';
import { recognizeTemplate, fnCall } from '../../evaluators/cloudformation/template';
import { Evaluator } from '../../evaluators/cloudformation/evaluate';
import { findParameterFile } from '../../model/builders/cloudformation/parameters';
import {
  type CfnValue,
  Unknown,
  ResRef,
  Sym,
  AzList,
  NoValue,
  isObject,
  whyNotString,
} from '../../evaluators/cloudformation/values';
import { code, escape } from '../../base/markdown';

/**
 * Hover on a CloudFormation intrinsic function (`!Select [0, !Cidr [...]]`, `!Ref VpcBlock`,
 * `{"Fn::GetAtt": [...]}`): what it evaluates to, with the same parameters (Default or the
 * parameters file) the model uses, or why it is known only at deployment. The innermost call under
 * the cursor wins, so hovering `!Cidr` inside `!Select` shows the whole list.
 */
const MAX_LINES = 24;

export const cloudformationHover: HoverProvider = (ctx) => {
  const root = ctx.path[0];
  if (!root || ctx.file.syntax === 'hcl') return undefined;
  const template = recognizeTemplate(root);
  if (!template) return undefined;
  const call = innermostCall(ctx.file.text, root, ctx.offset);
  if (!call) return undefined;
  const params = findParameterFile(ctx.file.id, ctx.files, ctx.settings.cloudFormationParameterFiles);
  const value = new Evaluator(template, params?.values ?? new Map()).eval(call.node);
  return { span: call.span, contents: contents(ctx, call.span, value, params?.id) };
};

/** Where a node starts including its tag: the tag is written just before the node's own span. */
function startOf(text: string, n: LNode): number {
  if (!n.tag) return n.span.start;
  const at = text.lastIndexOf(n.tag, n.span.start);
  return at >= 0 && /^\s*$/.test(text.slice(at + n.tag.length, n.span.start)) ? at : n.span.start;
}

/** The innermost intrinsic call whose text (tag included) contains the offset. */
function innermostCall(text: string, root: LNode, offset: number): { node: LNode; span: Span } | undefined {
  let found: { node: LNode; span: Span } | undefined;
  const seen = new Set<LNode>();
  let cur: LNode | undefined = root;
  while (cur && !seen.has(cur)) {
    seen.add(cur);
    const span = { start: startOf(text, cur), end: cur.span.end };
    if (fnCall(cur)) found = { node: cur, span };
    const inside = (n: LNode) => offset >= startOf(text, n) && offset <= n.span.end;
    let next: LNode | undefined;
    if (isMap(cur)) next = cur.entries.find((e) => inside(e.value))?.value;
    else if (isSeq(cur)) next = cur.items.find(inside);
    cur = next;
  }
  return found;
}

function show(v: CfnValue): string {
  if (v instanceof Unknown) return `_not known before deployment_: ${escape(v.why)}`;
  if (v instanceof ResRef) return `_known after deployment_: ${escape(whyNotString(v))}`;
  if (v instanceof Sym) return `${code(v.text)} (fixed per deployment: the account and region decide it)`;
  if (v instanceof AzList)
    return `the availability zones of ${code(v.region)}, in order (their names depend on the account)`;
  if (v instanceof NoValue) return '`AWS::NoValue` (the property is removed)';
  if (typeof v === 'string') return code(v);
  if (Array.isArray(v) || isObject(v))
    return code(
      JSON.stringify(v, (_k, x: unknown) =>
        x instanceof Sym ? x.text : x instanceof Unknown || x instanceof ResRef ? '(unknown)' : x,
      ),
    );
  return code(String(v));
}

function contents(ctx: HoverContext, span: Span, v: CfnValue, paramsFile: string | undefined): string {
  const written = ctx.file.text.slice(span.start, span.end).replace(/\s+/g, ' ');
  const lines = [code(written.length > 80 ? `${written.slice(0, 79)}…` : written), ''];
  if (Array.isArray(v)) {
    v.forEach((x, i) => lines.push(`- [${i}] ${show(x)}`));
    if (!v.length) lines.push('= `[]`');
  } else lines.push(`= ${show(v)}`);
  if (lines.length > MAX_LINES + 2)
    lines.splice(MAX_LINES + 2, lines.length, `- … ${lines.length - MAX_LINES - 2} more`);
  if (paramsFile)
    lines.push(
      '',
      `Parameters from ${code(paramsFile.slice(Math.max(paramsFile.lastIndexOf('/'), paramsFile.lastIndexOf('\\')) + 1))}.`,
    );
  return lines.join('\n');
}
