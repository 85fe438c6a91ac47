import type { Residency, SourceFile, SyntaxProducts } from '../model/sourceFile';

/**
 * How many YAML and JSON files keep their syntax products (trees, CloudFormation templates) at
 * once, besides the pinned ones. Trees take about ten times their text in memory; the model and
 * the findings, which is all an analysis keeps, take a fraction of that. The bound is wide enough
 * that everything one file's analysis reads (a template with its parameters file, a kustomization
 * with its bases) stays resident through it, and narrow enough that a 10,000-file workspace keeps
 * 2 % of its YAML trees: 400 kept the 10,000-file lint about 13 MiB higher for no gain in time
 * (ARCHITECTURE.md, "Bounded syntax residency"; docs/performance.md).
 */
export const RESIDENT_FILES = 100;

/**
 * Whether a file's products are worth dropping. Terraform's are not: a Terraform tree takes four
 * times as long to make again as a YAML one (0.64 against 0.14 ms a file in the 10,000-file
 * workspace), and every analysis that regroups the workspace evaluates whole folders, reading every
 * Terraform file again, where YAML files are read again only by their own refine.
 */
function droppable(file: SourceFile): boolean {
  return file.syntax !== 'hcl' && file.syntax !== 'hcl-json';
}

/**
 * The engine's bound on parse products: the least recently read files beyond `capacity` drop
 * theirs, and make them again from their text when read (SourceFile.evict, Residency). Pinned files
 * (the editor's open documents) always keep theirs: a keystroke splices its new tree from the old
 * one, and hovers and completion read it.
 */
export class SyntaxResidency implements Residency {
  /** Unpinned files holding their products, least recently read first. */
  private readonly lru = new Map<string, SourceFile>();
  private readonly pinned = new Set<string>();
  private last: SourceFile | undefined;
  /** How often a dropped product was made again (tests and benchmarks read it). */
  reparses = 0;

  constructor(
    private readonly make: (file: SourceFile) => SyntaxProducts,
    private readonly dropped: (file: SourceFile) => void,
    private readonly capacity = RESIDENT_FILES,
  ) {}

  used(file: SourceFile): void {
    // Reads come in runs on one file; only a change of file costs a map update.
    if (file === this.last) return;
    this.last = file;
    if (this.pinned.has(file.id) || !droppable(file)) return;
    this.lru.delete(file.id);
    this.lru.set(file.id, file);
    if (this.lru.size > this.capacity) this.trim();
  }

  reparse(file: SourceFile): SyntaxProducts {
    this.reparses++;
    return this.make(file);
  }

  /** Keeps (or stops keeping) a file's products however long it goes unread. */
  pin(id: string, on: boolean): void {
    if (on) {
      this.pinned.add(id);
      this.lru.delete(id);
    } else this.pinned.delete(id);
  }

  /** Forgets a file that left the engine (a new version replaces its entry when first read). */
  forget(id: string): void {
    this.lru.delete(id);
    if (this.last?.id === id) this.last = undefined;
  }

  /** How many unpinned files hold their products now (tests read it). */
  get resident(): number {
    return this.lru.size;
  }

  private trim(): void {
    for (const [id, f] of this.lru) {
      if (this.lru.size <= this.capacity) break;
      this.lru.delete(id);
      if (f === this.last) this.last = undefined;
      if (f.evict()) this.dropped(f);
    }
  }
}
