import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { initHcl } from '../../server/src/parsers/hcl';
import { corpus, exercise, type Case } from '../helpers/robustness';

/**
 * Property tests over the real fixtures and examples: each is damaged the way editing damages a
 * file (cut off mid-word, lines lost, duplicated or swapped, stray characters, template actions,
 * tags, NULs, lone surrogates, deep nesting) and the whole engine must still answer: no throw, no
 * internal-error finding, every finding inside its file, each run within the deadline.
 */
before(async () => assert.ok(await initHcl(), 'the wasm HCL parser loads'));

const CASES = corpus();
/** FC_RUNS=20 multiplies the runs for a longer hunt; FC_SEED replays a failure. */
const RUNS = Number(process.env.FC_RUNS ?? 1);
const isHcl = (c: Case) => /\.(tf|tfvars)$/.test(c.target);
const SNIPPETS = [
  '{{ .Values.x }}',
  '{{- include "x" . }}',
  '{{',
  '}}',
  '\t',
  '\u0000',
  '\ud800',
  '\udc00',
  '\ufeff',
  '\r',
  '\r\n',
  '!Ref Vpc',
  '!GetAtt Vpc.CidrBlock',
  '!Sub "${AWS::Region}a"',
  '!Select [0, !GetAZs ""]',
  '!Cidr [10.0.0.0/16, 256, 8]',
  '&a ',
  '*a',
  '<<: *a',
  ': ',
  '- ',
  '"',
  "'",
  '#',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '[',
  ']',
  '{',
  '}',
  ',',
  '${',
  '${var.x}',
  '${local.a',
  '%{ if true }',
  '<<EOT\n',
  'count = 1000000000\n',
  'for_each = toset(range(1000))\n',
  'module "loop" {\n  source = "./"\n}\n',
  'locals {\n  a = local.a\n}\n',
  'cidrsubnet(',
  'range(100000)',
  '10.0.0.0/8',
  '::/0',
  '999.1.1.1/33',
  'subnet-',
  'us-east-1a',
  'm5.large',
  'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG',
  '[[[[[[[[[[[[[[[[[[[[',
  '(((((((((((((((((((((',
  '{"a":'.repeat(40),
];

type Mutation =
  | { k: 'truncate'; at: number }
  | { k: 'deleteLine' | 'duplicateLine'; line: number }
  | { k: 'swapLines'; a: number; b: number }
  | { k: 'insert'; at: number; text: string }
  | { k: 'nest'; at: number; depth: number; open: string };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant('truncate' as const), at: fraction }),
  fc.record({ k: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const), line: fraction }),
  fc.record({ k: fc.constant('swapLines' as const), a: fraction, b: fraction }),
  fc.record({
    k: fc.constant('insert' as const),
    at: fraction,
    text: fc.oneof(
      fc.constantFrom(...SNIPPETS),
      fc.string({ maxLength: 8 }),
      fc.string({ maxLength: 4, unit: 'binary' }),
    ),
  }),
  fc.record({
    k: fc.constant('nest' as const),
    at: fraction,
    depth: fc.integer({ min: 50, max: 3000 }),
    open: fc.constantFrom('[', '{', '(', '- ', '!Ref ', 'a: '),
  }),
);

function apply(text: string, m: Mutation): string {
  const pos = (f: number) => Math.floor(f * text.length);
  const lines = text.split('\n');
  const line = (f: number) => Math.min(lines.length - 1, Math.floor(f * lines.length));
  switch (m.k) {
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'deleteLine':
      lines.splice(line(m.line), 1);
      return lines.join('\n');
    case 'duplicateLine':
      lines.splice(line(m.line), 0, lines[line(m.line)]);
      return lines.join('\n');
    case 'swapLines': {
      const [a, b] = [line(m.a), line(m.b)];
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'insert':
      return text.slice(0, pos(m.at)) + m.text + text.slice(pos(m.at));
    case 'nest':
      return text.slice(0, pos(m.at)) + m.open.repeat(m.depth) + text.slice(pos(m.at));
  }
}

function property(cases: Case[]) {
  return fc.property(fc.constantFrom(...cases), fc.array(mutation, { minLength: 1, maxLength: 3 }), (c, ms) => {
    const files = new Map(c.files);
    files.set(c.target, ms.reduce(apply, c.files.get(c.target) ?? ''));
    exercise(files, c.target);
  });
}

test('the corpus holds YAML, JSON and Terraform fixtures', () => {
  assert.ok(CASES.filter(isHcl).length >= 10);
  assert.ok(CASES.filter((c) => /\.json$/.test(c.target)).length >= 3);
  assert.ok(CASES.filter((c) => /\.ya?ml$/.test(c.target)).length >= 100);
});

test('every fixture, unmutated, passes the same checks', () => {
  for (const c of CASES) exercise(c.files, c.target, { every: 97 });
});

test('mutated YAML and JSON fixtures never crash, hang or misplace a finding', () => {
  fc.assert(property(CASES.filter((c) => !isHcl(c))), {
    numRuns: 150 * RUNS,
    seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
  });
});

test('mutated Terraform fixtures never crash, hang or misplace a finding', () => {
  fc.assert(property(CASES.filter(isHcl)), {
    numRuns: 60 * RUNS,
    seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
  });
});
