import type { HoverProvider } from '../engine/hover';
import { envVarHover } from './envVar';

/** Every hover provider, most specific first. The only place providers are registered. */
export const HOVER_PROVIDERS: HoverProvider[] = [envVarHover];
