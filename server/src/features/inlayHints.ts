import type { NetworkModel } from '../model/types';
import type { EngineSettings } from '../base/settings';
import { awsUsable } from '../base/cidr';
import { cidrValue } from '../model/cidrValues';
import type { EditorFeature } from './provider';

/** A label shown in the editor right after `offset` (UTF-16, like every engine position). */
export interface InlayHint {
  offset: number;
  label: string;
}

/** Inlay hints for the context's file; empty when the setting is off. */
export const inlayHintsFeature: EditorFeature<void, InlayHint[]> = {
  id: 'inlayHints',
  run: (ctx) => inlayHintsFor(ctx.model, ctx.file.id, ctx.settings),
};

/**
 * Usable addresses after each subnet's IPv4 CIDR in the file (" 251 usable" after a /24): the
 * number that decides how many nodes and pods fit, which the block's notation hides. Values that
 * are unresolved or invalid get no hint. Off when the user turns inlay hints off.
 */
export function inlayHintsFor(model: NetworkModel, fileId: string, settings: EngineSettings): InlayHint[] {
  if (!settings.inlayHints) return [];
  const out: InlayHint[] = [];
  for (const s of model.subnets) {
    const c = cidrValue(s.cidr, 4);
    // A block with host bits set carries cidr-invalid's warning; its hover explains the network it becomes.
    if (!c || c.hostBits || c.value.at.file !== fileId) continue;
    out.push({ offset: c.value.at.span.end, label: ` ${awsUsable(c.cidr).toLocaleString('en-US')} usable` });
  }
  return out.sort((a, b) => a.offset - b.offset);
}
