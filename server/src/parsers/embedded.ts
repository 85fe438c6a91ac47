import type { Span } from '../base/span';
import { remap, type LNode, type LScalar } from './tree';
import { parseYaml, type ParsedYaml } from './yaml';

/**
 * YAML written inside a YAML string, such as a kustomize `patch: |` block. The inner text is
 * parsed on its own; `toFile` turns an offset in the inner text into an offset in the file.
 * For a literal block scalar (`|`, `|-`, `|+`) the mapping is exact: each inner line is a file line
 * with the block's indentation removed. For any other style (folded, quoted, escaped) it is not,
 * and every inner offset maps onto the whole scalar, so findings land on the block and no fix
 * edits inside it.
 */
export interface EmbeddedText {
  text: string;
  exact: boolean;
  toFile(offset: number): number;
}

export function embeddedText(fileText: string, scalar: LScalar): EmbeddedText | undefined {
  if (typeof scalar.value !== 'string') return undefined;
  const value = scalar.value;
  const whole = scalar.span;
  // The scalar's span may run to the start of the next line; approximate spans stop at its text.
  let end = whole.end;
  while (end > whole.start && /\s/.test(fileText[end - 1])) end--;
  const approximate: EmbeddedText = {
    text: value,
    exact: false,
    toFile: (o) => (o <= 0 ? whole.start : end),
  };
  if (scalar.style !== 'block') return approximate;
  const header = fileText.slice(whole.start, lineEnd(fileText, whole.start));
  if (!/^\|[-+0-9]*\s*(#.*)?$/.test(header.trimEnd())) return approximate;
  // Content lines: from the line after the header up to the scalar's end.
  const lines: { start: number; text: string }[] = [];
  let pos = nextLine(fileText, whole.start);
  while (pos < whole.end && pos < fileText.length) {
    const end = lineEnd(fileText, pos);
    lines.push({ start: pos, text: fileText.slice(pos, end) });
    pos = nextLine(fileText, end);
  }
  const first = lines.find((l) => l.text.trim() !== '');
  if (!first) return approximate;
  const indent = first.text.length - first.text.trimStart().length;
  const starts: number[] = [];
  const rebuilt: string[] = [];
  for (const l of lines) {
    const content = l.text.length > indent ? l.text.slice(indent) : '';
    if (l.text.trim() !== '' && l.text.slice(0, indent).trim() !== '') return approximate;
    starts.push(l.start + Math.min(indent, l.text.length));
    rebuilt.push(content);
  }
  const strip = (s: string) => s.replace(/\s+$/, '');
  if (strip(rebuilt.join('\n')) !== strip(value)) return approximate;
  const lineOffsets: number[] = [];
  let acc = 0;
  for (const r of rebuilt) {
    lineOffsets.push(acc);
    acc += r.length + 1;
  }
  return {
    text: value,
    exact: true,
    toFile(o: number): number {
      let i = 0;
      while (i + 1 < lineOffsets.length && lineOffsets[i + 1] <= o) i++;
      return Math.min(starts[i] + (o - lineOffsets[i]), whole.end);
    },
  };
}

/** Parses embedded YAML and moves every span of its trees into file offsets. */
export function parseEmbeddedYaml(
  fileText: string,
  scalar: LScalar,
): { parsed: ParsedYaml; exact: boolean } | undefined {
  const emb = embeddedText(fileText, scalar);
  if (!emb) return undefined;
  const parsed = parseYaml(emb.text);
  // Inexact text puts every span on the whole scalar, so no finding points at a wrong character.
  const mapSpan = emb.exact
    ? (s: Span): Span => ({ start: emb.toFile(s.start), end: emb.toFile(s.end) })
    : (): Span => ({ start: emb.toFile(0), end: emb.toFile(1) });
  const cache = new Map<LNode, LNode>();
  return {
    exact: emb.exact,
    parsed: {
      documents: parsed.documents.map((d) => ({
        ...d,
        span: mapSpan(d.span),
        root: d.root ? remap(d.root, mapSpan, cache) : null,
      })),
      problems: parsed.problems.map((p) => ({ ...p, span: mapSpan(p.span) })),
    },
  };
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  const end = i < 0 ? text.length : i;
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

function nextLine(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i + 1;
}
