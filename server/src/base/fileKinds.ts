/**
 * The file kinds eksnet reads: each name ending, the syntax it is read as, and the VS Code languages
 * such files open in. Everything that picks files by name derives from this one table, so they can
 * no longer drift apart: parsers/detect.ts (the syntax), workspace discovery (which files to index),
 * the language server's file watcher, and, written by `npm run generate` and tested in sync, the
 * client's document selector (client/src/fileKinds.generated.ts) and package.json's activation events.
 */
export type Syntax =
  'yaml' | 'json' | 'hcl' | 'hcl-json' | 'shell' | 'makefile' | 'markdown' | 'rst' | 'dockerfile' | 'binary' | 'none';

export interface FileKind {
  /**
   * The name ending, lower case, dot included; or, without a leading dot, a whole file name
   * (`makefile`). Matched without regard to case.
   */
  suffix: string;
  /** For a whole file name: the spellings the file watcher looks for (its globs are case-sensitive). */
  spellings?: readonly string[];
  /** How the file is read; 'yaml-or-json' looks at the first characters (CloudFormation templates come in both). */
  syntax: Exclude<Syntax, 'binary' | 'none'> | 'yaml-or-json';
  /** VS Code language ids such files open in, so the client also sends them when the language is set by hand. */
  languages: readonly string[];
}

/** Longer endings first: `.tf.json` is Terraform before `.json` is JSON. */
export const FILE_KINDS: readonly FileKind[] = [
  { suffix: '.tf.json', syntax: 'hcl-json', languages: ['json'] },
  { suffix: '.tfvars.json', syntax: 'hcl-json', languages: ['json'] },
  { suffix: '.tf', syntax: 'hcl', languages: ['terraform', 'hcl'] },
  { suffix: '.tfvars', syntax: 'hcl', languages: ['terraform-vars'] },
  { suffix: '.yaml', syntax: 'yaml', languages: ['yaml'] },
  { suffix: '.yml', syntax: 'yaml', languages: ['yaml'] },
  { suffix: '.json', syntax: 'json', languages: ['json', 'jsonc'] },
  { suffix: '.template', syntax: 'yaml-or-json', languages: [] },
  { suffix: '.cfn', syntax: 'yaml-or-json', languages: [] },
  { suffix: '.sh', syntax: 'shell', languages: ['shellscript'] },
  { suffix: '.bash', syntax: 'shell', languages: ['shellscript'] },
  // Where `kubectl set env` commands also live: recipes, runbooks' code blocks, RUN lines.
  { suffix: '.mk', syntax: 'makefile', languages: ['makefile'] },
  { suffix: 'makefile', syntax: 'makefile', languages: ['makefile'], spellings: ['Makefile', 'makefile'] },
  { suffix: 'gnumakefile', syntax: 'makefile', languages: ['makefile'], spellings: ['GNUmakefile'] },
  { suffix: '.md', syntax: 'markdown', languages: ['markdown'] },
  { suffix: '.markdown', syntax: 'markdown', languages: ['markdown'] },
  { suffix: '.rst', syntax: 'rst', languages: ['restructuredtext'] },
  { suffix: '.dockerfile', syntax: 'dockerfile', languages: ['dockerfile'] },
  { suffix: 'dockerfile', syntax: 'dockerfile', languages: ['dockerfile'], spellings: ['Dockerfile'] },
  { suffix: 'containerfile', syntax: 'dockerfile', languages: ['dockerfile'], spellings: ['Containerfile'] },
];

/** The kind of a file by its name (a path or URI is fine), or undefined when eksnet does not read it. */
export function fileKindOf(name: string): FileKind | undefined {
  const lower = name.toLowerCase();
  const base = lower.slice(Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\')) + 1);
  return FILE_KINDS.find((k) => (k.suffix.startsWith('.') ? lower.endsWith(k.suffix) : base === k.suffix));
}

/** The last extensions of every kind named by its ending (`json` for `.tf.json`), each once, sorted. */
function extensions(): string[] {
  const endings = FILE_KINDS.filter((k) => k.suffix.startsWith('.'));
  return [...new Set(endings.map((k) => k.suffix.slice(k.suffix.lastIndexOf('.') + 1)))].sort();
}

/** The whole file names of the table, in the spellings the watcher looks for. */
function wholeNames(): string[] {
  return FILE_KINDS.flatMap((k) => (k.suffix.startsWith('.') ? [] : (k.spellings ?? [k.suffix])));
}

/** File names discovery picks up; content decides the rest. */
export const FILE_NAME_PATTERN = new RegExp(
  `(\\.(${extensions().join('|')})|(^|[\\\\/])(${FILE_KINDS.filter((k) => !k.suffix.startsWith('.'))
    .map((k) => k.suffix)
    .join('|')}))$`,
  'i',
);

/**
 * The glob of the language server's file watcher and of the `workspaceContains` activation event:
 * one group of alternatives, no nesting, which every glob dialect involved reads alike.
 */
export const WATCH_GLOB = `**/{${[...extensions().map((e) => `*.${e}`), ...wholeNames()].join(',')}}`;

/** The languages of the table, each once, sorted. */
function languages(): string[] {
  return [...new Set(FILE_KINDS.flatMap((k) => k.languages))].sort();
}

export type DocumentFilter = { scheme: 'file'; language: string } | { scheme: 'file'; pattern: string };

/**
 * The client's document selector: every language of the table, and every file the watcher sees
 * whatever its language.
 */
export function documentSelector(): DocumentFilter[] {
  return [
    ...languages().map((language): DocumentFilter => ({ scheme: 'file', language })),
    { scheme: 'file', pattern: WATCH_GLOB },
  ];
}

/** package.json's activation events: a workspace holding such a file, or a document opened in one of the languages. */
export function activationEvents(): string[] {
  return [`workspaceContains:${WATCH_GLOB}`, ...languages().map((l) => `onLanguage:${l}`)];
}
