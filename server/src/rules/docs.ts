/**
 * Where rule documentation lives. Every diagnostic links here (`codeDescription.href`, SARIF
 * `helpUri`); the pages themselves are generated into docs/rules/ from the rule files.
 */
export const DOCS_BASE = 'https://github.com/eksnet/eksnet/blob/main/docs/rules/';

export function ruleDocUrl(id: string): string {
  return id ? `${DOCS_BASE}${id}.md` : DOCS_BASE.replace(/docs\/rules\/$/, '');
}
