import type { Expr } from './hclAst';
import type { Problem } from '../base/problem';
import type { LScalar } from './tree';
import { parseHcl } from './hcl';
import type { Span } from '../base/span';

/**
 * String templates of Terraform's JSON syntax: a JSON string where an expression is expected is
 * literal text with `${ expr }` interpolations (and `$${` / `%%{` escapes). Each interpolation's
 * expression is parsed by the native parser and its spans are mapped back into the JSON file
 * through the string's escapes, so findings land on the characters the user wrote.
 */
export interface Cx {
  text: string;
  problems: Problem[];
}

/** At most this many syntax problems per file, as for native HCL. */
export const MAX_PROBLEMS = 10;

/** Source offsets of each UTF-16 unit of a JSON string's decoded value (one extra for the end). */
function offsets(raw: string, start: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < raw.length;) {
    out.push(start + i);
    if (raw[i] !== '\\') {
      i++;
      continue;
    }
    i += raw[i + 1] === 'u' ? 6 : 2;
  }
  out.push(start + raw.length);
  return out;
}

/** Parses a string scalar as a template: literal text, `${ expr }` interpolations, `$${` escapes. */
export function template(n: LScalar, cx: Cx): Expr {
  const s = String(n.value);
  if (!s.includes('${') && !s.includes('%{')) return { t: 'lit', value: s, span: n.span };
  const quoted = n.style === 'double' && cx.text[n.span.start] === '"';
  const rawStart = quoted ? n.span.start + 1 : n.span.start;
  const rawEnd = quoted ? n.span.end - 1 : n.span.end;
  let offs = offsets(cx.text.slice(rawStart, rawEnd), rawStart);
  // The decoded value and the source must agree in length; if not (an unusual escape), every
  // position falls back to the whole string.
  if (offs.length !== s.length + 1) offs = Array.from({ length: s.length + 1 }, () => n.span.start);
  const at = (i: number) => offs[Math.max(0, Math.min(i, offs.length - 1))];
  const parts: (string | Expr)[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      lit += s[i + 1] + '{';
      i += 3;
      continue;
    }
    if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      const end = closing(s, i + 2);
      if (lit) parts.push(lit);
      lit = '';
      const span = { start: at(i), end: at(end < 0 ? s.length : end + 1) };
      if (end < 0) {
        parts.push({ t: 'bad', why: 'unclosed interpolation', span });
        report(cx, 'Syntax error: missing "}" to close the interpolation.', span);
        break;
      }
      if (s[i] === '%')
        parts.push({ t: 'bad', why: 'template directives (%{ if } / %{ for }) are not evaluated', span });
      else parts.push(interpolation(s.slice(i + 2, end), i + 2, at, span, cx));
      i = end + 1;
      continue;
    }
    lit += s[i];
    i++;
  }
  if (lit) parts.push(lit);
  return { t: 'tpl', parts, span: n.span };
}

/** The index of the `}` closing an interpolation opened before `from`, skipping nested braces and strings. */
function closing(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

const PREFIX = 'x = ';

/** Parses the expression of one interpolation with the native parser and maps its spans back. */
function interpolation(src: string, from: number, at: (i: number) => number, whole: Span, cx: Cx): Expr {
  // `~` strip markers only trim whitespace around the interpolation; the value is the same.
  const body = src.replace(/^~/, ' ').replace(/~$/, ' ');
  const p = parseHcl(PREFIX + body);
  const a = p?.body.attributes[0];
  if (!p || !a || p.body.blocks.length || p.body.attributes.length !== 1) {
    report(cx, 'Syntax error: the interpolation is not a valid expression.', whole);
    return { t: 'bad', why: 'invalid interpolation', span: whole };
  }
  const map = (o: number) => at(from + Math.max(0, o - PREFIX.length));
  for (const pr of p.problems)
    report(cx, pr.message, { start: map(pr.span.start), end: Math.max(map(pr.span.end), map(pr.span.start) + 1) });
  return remap(a.expr, map) as Expr;
}

/** Copies an AST with every span passed through `f`. */
function remap(x: unknown, f: (o: number) => number): unknown {
  if (Array.isArray(x)) return x.map((i) => remap(i, f));
  if (!x || typeof x !== 'object') return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === 'span' && v && typeof v === 'object') {
      const s = v as Span;
      out[k] = { start: f(s.start), end: f(s.end) };
    } else out[k] = remap(v, f);
  }
  return out;
}

function report(cx: Cx, message: string, span: Span): void {
  if (cx.problems.length < MAX_PROBLEMS) cx.problems.push({ message, span, severity: 'error' });
}
