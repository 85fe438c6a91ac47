import type { Builder } from './builder';
import type { EnvVar } from '../types';
import type { LScalar } from '../../parsers/tree';
import { kubectlSetEnv } from '../../parsers/shell';
import { known, unresolved } from '../located';

/**
 * `kubectl set env daemonset/aws-node ...` lines in shell scripts. Each command becomes one env of
 * source `set-env`. It patches the live DaemonSet, so it is never complete; without `-c` it sets
 * the variables on every container, the init container included.
 */
export const awsNodeShellBuilder: Builder = {
  name: 'aws-node-shell',
  file(file, out) {
    if (file.syntax !== 'shell' || !file.text.includes('set') || !file.text.includes('aws-node')) return false;
    const commands = kubectlSetEnv(file.text);
    for (const cmd of commands) {
      const vars: EnvVar[] = cmd.vars.map((a) => {
        const v: EnvVar = {
          name: a.name,
          nameAt: { file: file.id, span: a.nameSpan },
          entryAt: { file: file.id, span: a.span },
        };
        const valueAt = { file: file.id, span: a.valueSpan ?? a.span };
        if (a.value === undefined) {
          v.value = unresolved('depends on the shell (a variable or command substitution)', valueAt);
        } else {
          v.value = known(a.value, valueAt);
          // A synthetic plain scalar over the value's characters lets fixes replace just them;
          // quotes around it stay as the author wrote them.
          if (a.valueSpan)
            v.valueNode = {
              kind: 'scalar',
              value: a.value,
              source: a.value,
              style: 'plain',
              span: a.valueSpan,
            } satisfies LScalar;
        }
        return v;
      });
      out.awsNode.push({
        key: `${file.id}#set-env@${cmd.span.start}`,
        file: file.id,
        at: { file: file.id, span: cmd.span },
        source: 'set-env',
        container: cmd.container ?? 'aws-node',
        complete: false,
        vars,
        workload: `${file.id}#set-env@${cmd.span.start}`,
        ...(cmd.container ? {} : { allContainers: true }),
      });
    }
    return commands.length > 0;
  },
};
