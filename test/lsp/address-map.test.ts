import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uri } from '../helpers/lspClient';
import { allText, parseXml } from '../helpers/xml';

/** The `eksnet/addressMap` request and `eksnet/analyzed` notification over the bundled server. */
const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Vpc:',
  '    Type: AWS::EC2::VPC',
  '    Properties:',
  '      CidrBlock: 10.0.0.0/16',
  '  SubnetA:',
  '    Type: AWS::EC2::Subnet',
  '    Properties:',
  '      VpcId: !Ref Vpc',
  '      CidrBlock: 10.0.0.0/24',
  '      AvailabilityZone: us-east-1a',
  '',
].join('\n');

interface MapResult {
  map: {
    version: number;
    vpcs: {
      name: string;
      file: string;
      line: number;
      subnets: { name: string; cidr: string; line: number }[];
      free: string[];
    }[];
  };
  svg: string;
}

let dir: string;
let client: LspClient;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eksnet-lsp-map-'));
  fs.writeFileSync(path.join(dir, 'vpc.yaml'), TEMPLATE);
  client = new LspClient();
  await client.initialize(dir);
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('eksnet/addressMap returns the map JSON (URIs, 0-based lines) and its SVG, following unsaved edits', async () => {
  const file = path.join(dir, 'vpc.yaml');
  await client.waitFor(() => client.analyzed > 0);
  const first = await client.conn.sendRequest<MapResult>('eksnet/addressMap', {});
  assert.equal(first.map.version, 1);
  assert.deepEqual(
    first.map.vpcs.map((v) => [v.name, v.file, v.line]),
    [['Vpc', uri(file), 2]],
  );
  assert.deepEqual(
    first.map.vpcs[0].subnets.map((s) => [s.name, s.cidr, s.line]),
    [['SubnetA', '10.0.0.0/24', 6]],
  );
  assert.ok(allText(parseXml(first.svg)).join('\n').includes('SubnetA 10.0.0.0/24'));

  // An edit not yet analysed is in the next answer, and an `eksnet/analyzed` notification follows.
  const seen = client.analyzed;
  client.open(file, TEMPLATE.replace('10.0.0.0/24', '10.0.8.0/22'));
  const second = await client.conn.sendRequest<MapResult>('eksnet/addressMap', {});
  assert.deepEqual(
    second.map.vpcs[0].subnets.map((s) => s.cidr),
    ['10.0.8.0/22'],
  );
  assert.equal(second.map.vpcs[0].free[0], '10.0.0.0/21');
  await client.waitFor(() => client.analyzed > seen);
});
