import { CloudFormationService } from './cloudformation';
import { TerraformService, type TerraformProbe } from './terraform';
import type { WorkspaceView } from './service';

export type { WorkspaceView } from './service';

/**
 * The evaluator services of one Engine, side by side. The Engine creates one set and hands it to
 * builders (`RefineContext`) and editor features (`FeatureContext`); what a service caches is
 * therefore per Engine, and a test gets a fresh set with a fresh Engine.
 */
export class Evaluators {
  readonly cloudformation = new CloudFormationService();
  readonly terraform: TerraformService;

  /** `probes` let a test count what the services compute (see TerraformProbe); the Engine passes none. */
  constructor(probes: { terraform?: TerraformProbe } = {}) {
    this.terraform = new TerraformService(probes.terraform);
  }
}

/** The workspace as builders see it at analysis: its files, settings and this Engine's evaluators. */
export interface RefineContext extends WorkspaceView {
  readonly evaluators: Evaluators;
}
