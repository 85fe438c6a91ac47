/**
 * HCL allows a number with an exponent and no fraction (`1e1`, `1E+10`, `5e-3`), but the
 * tree-sitter-terraform grammar's number pattern lacks that form: it reads `1` and then a stray
 * `e1`, and error recovery can drop the whole enclosing block. The grammar is a compiled wasm
 * dependency, so such literals are masked before parsing instead: each becomes an identifier of the
 * same length (offsets stay exact), which parses as a variable, and the converter turns a variable
 * whose original text is a number back into that number (`exponentLiteral`).
 *
 * Only code is masked: comments, quoted strings and heredoc text are skipped, while `${ }` and
 * `%{ }` inside them are code again.
 */

const EXPONENT = /^[0-9]+[eE][+-]?[0-9]+$/;
const NUMBER_AT = /[0-9]+[eE][+-]?[0-9]+/y;
const HEREDOC_AT = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;

/** The number an identifier-shaped node stands for when its original text is a masked exponent literal. */
export function exponentLiteral(original: string): number | undefined {
  return EXPONENT.test(original) ? Number(original) : undefined;
}

type Context = { k: 'code'; depth: number } | { k: 'string' } | { k: 'heredoc'; end: string };

const isIdentStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentPart = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_-]/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** The text with every exponent-without-fraction number in code replaced by a same-length identifier. */
export function maskExponents(text: string): string {
  if (!/[0-9][eE]/.test(text)) return text;
  const parts: string[] = [];
  let last = 0;
  const stack: Context[] = [{ k: 'code', depth: 0 }];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const top = stack[stack.length - 1];
    const c = text[i];
    if (top.k === 'code') {
      if (c === '#' || (c === '/' && text[i + 1] === '/')) {
        const eol = text.indexOf('\n', i);
        i = eol < 0 ? n : eol;
      } else if (c === '/' && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c === '"') {
        stack.push({ k: 'string' });
        i++;
      } else if (c === '<' && text[i + 1] === '<') {
        HEREDOC_AT.lastIndex = i;
        const m = HEREDOC_AT.exec(text);
        if (m) stack.push({ k: 'heredoc', end: m[1] });
        i += m ? m[0].length : 2;
      } else if (c === '{') {
        top.depth++;
        i++;
      } else if (c === '}') {
        // The brace that closes an interpolation returns to the string or heredoc around it.
        if (top.depth === 0 && stack.length > 1) stack.pop();
        else top.depth = Math.max(0, top.depth - 1);
        i++;
      } else if (isIdentStart(c)) {
        while (i < n && isIdentPart(text[i])) i++;
      } else if (isDigit(c)) {
        NUMBER_AT.lastIndex = i;
        const m = text[i - 1] === '.' ? null : NUMBER_AT.exec(text);
        const end = m ? i + m[0].length : i;
        if (m && !isIdentPart(text[end]) && text[end] !== '.') {
          parts.push(text.slice(last, i), `n${'_'.repeat(m[0].length - 1)}`);
          last = i = end;
        } else {
          // Any other number (or a digit run inside `1.5e3`) is skipped whole.
          while (i < n && (isIdentPart(text[i]) || text[i] === '.')) i++;
        }
      } else i++;
      continue;
    }
    if (top.k === 'heredoc' && (i === 0 || text[i - 1] === '\n')) {
      const eol = text.indexOf('\n', i);
      if (text.slice(i, eol < 0 ? n : eol).trim() === top.end) {
        stack.pop();
        i = eol < 0 ? n : eol;
        continue;
      }
    }
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
    else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      stack.push({ k: 'code', depth: 0 });
      i += 2;
    } else if (top.k === 'string' && c === '\\') i += 2;
    else if (top.k === 'string' && (c === '"' || c === '\n')) {
      // A quoted string cannot span lines; an unclosed one ends at the line's end.
      stack.pop();
      i++;
    } else i++;
  }
  if (!parts.length) return text;
  parts.push(text.slice(last));
  return parts.join('');
}
