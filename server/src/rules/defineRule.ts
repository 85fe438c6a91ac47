import type { Severity } from '../base/finding';
import type { RuleContext } from './context';
import { clip } from '../base/messages';
import type { NetworkModel } from '../model/types';

/**
 * Where a rule runs, which decides what an edit makes it re-check (ARCHITECTURE.md, "Incremental
 * analysis"): `file` rules see one file's model items at a time and re-run only for a file that
 * changed; `network` rules see one network (the VPCs, subnets, clusters and node groups that refer to
 * each other, plus the workspace-wide aws-node settings, ENIConfigs and node selectors) and re-run
 * only for a network one of whose inputs changed; `workspace` rules see every item of the lists they
 * read and re-run when one of those lists changed anywhere.
 */
export type RuleScope = 'file' | 'network' | 'workspace';

/** A list of the network model a rule reads. */
export type ModelList = keyof NetworkModel;

export type RuleCategory = 'kubernetes' | 'cni' | 'cidr' | 'vpc' | 'capacity' | 'custom-networking' | 'syntax';

/**
 * A rule is one file under rules/, named by its id, holding everything a user or a tool needs to
 * know about it: metadata, docs, messages and the check. Docs under docs/rules/ are generated from
 * this, so the text here is the text users read.
 */
export interface RuleMeta<M extends string = string, F extends string = string> {
  id: string;
  defaultSeverity: Severity;
  category: RuleCategory;
  scope: RuleScope;
  /**
   * The model lists the check reads, directly or through a fact it asks. The engine gives a rule
   * only these lists (the others are empty), so an undeclared read finds nothing and the rule's
   * fixtures fail; and it re-runs a rule only when one of these lists changed in its scope.
   */
  reads: readonly ModelList[];
  /** One sentence, ending with a period: what the rule finds. */
  summary: string;
  /** Markdown: why it matters, what breaks in a cluster, and how to fix it. */
  rationale: string;
  /** Message templates keyed by messageId; `{{name}}` is replaced by report data. */
  messages: Record<M, string>;
  /** The fixes the rule offers, keyed by fix id: their titles and whether `lint --fix` applies them. */
  fixes?: Record<F, FixMeta>;
  /** Public sources the rule is based on. */
  references: string[];
  /** Which source formats the rule can fire on, for the docs. */
  sources: string[];
}

/**
 * One fix a rule offers. `safe` says whether `eksnet lint --fix` may apply it unasked: a safe fix
 * changes only what the finding is about and cannot change the meaning of anything else, and it is
 * the one resolution the finding admits (not a guess among several, not a choice the author must
 * make). Anything less is offered as a quick fix only. `why` says in one sentence why it is or is
 * not safe; the rule's generated doc shows both.
 */
export interface FixMeta {
  /** The title; `{{name}}` is replaced by the report's data. */
  title: string;
  safe: boolean;
  why: string;
}

export interface Rule<M extends string = string, F extends string = string> extends RuleMeta<M, F> {
  check(ctx: RuleContext<M, F>): void;
}

export function defineRule<M extends string, F extends string = never>(rule: Rule<M, F>): Rule<M, F> {
  return rule;
}

/**
 * Characters of one `{{value}}` kept in a message: never a whole file, but enough for the lists some
 * rules compose into one value (subnet-ip-exhaustion's per-node-group breakdown runs to several
 * hundred characters for three groups, and cutting it would hide the groups the finding is about).
 */
export const MAX_DATA_LENGTH = 400;

/** Fills a message template; each value is cut to a readable length (see base/messages.ts). */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) =>
    data && k in data ? clip(String(data[k]), MAX_DATA_LENGTH) : `{{${k}}}`,
  );
}
