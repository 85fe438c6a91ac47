import type { Span } from './span';

/** A parser's complaint about its input. Parsers return these instead of throwing. */
export interface Problem {
  message: string;
  span: Span;
  severity: 'error' | 'warning' | 'information';
}
