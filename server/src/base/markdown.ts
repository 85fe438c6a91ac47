import { clip } from './messages';

/**
 * The one way hover Markdown embeds text from the workspace. A value is attacker-controlled in an
 * untrusted repository: written into Markdown as is, a backtick closes the code span around it and
 * `![x](https://...)` after it renders a remote image when someone merely hovers. So values go into
 * code spans whose fence is longer than any backtick run inside them, other text is escaped, and
 * links point only at rule docs or at positions in the workspace.
 */

/** Characters of one value shown in a hover. */
export const MAX_HOVER_VALUE = 200;

/**
 * Characters Markdown or HTML read as syntax anywhere in a line (links, images, code, emphasis,
 * tags, entities). An underscore inside a word never starts emphasis, so `aws_vpc` stays as it is.
 */
const INLINE = /[\\`*[\]<>&!|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
/** What makes a line a heading, list item, quote or rule when it starts the text. */
const LINE_START = /^(\s*)(#+|[-+=]+|\d{1,9}[.)])(?=\s|$)/;

/** Plain text that renders as itself: Markdown and HTML syntax backslash-escaped, on one line. */
export function escape(text: string, max = MAX_HOVER_VALUE): string {
  return oneLine(clip(text, max))
    .replace(INLINE, '\\$&')
    .replace(LINE_START, (_, space: string, mark: string) => `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}`);
}

/** **Escaped text.** */
export function bold(text: string, max?: number): string {
  return `**${escape(text, max)}**`;
}

/**
 * Inline code showing the text verbatim: the backtick fence is one longer than the longest run of
 * backticks inside, and a space pads text that starts or ends with a backtick (CommonMark strips
 * one space on each side). Line breaks become spaces, because a code span cannot protect a line
 * from being read as a heading or list item before inline parsing.
 */
export function code(text: string, max = MAX_HOVER_VALUE): string {
  const t = oneLine(clip(text, max));
  const fence = '`'.repeat(longestRun(t, '`') + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ') && t.trim()) ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A fenced code block, with a fence longer than any backtick run in the text. */
export function codeBlock(text: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * A link to a rule's documentation (https) or to a position in a workspace file (a `file:`-like
 * URI the editor opens). Anything else, or a target that is not a URI, is shown as code instead.
 */
export function link(label: string, target: string): string {
  const safe = /^(https:\/\/|file:|vscode-[a-z-]+:|untitled:)/i.test(target) && !/[\s<>]/.test(target);
  if (!safe) return code(target);
  return `[${escape(label)}](${target.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
