import type { Finding, Fix } from '../base/finding';
import type { Span } from '../base/span';
import type { EditorFeature } from './provider';

export interface CodeAction {
  finding: Finding;
  fix: Fix;
}

/**
 * Quick fixes for a range: the fixes of the file's findings whose span touches it. The fixes were
 * described by the rules as changes on model values and written by edits/ in the file's own style
 * and line endings, so this feature only selects; it never edits text itself.
 */
export const codeActionsFeature: EditorFeature<{ span: Span }, CodeAction[]> = {
  id: 'codeActions',
  run(ctx, { span }) {
    const out: CodeAction[] = [];
    for (const finding of ctx.findings) {
      if (finding.span.end < span.start || finding.span.start > span.end) continue;
      for (const fix of finding.fixes) out.push({ finding, fix });
    }
    return out;
  },
};
