import type { HoverProvider } from './provider';
import { envVarHover } from './envVar';
import { instanceTypeHover } from './instanceType';
import { cidrHover } from './cidr';
import { terraformHover } from './terraform';
import { cloudformationHover } from './cloudformation';
import { placeholderHover } from './placeholder';
import { loadBalancerHover } from './loadBalancer';

/** Every hover provider, most specific first. The only place providers are registered. */
export const HOVER_PROVIDERS: HoverProvider[] = [
  envVarHover,
  instanceTypeHover,
  terraformHover,
  cloudformationHover,
  cidrHover,
  loadBalancerHover,
  placeholderHover,
];
