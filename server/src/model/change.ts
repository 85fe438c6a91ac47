import type { FileSpan, Span } from '../base/span';
import type { LMap, LSeq, ScalarStyle } from '../parsers/tree';

/**
 * The fix vocabulary. A rule says what must change in the model's terms (set this attribute, add
 * this entry, replace this value, rename this key, remove this entry) and passes handles it got
 * from the model; only edits/ looks inside a handle and turns the change into text edits in the
 * file's own syntax and style. Rules therefore never see file text or syntax nodes, and a format
 * whose builder gives out no handle simply gets no fix.
 */
export type ValueChange =
  | { kind: 'set'; item: ItemRef; attribute: ItemAttribute; value: boolean }
  | { kind: 'replace'; target: WrittenValue; value: string }
  | { kind: 'renameKey'; target: WrittenValue; newKey: string }
  | { kind: 'addEntry'; container: ContainerRef; key: string; value: string }
  | { kind: 'removeEntry'; container: EnvRef; entry: FileSpan };

/** Model attributes a `set` change may write; each format's edit layer knows its own spelling. */
export type ItemAttribute = 'enableDnsSupport' | 'enableDnsHostnames' | 'mapPublicIpOnLaunch' | 'endpointPrivateAccess';

/**
 * A VPC, subnet or cluster as its source declares it, for changes to its attributes and tags: a
 * CloudFormation resource's mapping (YAML or JSON) or a Terraform resource or module block. It holds
 * where the declaration is, not its syntax node, so the model never keeps a file's tree alive.
 */
export type ItemRef =
  | {
      syntax: 'tree';
      file: string;
      /** Where the resource's mapping is written; edits/locate.ts finds it in the file's tree. */
      at: Span;
    }
  | {
      syntax: 'hcl';
      file: string;
      /** Where the resource or module block is written; edits/locate.ts finds it in the file's HCL. */
      at: Span;
      /** For subnets of the vpc module: which `<kind>_subnet_tags` input holds their tags. */
      tagsInput?: string;
      /**
       * For a module block: the input that holds an attribute, where the module spells it otherwise
       * than the resource (the eks module's `cluster_endpoint_private_access`). Written at the top
       * level of the module block, never in a nested block.
       */
      inputs?: Partial<Record<ItemAttribute, string>>;
    };

/**
 * A value (or key) as written: `at` spans it in the file and `value` is what it reads as. Without
 * `style`, a replacement rewrites only the value's own characters inside `at`, so quotes and
 * anything around them stay as written. With `style` (a scalar a located tree read), the whole
 * scalar is rewritten in that quoting, and `plain` says how an unquoted scalar is rewritten.
 */
export interface WrittenValue {
  at: FileSpan;
  value: string;
  style?: Exclude<ScalarStyle, 'block'>;
  /**
   * For a plain scalar: `quote` always quotes the new value (a string field read strictly, such as
   * a Kubernetes env value), `yaml` quotes it only where YAML 1.1 would not read it as a string,
   * `shell` writes it only when it needs no quoting in a shell word.
   */
  plain?: 'quote' | 'yaml' | 'shell';
}

/** The aws-node env list (`- name: X`) or map (`X: v`) of a YAML or JSON tree. */
export interface EnvRef {
  file: string;
  node: LSeq | LMap;
}

/** Where an `addEntry` change adds: the tags of an item, or an aws-node env list. */
export type ContainerRef = { tagsOf: ItemRef } | EnvRef;
