import { attr } from '../../parsers/hclAst';
import { evaluate, type Env } from '../../evaluators/terraform/evaluate';
import type { Decl } from '../../evaluators/terraform/module';
import { asString, type TfValue } from '../../evaluators/terraform/values';

/**
 * What the builders of registry modules (the vpc and eks modules, their security parts) read from
 * a module call: an input's value, and the major version the call pins.
 */

/** The evaluated value of the call's input `name`; undefined when the call does not set it. */
export function moduleInput(call: Decl, env: Env): (name: string) => TfValue | undefined {
  return (name) => {
    const a = attr(call.block.body, name);
    return a ? evaluate(a.expr, env) : undefined;
  };
}

/** The major version from `version = "~> 5.0"`; undefined when not set or without a number (the latest). */
export function moduleMajorVersion(call: Decl, env: Env): number | undefined {
  const v = moduleInput(call, env)('version');
  const s = v ? asString(v) : undefined;
  const m = s ? /(\d+)/.exec(s) : null;
  return m ? Number(m[1]) : undefined;
}
