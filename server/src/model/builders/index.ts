import type { Builder } from './builder';
import { kubernetesBuilder } from './kubernetes';
import { awsNodeKustomizeBuilder } from './awsNodeKustomize';
import { awsNodeValuesBuilder } from './awsNodeValues';
import { awsNodeShellBuilder } from './awsNodeShell';
import { eksctlBuilder } from './eksctl';
import { cloudformationBuilder } from './cloudformation';
import { terraformBuilder } from './terraform';
import { terraformPlanBuilder } from './terraformPlan';
import { awsNodeScopeBuilder } from './awsNodeScope';

/**
 * Every builder, in the order they are offered a document. The first that recognises a document
 * takes it. This list is the only place builders are registered.
 */
export const BUILDERS: Builder[] = [
  cloudformationBuilder,
  eksctlBuilder,
  kubernetesBuilder,
  awsNodeKustomizeBuilder,
  awsNodeValuesBuilder,
  awsNodeShellBuilder,
  terraformPlanBuilder,
  terraformBuilder,
  // Last: it only refines files that no builder above refines (manifests, values, scripts).
  awsNodeScopeBuilder,
];
