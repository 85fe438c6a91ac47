import type { CST } from 'yaml';

type Token = CST.Token;
type SourceToken = CST.SourceToken;

/**
 * The token-level half of the fast YAML path (yamlFast.ts): the properties before a node and the
 * trivia after it, read as the yaml package's Composer reads them (resolve-props, resolve-end),
 * except that where the Composer would report anything, or where its answer depends on details
 * the fast path does not follow (anchors, tabs in block context), the walk gives up.
 */

/** Thrown, always this one instance (no stack captured), when the fast path is not sure. */
class NotSure extends Error {}
const NOT_SURE = new NotSure('not in the subset the fast YAML path reads');

export function notSure(): never {
  throw NOT_SURE;
}

export interface Props {
  /** The indicator token looked for (`-`, `:`, `?`, `---`), if present. */
  found: SourceToken | null;
  tag: SourceToken | null;
  hasNewline: boolean;
  /** The last newline after the tag, if there is a tag. */
  newlineAfterProp: SourceToken | null;
  comma: SourceToken | null;
  /** Whether a comment was among the tokens: an empty node then ends after them. */
  comment: boolean;
  /** Where the tokens end. */
  end: number;
}

/**
 * Only local tags of plain names (`!Ref`, `!GetAtt`, `!Sub`): they resolve to themselves, with no
 * handle to look up and no %-escapes to decode, and the core schema leaves their nodes untyped.
 */
const LOCAL_TAG = /^![A-Za-z][A-Za-z0-9_.:-]*$/;

/**
 * The Composer's resolveProps: the space, comments, newlines, tag and indicator before a node.
 * `indicator` is the token type that belongs there; `next` is the token after them, which a tag
 * must be separated from by white space.
 */
export function props(
  tokens: SourceToken[],
  indicator: SourceToken['type'],
  next: Token | undefined,
  offset: number,
  flow: boolean,
  startOnNewline: boolean,
): Props {
  let hasSpace = startOnNewline;
  let comment = false;
  let hasNewline = false;
  let reqSpace = false;
  let tag: SourceToken | null = null;
  let newlineAfterProp: SourceToken | null = null;
  let comma: SourceToken | null = null;
  let found: SourceToken | null = null;
  for (const token of tokens) {
    if (reqSpace) {
      if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') notSure();
      reqSpace = false;
    }
    const type = token.type;
    if (type === 'space') {
      // Whether a tab is indentation (an error) or separation depends on what follows on the line;
      // outside flow collections that is left to the Composer.
      if (!flow && token.source.includes('\t')) notSure();
      hasSpace = true;
    } else if (type === 'comment') {
      if (!hasSpace) notSure();
      comment = true;
    } else if (type === 'newline') {
      hasNewline = true;
      if (tag) newlineAfterProp = token;
      hasSpace = true;
    } else if (type === 'tag') {
      if (tag || !LOCAL_TAG.test(token.source)) notSure();
      tag = token;
      hasSpace = false;
      reqSpace = true;
    } else if (type === indicator) {
      // A tag before the indicator, or the indicator twice.
      if (tag || found) notSure();
      found = token;
      hasSpace = false;
    } else if (type === 'comma' && flow) {
      if (comma) notSure();
      comma = token;
      hasSpace = false;
    } else {
      // Anchors, and tokens that do not belong here.
      notSure();
    }
  }
  const last = tokens.at(-1);
  const end = last ? last.offset + last.source.length : offset;
  if (
    reqSpace &&
    next &&
    next.type !== 'space' &&
    next.type !== 'newline' &&
    next.type !== 'comma' &&
    (next.type !== 'scalar' || next.source !== '')
  )
    notSure();
  return { found, tag, hasNewline, newlineAfterProp, comma, comment, end };
}

/** The Composer's resolveEnd: where the spaces, comments and newlines after a node end. */
export function tokensEnd(tokens: SourceToken[] | undefined, offset: number): number {
  if (!tokens) return offset;
  for (const t of tokens) {
    if (t.type !== 'space' && t.type !== 'comment' && t.type !== 'newline') notSure();
    offset += t.source.length;
  }
  return offset;
}
