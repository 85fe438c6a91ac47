import { CST } from 'yaml';
import type { Problem } from '../base/problem';
import { entryOf, mapNode, scalarNode, seqNode, type LEntry, type LNode, type LScalar, type ScalarStyle } from './tree';
import type { Interner } from './interner';
import type { ParsedYaml, YamlDocument } from './yamlTypes';
import { coreValue, emptyScalar, styleOf, unmask } from './yamlScalars';
import { notSure, props, tokensEnd, type Props } from './yamlFastProps';

type Token = CST.Token;
type SourceToken = CST.SourceToken;

/**
 * The located trees of a YAML text built straight from its CST (the yaml package's `Parser`
 * tokens, which parseWhole makes once for both paths), without the package's Composer. Most of a
 * workspace's YAML (Kubernetes manifests, eksctl configs, CloudFormation templates with `!Ref`
 * tags) is block maps, block sequences, scalars and small flow collections; for those the
 * Composer's Document nodes, pairs and per-tag warnings, and our second walk over them, were about
 * a third of the parse time and much of its garbage.
 *
 * The walk is the Composer's own (compose-doc, compose-node, resolve-block-map, resolve-block-seq,
 * resolve-flow-collection in yaml 2.x), kept in the same order so that every range comes out as
 * the Composer computes it, and scalars are resolved by the package's public `CST.resolveAsScalar`,
 * the function the Composer itself uses. Wherever the Composer would report an error, and for
 * everything outside the subset (anchors, aliases, directives, explicit `?` keys, tabs in block
 * indentation, complex keys, pairs inside flow sequences, tags other than `!Name`), the answer is
 * undefined ("not sure") and parseWhole takes the Composer path, which also reports the problems.
 * So the result is either exactly the Composer path's result or nothing;
 * test/unit/yamlFast.test.ts checks that against the Composer path over a corpus and its mutations,
 * which is also what tells when an upgrade of the yaml package changes the Composer's walk.
 */
export function parseFast(tokens: readonly CST.Token[], strings: Interner): ParsedYaml | undefined {
  try {
    return new FastComposer(strings).stream(tokens);
  } catch {
    // NOT_SURE, or a stack overflow on deep nesting, or a bug here: the Composer path knows better.
    return undefined;
  }
}

class FastComposer {
  /** The end of the last node composed, comments and spaces after it included (the yaml `range[2]`). */
  private end = 0;

  constructor(private readonly strings: Interner) {}

  stream(tokens: readonly CST.Token[]): ParsedYaml {
    const documents: YamlDocument[] = [];
    for (const token of tokens) {
      if (token.type === 'document') documents.push(this.document(token, documents.length));
      else if (token.type === 'doc-end') {
        // `...` ends the document before it; its span then reaches past the marker's comments.
        const doc = documents.at(-1) ?? notSure();
        doc.span.end = tokensEnd(token.end, token.offset + token.source.length);
      } else if (!TRIVIA.has(token.type)) {
        // Directives (they change how tags resolve) and error tokens.
        notSure();
      }
    }
    const problems: Problem[] = [];
    return { documents, problems };
  }

  private document(token: CST.Document, index: number): YamlDocument {
    const { offset, start, value, end } = token;
    const p = props(start, 'doc-start', value ?? end?.[0], offset, false, true);
    if (p.found && value && (value.type === 'block-map' || value.type === 'block-seq') && !p.hasNewline) notSure();
    const root = value ? this.node(value, p) : this.empty(p.end, start, p);
    return { root, span: { start: offset, end: tokensEnd(end, this.end) }, index };
  }

  private node(token: Token, p: Props): LNode {
    if (CST.isScalar(token)) return this.scalar(token, p.tag);
    if (token.type === 'block-map') return this.blockMap(token, p.tag);
    if (token.type === 'block-seq') {
      // A tag must be followed by a newline before a block sequence (compose-collection).
      if (p.tag && (!p.newlineAfterProp || p.newlineAfterProp.offset < p.tag.offset)) notSure();
      return this.blockSeq(token, p.tag);
    }
    if (token.type === 'flow-collection') return this.flow(token, p.tag);
    // Aliases and error tokens.
    return notSure();
  }

  private scalar(token: Token, tagToken: SourceToken | null): LScalar {
    let raw: string;
    let span: { start: number; end: number };
    let style: ScalarStyle;
    if (token.type === 'scalar' && isOneLinePlain(token.source)) {
      // Most scalars are one plain line, whose value is its source (resolve-flow-scalar's plainValue
      // folds only across newlines); resolving them here saves a call and two objects each.
      raw = token.source;
      span = { start: token.offset, end: token.offset + raw.length };
      this.end = tokensEnd(token.end, span.end);
      style = 'plain';
    } else {
      const r = CST.resolveAsScalar(token, false, notSure) ?? notSure();
      raw = r.value;
      span = { start: r.range[0], end: r.range[1] };
      this.end = r.range[2];
      style = styleOf(r.type ?? notSure());
    }
    const tag = tagToken?.source;
    const source = this.strings.get(unmask(raw));
    // A scalar with a `!Name` tag is an unresolved tag to the core schema, so it stays a string;
    // only untagged plain scalars are typed.
    const typed = tag === undefined && token.type === 'scalar' ? coreValue(raw) : raw;
    const value = typeof typed === 'string' ? source : typed;
    return scalarNode(value, source, style, span.start, span.end, tag || undefined);
  }

  /** The empty node the Composer makes for a missing key or value (compose-node's composeEmptyNode). */
  private empty(offset: number, before: SourceToken[] | undefined, p: Props): LScalar {
    const at = emptyScalarPosition(offset, before);
    this.end = p.comment ? p.end : at;
    const tag = p.tag?.source;
    return tag ? scalarNode('', '', 'plain', at, at, tag) : emptyScalar(at);
  }

  private blockMap(bm: CST.BlockMap, tagToken: SourceToken | null): LNode {
    const entries: LEntry[] = [];
    let offset = bm.offset;
    let commentEnd: number | null = null;
    for (const { start, key, sep, value } of bm.items) {
      const kp = props(start, 'explicit-key-ind', key ?? sep?.[0], offset, false, true);
      if (kp.found) notSure();
      if (key && (key.type === 'block-seq' || ('indent' in key && key.indent !== bm.indent))) notSure();
      if (!kp.tag && !sep) {
        // Comment lines after the last entry: the map's own range ends before them.
        commentEnd = kp.end;
        continue;
      }
      // Complex keys mean nothing in the formats we read; the Composer path keeps their positions.
      if (key && !CST.isScalar(key)) notSure();
      if (kp.newlineAfterProp || (key && multiLine(key))) notSure();
      const k = key ? this.scalar(key, kp.tag) : this.empty(kp.end, start, kp);
      const vp = props(sep ?? [], 'map-value-ind', value, this.end, false, !key || key.type === 'block-scalar');
      offset = vp.end;
      if (!vp.found || (value?.type === 'block-map' && !vp.hasNewline)) notSure();
      const v = value ? this.node(value, vp) : this.empty(offset, sep, vp);
      offset = this.end;
      entries.push(entryOf(k, v));
    }
    // Written as the Composer writes it: a comment end at offset 0 counts as none.
    if (commentEnd && commentEnd < offset) notSure();
    this.end = commentEnd ?? offset;
    // Arrays at their final length (see the Converter in yamlWhole.ts).
    return mapNode(entries.slice(), false, bm.offset, offset, tagToken?.source);
  }

  private blockSeq(bs: CST.BlockSequence, tagToken: SourceToken | null): LNode {
    const items: LNode[] = [];
    let offset = bs.offset;
    let commentEnd: number | null = null;
    for (const { start, value } of bs.items) {
      const p = props(start, 'seq-item-ind', value, offset, false, true);
      if (!p.found) {
        if (p.tag || value) notSure();
        commentEnd = p.end;
        continue;
      }
      items.push(value ? this.node(value, p) : this.empty(p.end, start, p));
      offset = this.end;
    }
    this.end = commentEnd ?? offset;
    return seqNode(items.slice(), false, bs.offset, offset, tagToken?.source);
  }

  private flow(fc: CST.FlowCollection, tagToken: SourceToken | null): LNode {
    const isMap = fc.start.source === '{';
    const entries: LEntry[] = [];
    const items: LNode[] = [];
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
      const { start, key, sep, value } = fc.items[i];
      const p = props(start, 'explicit-key-ind', key ?? sep?.[0], offset, true, false);
      if (p.found) notSure();
      if (!p.tag && !sep && !value) {
        // A trailing comma (or comments) before the closing bracket; anywhere else an error.
        if ((i === 0 && p.comma) || i < fc.items.length - 1) notSure();
        offset = p.end;
        continue;
      }
      if (i === 0 ? p.comma : !p.comma) notSure();
      if (!isMap && !sep) {
        if (isBlock(value)) notSure();
        items.push(value ? this.node(value, p) : this.empty(p.end, sep, p));
        offset = this.end;
        continue;
      }
      // Pairs inside flow sequences (`[a: b]`) are left to the Composer, as are non-scalar keys.
      if (!isMap || (key && !CST.isScalar(key))) notSure();
      const k = key ? this.scalar(key, p.tag) : this.empty(p.end, start, p);
      const vp = props(sep ?? [], 'map-value-ind', value, this.end, true, false);
      if ((!vp.found && value) || isBlock(value)) notSure();
      const v = value ? this.node(value, vp) : vp.found ? this.empty(vp.end, sep, vp) : null;
      offset = v ? this.end : vp.end;
      // A key without `:` has no value node; the Converter gives it an empty one at the key's end.
      entries.push(entryOf(k, v ?? emptyScalar(k.span.end)));
    }
    const close = fc.end[0] as SourceToken | undefined;
    if (close?.source !== (isMap ? '}' : ']')) notSure();
    const closed = close.offset + close.source.length;
    this.end = tokensEnd(fc.end.slice(1), closed);
    const tag = tagToken?.source;
    return isMap
      ? mapNode(entries.slice(), true, fc.offset, closed, tag)
      : seqNode(items.slice(), true, fc.offset, closed, tag);
  }
}

/** Stream-level tokens the Composer skips or keeps only as comments. */
const TRIVIA = new Set<string>(['byte-order-mark', 'space', 'comment', 'newline']);

/**
 * A plain scalar on one line that resolve-flow-scalar would neither fold nor report: no newline, and
 * not starting with a character a plain scalar may not start with.
 */
function isOneLinePlain(source: string): boolean {
  return source.length > 0 && !source.includes('\n') && !'\t,%|>@`'.includes(source[0]);
}

function isBlock(t: Token | null | undefined): boolean {
  return !!t && (t.type === 'block-map' || t.type === 'block-seq');
}

/**
 * Where the Composer puts an empty node (util-empty-scalar-position): after the last token before
 * it that is not space, comment or newline, past the spaces that follow that token.
 */
function emptyScalarPosition(offset: number, before: SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    let st: SourceToken | undefined = before[i];
    if (st.type === 'space' || st.type === 'comment' || st.type === 'newline') {
      offset -= st.source.length;
      continue;
    }
    st = before[++i];
    while (st?.type === 'space') {
      offset += st.source.length;
      st = before[++i];
    }
    break;
  }
  return offset;
}

/** Whether an implicit key spans lines, which YAML forbids (util-contains-newline, for scalars). */
function multiLine(key: CST.FlowScalar | CST.BlockScalar): boolean {
  return key.type === 'block-scalar' || key.source.includes('\n') || !!key.end?.some((st) => st.type === 'newline');
}
