import type { TextEdit } from '../base/finding';
import type { SourceFile } from '../model/sourceFile';
import type { ValueChange } from '../model/change';
import * as cfn from './cloudformation';
import * as hcl from './terraform';
import { appendListItemEdit, removeEntryEdit } from './envEdits';
import { rewriteWritten } from './scalar';
import { pushAll } from '../base/arrays';

/** A fix's changes as text, and whether writing them overwrites more than a literal value. */
export interface FixEdits {
  edits: TextEdit[];
  /**
   * True when a `set` change replaces an expression (`!Ref Dns`, `var.dns`, a function call)
   * rather than a literal or nothing: the value then stops following its parameter or variable,
   * which changes more than the finding, so such a fix is never applied by `lint --fix`.
   */
  overwritesExpression: boolean;
}

/**
 * The one way a fix becomes text: rules describe changes (model/change.ts), and this turns them
 * into edits with the edit layer of the syntax the handle came from (the located YAML/JSON tree,
 * HCL, or a value as written). All changes of a fix apply or none does: a fix that can only be
 * half written is not offered. Every edit is then written with the line endings of the file it
 * edits, so no layer has to get them right on its own.
 */
export function changeEdits(
  changes: readonly ValueChange[],
  files: ReadonlyMap<string, SourceFile>,
): FixEdits | undefined {
  const out: TextEdit[] = [];
  let overwritesExpression = false;
  for (const c of changes) {
    const edits = oneChange(c, files);
    if (!edits?.length) return undefined;
    if (c.kind === 'set') overwritesExpression ||= edits.some((e) => !literalOrBlank(files.get(e.file)?.text, e));
    pushAll(out, edits);
  }
  // A module `terraform init` installed is overwritten by the next init: a fix there would be lost.
  if (out.some((e) => /[\\/]\.terraform[\\/]/.test(e.file))) return undefined;
  return { edits: out.map((e) => withLineEndings(e, files.get(e.file)?.text ?? '')), overwritesExpression };
}

/** Whether an edit replaces nothing, blank space, or a boolean literal (quoted or not). */
function literalOrBlank(text: string | undefined, e: TextEdit): boolean {
  if (text === undefined) return false;
  const old = text.slice(e.span.start, e.span.end).trim();
  return /^(["']?)(true|false)?\1$/i.test(old);
}

function oneChange(c: ValueChange, files: ReadonlyMap<string, SourceFile>): TextEdit[] | undefined {
  switch (c.kind) {
    case 'set': {
      const file = files.get(c.item.file);
      if (!file) return undefined;
      return c.item.syntax === 'tree'
        ? cfn.setAttribute(c.item, c.attribute, c.value, file)
        : hcl.setAttribute(c.item, c.attribute, c.value, file);
    }
    case 'replace':
    case 'renameKey': {
      const file = files.get(c.target.at.file);
      return file && rewriteWritten(file.text, c.target, c.kind === 'replace' ? c.value : c.newKey);
    }
    case 'addEntry': {
      if ('tagsOf' in c.container) {
        const item = c.container.tagsOf;
        const file = files.get(item.file);
        if (!file) return undefined;
        return item.syntax === 'tree'
          ? cfn.addTag(item, c.key, c.value, file)
          : hcl.addTag(item, c.key, c.value, file, files);
      }
      const file = files.get(c.container.file);
      return file && appendListItemEdit(file.text, c.container, c.key, c.value);
    }
    case 'removeEntry': {
      const file = files.get(c.container.file);
      return file && removeEntryEdit(file.text, c.container, c.entry);
    }
  }
}

/**
 * Rewrites the line breaks of an edit's new text to those of the file where it lands: the break
 * ending the line of the edit (or the one before it, on a last line without one), `\n` when the
 * file has a single line. A CRLF file gets CRLF, a mixed file what the surrounding line uses.
 */
export function withLineEndings(e: TextEdit, text: string): TextEdit {
  if (!e.newText.includes('\n')) return e;
  let nl = text.indexOf('\n', e.span.start);
  if (nl < 0) nl = text.lastIndexOf('\n', e.span.start - 1);
  const eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  return { ...e, newText: e.newText.replace(/\r?\n/g, eol) };
}
