import type { Builder } from './builder';
import type { EnvVar } from '../types';
import { kubectlSetEnv } from '../../parsers/shell';
import { known, unresolved } from '../located';
import { placeholders, placeholderWhy } from '../../base/placeholders';

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
          const written = file.text.slice(valueAt.span.start, valueAt.span.end);
          // In a shell `$(...)` is a command substitution, not a kustomize var: only variables are named.
          const found = placeholders(written).filter((p) => p.kind === 'envsubst');
          v.value = unresolved(
            found.length > 0
              ? placeholderWhy(written, found)
              : 'depends on the shell (a variable or command substitution)',
            valueAt,
          );
        } else {
          v.value = known(a.value, valueAt);
        }
        // The value's own characters, so fixes replace just them and quotes around them stay as
        // the author wrote them; a new value is written only where it needs no shell quoting.
        v.edit = {
          name: { at: v.nameAt, value: a.name },
          ...(a.value !== undefined && a.valueSpan
            ? { value: { at: valueAt, value: a.value, style: 'plain' as const, plain: 'shell' as const } }
            : {}),
        };
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
