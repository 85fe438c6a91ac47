/**
 * Text helpers for messages that quote the workspace. A value can be megabytes long (a 10 MB
 * string in a template), and a finding that repeats it is unreadable and heavy to send, store and
 * render; every message that embeds a workspace value cuts it here.
 */

/** Characters of a quoted value kept in a message. */
export const MAX_VALUE_LENGTH = 120;

/**
 * The value, or its first characters with an ellipsis and the full length when it is longer than
 * `max`. Never splits a surrogate pair, and keeps the result on one line.
 */
export function clip(value: string, max = MAX_VALUE_LENGTH): string {
  if (value.length <= max) return value;
  let end = max - 1;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${value.slice(0, end)}… (${value.length} characters)`;
}

/**
 * What to say when eksnet's own code failed on an input: a stack overflow means the input was
 * nested or repeated beyond what eksnet can follow, which a user can act on; anything else is a bug
 * whose (cut) message helps a report.
 */
export function describeError(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message))
    return 'the input is nested or repeated more deeply than eksnet can follow';
  const message = e instanceof Error ? e.message : String(e);
  return clip(message, 300);
}
