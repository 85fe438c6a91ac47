import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embeddedText, parseEmbeddedYaml } from '../../server/src/parsers/embedded';
import { kubectlSetEnv, shellCommands } from '../../server/src/parsers/shell';
import { parseYaml } from '../../server/src/parsers/yaml';
import { getPath, type LScalar } from '../../server/src/parsers/tree';
import { engineOf } from '../helpers/workspace';

function patchScalar(text: string): LScalar {
  const root = parseYaml(text).documents[0].root!;
  return getPath(root, ['patches', 0, 'patch']) as LScalar;
}

test('a literal block scalar maps every inner offset to the same character in the file', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = [
      'patches:',
      '  - patch: |-',
      '      - op: add',
      '',
      '        value:',
      '          name: ENABLE_POD_ENI',
      '  - x: 1',
      '',
    ].join(eol);
    const emb = embeddedText(text, patchScalar(text))!;
    assert.ok(emb.exact);
    for (const word of ['op', 'value', 'ENABLE_POD_ENI']) {
      const inner = emb.text.indexOf(word);
      assert.equal(
        text.slice(emb.toFile(inner), emb.toFile(inner) + word.length),
        word,
        `${JSON.stringify(eol)} ${word}`,
      );
    }
  }
});

test('parsed embedded trees carry file offsets; folded text falls back to the whole scalar', () => {
  const lit = 'patches:\n  - patch: |\n      kind: DaemonSet\n      metadata: {name: aws-node}\n';
  const parsed = parseEmbeddedYaml(lit, patchScalar(lit))!;
  const name = getPath(parsed.parsed.documents[0].root, ['metadata', 'name'])!;
  assert.equal(lit.slice(name.span.start, name.span.end), 'aws-node');
  const folded = 'patches:\n  - patch: >-\n      [{"op": "add",\n        "path": "/x"}]\n';
  const scalar = patchScalar(folded);
  const f = parseEmbeddedYaml(folded, scalar)!;
  assert.equal(f.exact, false);
  const op = getPath(f.parsed.documents[0].root, [0, 'op'])!;
  assert.equal(op.span.start, scalar.span.start);
  assert.equal(folded.slice(op.span.start, op.span.end), '>-\n      [{"op": "add",\n        "path": "/x"}]');
});

test('shell words keep file offsets through quotes and line continuations', () => {
  const text = `kubectl set env ds/aws-node \\\n  A="x y" B='z'\n`;
  const words = shellCommands(text)[0];
  assert.deepEqual(
    words.map((w) => w.text),
    ['kubectl', 'set', 'env', 'ds/aws-node', 'A=x y', 'B=z'],
  );
  const a = words[4];
  assert.equal(text[a.offsets[2]], 'x');
});

test('kubectl set env: resource spellings, namespace, containers and dynamic values', () => {
  const cmds = kubectlSetEnv(
    [
      'kubectl set env daemonset/aws-node -n kube-system WARM_IP_TARGET=5',
      'kubectl -n kube-system set env ds aws-node -c aws-vpc-cni-init DISABLE_TCP_EARLY_DEMUX="true"',
      'kubectl set env daemonset aws-node --env=ENABLE_POD_ENI=$POD_ENI',
      'kubectl set env deployment/aws-node A=1',
      'kubectl set env ds/aws-node -n default A=1',
      'kubectl set env ds/aws-node -c aws-eks-nodeagent A=1',
      'kubectl set env ds/aws-node --list',
      '# kubectl set env ds/aws-node COMMENTED=1',
    ].join('\n'),
  );
  assert.equal(cmds.length, 3);
  assert.deepEqual(
    cmds.map((c) => c.container),
    [undefined, 'aws-vpc-cni-init', undefined],
  );
  assert.equal(cmds[0].vars[0].value, '5');
  assert.equal(cmds[1].vars[0].value, 'true');
  assert.equal(cmds[2].vars[0].name, 'ENABLE_POD_ENI');
  assert.equal(cmds[2].vars[0].value, undefined);
});

test('hover on an env var name works in every source, and EXTERNALSNAT explains SNAT', () => {
  const files: Record<string, string> = {
    'ds.yaml':
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: aws-node}\nspec:\n  template:\n    spec:\n      containers:\n        - name: aws-node\n          env:\n            - name: AWS_VPC_K8S_CNI_EXTERNALSNAT\n              value: "true"\n',
    'values.yaml': 'env:\n  AWS_VPC_K8S_CNI_EXTERNALSNAT: true\n',
    'addon.json': '{"env": {"AWS_VPC_K8S_CNI_EXTERNALSNAT": "true"}}',
    'set.sh': 'kubectl set env ds/aws-node -n kube-system AWS_VPC_K8S_CNI_EXTERNALSNAT=true\n',
    'kustomization.yaml':
      'patches:\n  - target: {kind: DaemonSet, name: aws-node}\n    patch: |-\n      - op: add\n        path: /spec/template/spec/containers/0/env/-\n        value: {name: AWS_VPC_K8S_CNI_EXTERNALSNAT, value: "true"}\n',
  };
  const engine = engineOf(files);
  for (const [id, text] of Object.entries(files)) {
    const h = engine.hover(id, text.indexOf('AWS_VPC_K8S_CNI_EXTERNALSNAT') + 3);
    assert.ok(h, `hover in ${id}`);
    assert.match(h.contents, /AWS_VPC_K8S_CNI_EXTERNALSNAT/);
    assert.match(h.contents, /SNAT/);
    assert.equal(text.slice(h.span.start, h.span.end).replace(/"/g, ''), 'AWS_VPC_K8S_CNI_EXTERNALSNAT', id);
  }
});

test('the model reads each source with the right kind and container', () => {
  const engine = engineOf({
    'values.yaml':
      'image: {tag: v1.23.1}\nenv:\n  WARM_IP_TARGET: 5\ninit:\n  env:\n    DISABLE_TCP_EARLY_DEMUX: "true"\n',
    'addon.json': '{"env": {"ENABLE_POD_ENI": "true"}}',
    'unrelated.yaml': 'env:\n  FOO: bar\n',
  });
  const m = engine.analyze().model.awsNode;
  assert.deepEqual(
    m
      .map((e) => [
        e.file,
        e.source,
        e.container,
        e.vars.map((v) => `${v.name}=${v.value?.kind === 'known' ? v.value.value : '?'}`).join(','),
      ])
      .sort(),
    [
      ['addon.json', 'addon-config', 'aws-node', 'ENABLE_POD_ENI=true'],
      ['values.yaml', 'helm-values', 'aws-node', 'WARM_IP_TARGET=5'],
      ['values.yaml', 'helm-values', 'aws-vpc-cni-init', 'DISABLE_TCP_EARLY_DEMUX=true'],
    ],
  );
});
