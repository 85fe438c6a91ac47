import type { TextEdit } from '../base/finding';
import type { WrittenValue } from '../model/change';
import { isYaml11NonString } from '../model/builders/awsNodeValues';

/**
 * Rewrites a value (or key) where it is written, keeping the author's quoting. A scalar whose style
 * a located tree read is rewritten whole: a double-quoted one stays double quoted (a JSON string is
 * valid in YAML, JSON and HCL), a single-quoted one single quoted, and a plain one follows its
 * `plain` policy. Anything else has only the old value's own characters replaced, so quotes,
 * escapes and expressions around them stay as written; when the old value is not written there
 * character for character, there is no edit rather than a guess.
 */
export function rewriteWritten(text: string, w: WrittenValue, newValue: string): TextEdit[] | undefined {
  const { file, span } = w.at;
  const whole = (newText: string): TextEdit[] => [{ file, span, newText }];
  switch (w.style) {
    case 'double':
      return whole(JSON.stringify(newValue));
    case 'single':
      return whole(`'${newValue.replace(/'/g, "''")}'`);
    case 'plain':
      if (w.plain === 'shell') return /^[A-Za-z0-9_.,:/+-]*$/.test(newValue) ? whole(newValue) : undefined;
      if (w.plain === 'quote' || !plainYamlString(newValue)) return whole(JSON.stringify(newValue));
      return whole(newValue);
    case undefined:
      // Not read from a located tree: only the value's own characters are replaced, below.
      break;
  }
  const written = text.slice(span.start, span.end);
  const i = w.value === '' ? -1 : written.indexOf(w.value);
  if (i < 0 || !/^[A-Za-z0-9_.,:/+-]*$/.test(newValue)) return undefined;
  return [{ file, span: { start: span.start + i, end: span.start + i + w.value.length }, newText: newValue }];
}

/** True when YAML (1.1 included) reads `s` unquoted as this very string. */
function plainYamlString(s: string): boolean {
  const probe = { kind: 'scalar', value: s, source: s, style: 'plain', span: { start: 0, end: 0 } } as const;
  return /^[A-Za-z0-9_./-]+$/.test(s) && !isYaml11NonString(probe);
}
