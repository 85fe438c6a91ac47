import type { Finding, Severity } from '../engine';
import type { Rule } from '../engine';
import { ruleDocUrl } from '../engine';
import type { Locator } from './locate';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/**
 * SARIF 2.1.0, the format code-scanning services read. Columns are UTF-16 code units (declared by
 * `columnKind`), 1-based as SARIF requires; only the rules that produced results are described.
 */
export function toSarif(
  findings: Finding[],
  rules: readonly Rule[],
  loc: Locator,
  display: (id: string) => string,
  version: string,
): string {
  const used = rules.filter((r) => findings.some((f) => f.ruleId === r.id));
  const index = new Map(used.map((r, i) => [r.id, i]));
  const region = (file: string, span: { start: number; end: number }) => {
    const r = loc.range(file, span);
    return {
      startLine: r.start.line + 1,
      startColumn: r.start.character + 1,
      endLine: r.end.line + 1,
      endColumn: r.end.character + 1,
    };
  };
  const location = (file: string, span: { start: number; end: number }) => ({
    physicalLocation: { artifactLocation: { uri: toUri(display(file)) }, region: region(file, span) },
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eksnet',
            version,
            informationUri: ruleDocUrl(''),
            rules: used.map((r) => ({
              id: r.id,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.rationale.split('\n')[0] },
              helpUri: ruleDocUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [location(f.file, f.span)],
          ...(f.related.length
            ? {
                relatedLocations: f.related.map((r, i) => ({
                  id: i + 1,
                  ...location(r.file, r.span),
                  message: { text: r.message },
                })),
              }
            : {}),
          ...(f.fixes.length
            ? {
                fixes: f.fixes.map((x) => ({
                  description: { text: x.title },
                  // Whether `eksnet lint --fix` applies it (Fix.safe).
                  properties: { safe: x.safe },
                  artifactChanges: groupEdits(x.edits).map(([file, edits]) => ({
                    artifactLocation: { uri: toUri(display(file)) },
                    replacements: edits.map((e) => ({
                      deletedRegion: region(file, e.span),
                      insertedContent: { text: e.newText },
                    })),
                  })),
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function groupEdits<E extends { file: string }>(edits: E[]): [string, E[]][] {
  const m = new Map<string, E[]>();
  for (const e of edits) m.set(e.file, [...(m.get(e.file) ?? []), e]);
  return [...m];
}

/** Relative paths stay relative (SARIF resolves them against the run); separators become `/`. */
function toUri(p: string): string {
  return p.split('\\').join('/').split('/').map(encodeURIComponent).join('/').replace(/^%2F/, '/');
}
