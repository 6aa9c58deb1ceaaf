/**
 * The Service table against its oracle: what real kubectl POSTs for `kubectl create service …`
 * (protobuf) decodes to exactly what it prints for the same command with
 * `--dry-run=client -o json`, key order included.
 */

import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE } from './decode.js';
import { KubectlCapture } from './kubectl-capture.test-support.js';

function which(command: string): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

const kubectl = which('kubectl');
if (!kubectl) console.warn('skipping the kubectl Service protobuf tests: no `kubectl` on PATH');

describe.skipIf(!kubectl)('Service protobuf bodies sent by real kubectl', () => {
  let capture: KubectlCapture;
  beforeAll(async () => {
    capture = await KubectlCapture.start();
  });
  afterAll(async () => {
    await capture?.stop();
  });

  const cases: [string, string[]][] = [
    ['clusterip', ['create', 'service', 'clusterip', 'web', '--tcp=80:8080']],
    ['clusterip headless', ['create', 'service', 'clusterip', 'hl', '--clusterip=None']],
    ['nodeport', ['create', 'service', 'nodeport', 'np', '--tcp=80:80', '--node-port=30080']],
    ['loadbalancer', ['create', 'service', 'loadbalancer', 'lb', '--tcp=443:8443,80']],
    [
      'externalname',
      ['create', 'service', 'externalname', 'ext', '--external-name=db.example.com'],
    ],
  ];

  it.each(cases)('%s decodes to what --dry-run=client -o json prints', async (_name, args) => {
    const posted = await capture.captureCreate(args);
    expect(posted.contentType).toBe(PROTOBUF_CONTENT_TYPE);
    const expected = await capture.dryRunJson(args);
    const decoded = decodeKubeProtobuf(posted.body);
    expect(decoded).toEqual(expected);
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(expected));
  });
});
