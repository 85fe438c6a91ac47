import { performance } from 'node:perf_hooks';
import { Engine } from '../server/src/engine';

function bigYaml(): string {
  const docs: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const subnet = i % 50 === 0 ? 'subnet-bad' : `subnet-0${(i % 9) + 1}abcdef0123456789`;
    docs.push(
      `apiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: pods-${i}\nspec:\n  subnet: ${subnet}\n  securityGroups:\n    - sg-0123456789abcdef0\n`,
    );
  }
  return docs.join('---\n');
}
const e = new Engine();
let text = bigYaml();
e.setFile('/w/big.yaml', text);
e.analyze();
const times: number[] = [];
const N = +(process.env.N ?? 40);
for (let i = 0; i < N; i++) {
  const at = text.indexOf('subnet-0', 2000 + i * 100);
  text = text.slice(0, at) + 'subnet-X' + text.slice(at + 8);
  const t = performance.now();
  e.setFile('/w/big.yaml', text);
  e.analyze();
  e.findings('/w/big.yaml');
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log('yaml keystroke median', times[times.length >> 1].toFixed(1), 'min', times[0].toFixed(1));
