import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { FILE_KINDS, WATCH_GLOB } from '../../server/src/base/fileKinds';
import { syntaxOf } from '../../server/src/parsers/detect';
import { discoverFiles } from '../../server/src/workspace/discover';
import { DOCUMENT_SELECTOR } from '../../client/src/fileKinds.generated';
import { REPO, engineOf } from '../helpers/workspace';

/**
 * Every name ending in base/fileKinds.ts is read with a syntax, found by discovery, seen by the
 * file watcher, sent by the client and activates the extension: the places that used to list
 * extensions by hand (and disagreed about .cfn, .bash and .sh) now all follow the table.
 */
const names = FILE_KINDS.flatMap((k) =>
  k.suffix.startsWith('.') ? [`stack${k.suffix}`] : (k.spellings ?? [k.suffix]),
);

test('every file kind has a syntax and is discovered, including .cfn, .bash, Makefile and Dockerfile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-kinds-'));
  try {
    for (const n of [...names, 'notes.txt', 'Makefile.bak', 'mydockerfile'])
      fs.writeFileSync(path.join(dir, n), 'a: 1\n');
    const found = discoverFiles(dir, { maxFiles: 100, maxFileSizeKb: 100 }).files.map((f) => path.basename(f));
    assert.deepEqual(found.sort(), [...names].sort());
    for (const n of names) assert.notEqual(syntaxOf(n, 'a: 1\n'), 'none', n);
    assert.equal(syntaxOf('notes.txt', 'a: 1\n'), 'none');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the watcher glob, the client's document selector and package.json's activation cover every kind", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { activationEvents: string[] };
  const workspaceContains = pkg.activationEvents.find((e) => e.startsWith('workspaceContains:'))!.slice(18);
  const pattern = DOCUMENT_SELECTOR.find((f): f is { scheme: 'file'; pattern: string } => 'pattern' in f)!.pattern;
  for (const glob of [WATCH_GLOB, workspaceContains, pattern])
    for (const n of names) assert.ok(picomatch(glob)(`a/b/${n}`), `${glob} misses ${n}`);
  // A shell script opened in VS Code is a shellscript document: the extension starts and the client sends it.
  assert.ok(pkg.activationEvents.includes('onLanguage:shellscript'));
  assert.ok(DOCUMENT_SELECTOR.some((f) => 'language' in f && f.language === 'shellscript'));
});

test('a CloudFormation template named .cfn is read, in YAML or JSON', () => {
  const yaml = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
`;
  const json = JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } } },
  });
  const model = engineOf({ 'a.cfn': yaml, 'b.cfn': json }).analyze().model;
  assert.deepEqual(
    model.vpcs.map((v) => [v.at.file, v.cidrs[0].kind === 'known' ? v.cidrs[0].value : null]),
    [
      ['a.cfn', '10.0.0.0/16'],
      ['b.cfn', '10.1.0.0/16'],
    ],
  );
});
