import type { HoverContext, HoverProvider } from './provider';
import type { Span } from '../../base/span';
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
  // Destructuring takes the innermost call only; the service evaluates nothing further.
  const [at] = ctx.evaluators.cloudformation.valuesAt(ctx, ctx.file, ctx.offset);
  return at && { span: at.span, contents: contents(ctx, at.span, at.values[0].value, at.inputsFrom) };
};

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
