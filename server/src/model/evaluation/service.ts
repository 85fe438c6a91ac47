import type { Span } from '../../base/span';
import type { EngineSettings } from '../../base/settings';
import type { SourceFile } from '../sourceFile';

/**
 * Evaluator services: one per language that computes values (CloudFormation, Terraform), all of one
 * shape, side by side. Builders get their evaluations from a service, and editor features (hover,
 * completion, later go-to-definition) ask it for the value under the cursor, so nothing outside a
 * service reaches into the evaluators' caches or runs an evaluator a second time.
 *
 * The services live in model/ and not beside the evaluators (evaluators/, rank 2) because they need
 * SourceFile and the workspace's files: which folder is a module, which parameters file applies.
 * Each Engine creates its own services (index.ts), and every evaluation they remember hangs off that
 * Engine or off a SourceFile, so two engines never share one.
 */
export interface EvaluatorService<V> {
  readonly name: 'cloudformation' | 'terraform';
  /**
   * The expressions that contain the offset, innermost first, each evaluated exactly as the model
   * evaluates it (same parameters, variables and instances). Lazy: a caller that takes the first
   * one pays for one evaluation. Literals are not listed: they are their own value. Nothing for a
   * file the service does not evaluate.
   */
  valuesAt(ws: WorkspaceView, file: SourceFile, offset: number): Iterable<EvaluatedAt<V>>;
}

/**
 * What a service needs of the workspace: every file, and the settings that pick evaluation inputs.
 * A view stands for one analysis or one editor request, and its files do not change while it is in
 * use, so what a service derives from the whole workspace (the Terraform folders, the files by path)
 * is memoised on the view (base/memo.ts) and worked out once per analysis, not once per file.
 */
export interface WorkspaceView {
  readonly files: ReadonlyMap<string, SourceFile>;
  readonly settings: EngineSettings;
  /**
   * A token that stays the same object from one view to the next while no file comes or goes and
   * no file's structure (Builder.structure: a .tf file's module calls) changes; a new object
   * otherwise, never equal to any other; undefined when the caller does not track it. A service may
   * keep what it derives from the workspace's layout across views with the same token, looking the
   * files up again in each view (their SourceFiles change with every edit).
   */
  readonly structure?: object;
}

/** One expression under the cursor and what it evaluates to. */
export interface EvaluatedAt<V> {
  /** The expression's text span in the file (for CloudFormation short forms, the tag included). */
  span: Span;
  /**
   * One value, or one per evaluation context: a Terraform resource with count or for_each, or a
   * folder evaluated once per module call, gives one value per instance, labelled by its address.
   */
  values: { label?: string; value: V }[];
  /** True for a reference to something declared elsewhere (`var.x`, `module.vpc.id`), not a computation. */
  reference: boolean;
  /** The file the inputs came from when it is not the file itself (a CloudFormation parameters file). */
  inputsFrom?: string;
}
