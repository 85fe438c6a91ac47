import type { TextEdit } from '../base/finding';
import type { SourceFile } from '../model/sourceFile';
import { cloudFormationFixes } from './cloudformation';
import { terraformFixes } from './terraform';
import type { BooleanAttribute, FixProvider } from './fixProvider';

export type { BooleanAttribute } from './fixProvider';

const PROVIDERS: FixProvider[] = [cloudFormationFixes, terraformFixes];

export function addTagEdits(
  anchor: unknown,
  key: string,
  value: string,
  files: ReadonlyMap<string, SourceFile>,
): TextEdit[] | undefined {
  return PROVIDERS.find((p) => p.accepts(anchor))?.addTag(anchor, key, value, files);
}

export function setBooleanEdits(
  anchor: unknown,
  attribute: BooleanAttribute,
  value: boolean,
  files: ReadonlyMap<string, SourceFile>,
): TextEdit[] | undefined {
  return PROVIDERS.find((p) => p.accepts(anchor))?.setBoolean(anchor, attribute, value, files);
}
