import { CST } from 'yaml';
import type { Interner } from './interner';
import { scalarNode, type LScalar } from './tree';
import { decline, isSpaceOrEnd, skipSpaces, type Line } from './yamlDirectLines';
import { unmask } from './yamlScalars';

/**
 * Block scalars (`|`, `|-`, `|+`, `>`, `>-`, `>+`, with or without an indentation indicator such
 * as `|2`) for the direct YAML path (yamlDirect.ts): the `UserData: !Base64 |`, ConfigMap `data:`
 * and eksctl `overrideBootstrapCommand: |` values that real files are full of.
 *
 * Two things make a block scalar: where its text ends, which the yaml package's Lexer decides
 * (parseBlockScalar and continueScalar in parse/lexer.js) and which moves the ends of every
 * collection around it, and its value, which the Composer works out from that text
 * (resolve-block-scalar.js: indentation, folding, chomping). The first is the Lexer's loop
 * restated over the text here, line by line in the same order; the second is the package's own
 * public `CST.resolveAsScalar`, the very function the Composer calls, so folding and chomping are
 * exact by construction once the text is. Anything the Composer would report (more-indented
 * leading empty lines without an indentation indicator, a malformed header) declines: `onError`
 * declines, and headers beyond one chomping and one indentation indicator are not read.
 */
export function blockScalar(
  text: string,
  line: Line,
  at: number,
  col: number,
  tag: string | undefined,
  strings: Interner,
): LScalar {
  // The header: the indicator, at most one chomping and one indentation indicator in either
  // order (what both the Lexer and the Composer read alike), then spaces and a comment.
  let h = at + 1;
  let chomp = '';
  let explicit = 0;
  for (; h < line.ce && h < at + 3; h++) {
    const c = text[h];
    if (!chomp && (c === '-' || c === '+')) chomp = c;
    else if (!explicit && c >= '1' && c <= '9') explicit = Number(c);
    else break;
  }
  if (!isSpaceOrEnd(text, h, line.ce)) decline();
  const rest = skipSpaces(text, h, line.ce);
  if (rest < line.ce && text[rest] !== '#') decline();
  // The text starts on the line after the header (the header's line break is part of the header).
  const start = line.next;
  // Content must be indented past the collection's column: the Lexer's `indentNext` after a `:`
  // or a `-` indicator is the column of the key or the dash plus one. An indentation indicator
  // counts from the collection's column, in the Lexer as in the Composer (the token's `indent`).
  const end = blockEnd(text, start, col + 1, explicit, chomp === '+');
  const props: CST.SourceToken[] = [
    { type: 'block-scalar-header', offset: at, indent: col, source: text.slice(at, h) },
  ];
  // Only the lengths of these count (the header's length is where the text starts); the comment is
  // split off as the Lexer splits it.
  if (rest > h) props.push({ type: 'space', offset: h, indent: col, source: text.slice(h, rest) });
  if (rest < line.ce) props.push({ type: 'comment', offset: rest, indent: col, source: text.slice(rest, line.ce) });
  if (line.next > line.ce)
    props.push({ type: 'newline', offset: line.ce, indent: col, source: text.slice(line.ce, start) });
  const token: CST.BlockScalar = {
    type: 'block-scalar',
    offset: at,
    indent: col,
    props,
    source: text.slice(start, end),
  };
  const r = CST.resolveAsScalar(token, false, decline) ?? decline();
  if (r.range[1] !== end) decline();
  const value = strings.get(unmask(r.value));
  return scalarNode(value, value, 'block', at, end, tag);
}

/**
 * Where the Lexer ends a block scalar whose text starts at `pos` (parseBlockScalar with the whole
 * text at hand: tabs and lone `\r` never reach the direct path). `indentNext` is the least
 * indentation of its content; `keep` is the `+` chomping indicator, without which trailing lines
 * of spaces no longer than the first content line's indentation are left out.
 */
function blockEnd(text: string, pos: number, indentNext: number, explicit: number, keep: boolean): number {
  const n = text.length;
  // Skip empty lines to the first line with content; `indent` is its indentation.
  let nl = pos - 1;
  let indent = 0;
  for (let i = pos; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 32) indent++;
    else if (ch === 10) {
      nl = i;
      indent = 0;
    } else if (ch !== 13) break;
  }
  if (indent >= indentNext) {
    // The indentation is detected from that line (or given by the header); the scalar goes on
    // over lines indented as much and over empty ones.
    indentNext = explicit ? indentNext - 1 + explicit : indent;
    for (;;) {
      const cs = continues(text, nl + 1, indentNext);
      if (cs === -1) break;
      nl = text.indexOf('\n', cs);
      if (nl === -1) {
        nl = n;
        break;
      }
    }
  }
  if (!keep) {
    // Trailing lines of spaces no longer than `indent` are left to what follows the scalar.
    for (;;) {
      let i = nl - 1;
      let ch = text.charCodeAt(i);
      if (ch === 13) ch = text.charCodeAt(--i);
      const lastChar = i;
      while (ch === 32) ch = text.charCodeAt(--i);
      if (ch === 10 && i >= pos && i + 1 + indent > lastChar) nl = i;
      else break;
    }
  }
  return Math.min(nl + 1, n);
}

/** The Lexer's continueScalar for a block scalar: where the line at `offset` goes on, or -1 if it ends the scalar. */
function continues(text: string, offset: number, indentNext: number): number {
  let indent = 0;
  let ch = text.charCodeAt(offset);
  while (ch === 32) ch = text.charCodeAt(++indent + offset);
  if (ch === 13 && text.charCodeAt(indent + offset + 1) === 10) return offset + indent + 1;
  return ch === 10 || indent >= indentNext ? offset + indent : -1;
}
