import type { Builder } from './builder';
import { kubernetesBuilder } from './kubernetes';
import { eksctlBuilder } from './eksctl';

/**
 * Every builder, in the order they are offered a document. The first that recognises a document
 * takes it. This list is the only place builders are registered.
 */
export const BUILDERS: Builder[] = [eksctlBuilder, kubernetesBuilder];
