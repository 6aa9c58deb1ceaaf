/**
 * The oracle: for each `kubectl create <generator>`, the protobuf body real kubectl POSTs must
 * decode to exactly the JSON kubectl prints for the same command with `--dry-run=client -o json`
 * (the same Go object, JSON-encoded by kubectl itself).
 */

import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE } from './decode.js';
import { KubectlCapture, selfSignedCertificate } from './kubectl-capture.test-support.js';

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
if (!kubectl) console.warn('skipping the kubectl protobuf oracle tests: no `kubectl` on PATH');

describe.skipIf(!kubectl)('protobuf bodies sent by real kubectl', () => {
  let capture: KubectlCapture;
  let files: { text: string; binary: string; cert: string; key: string; env: string };

  beforeAll(async () => {
    capture = await KubectlCapture.start();
    const tls = await selfSignedCertificate('tls.example.com');
    files = {
      text: join(capture.dir, 'app.properties'),
      binary: join(capture.dir, 'blob.bin'),
      cert: join(capture.dir, 'tls.crt'),
      key: join(capture.dir, 'tls.key'),
      env: join(capture.dir, 'app.env'),
    };
    await writeFile(files.text, 'color=blue\nsize=10\n');
    // Not UTF-8, so kubectl puts it in binaryData (and base64 in Secret data).
    await writeFile(files.binary, Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x01, 0x02]));
    await writeFile(files.cert, tls.certPem);
    await writeFile(files.key, tls.keyPem);
    await writeFile(files.env, 'MODE=prod\nLEVEL=3\n');
  });

  afterAll(async () => {
    await capture?.stop();
  });

  const cases: [string, () => string[]][] = [
    [
      'secret generic',
      () => [
        'create',
        'secret',
        'generic',
        's',
        '--from-literal=a=b',
        `--from-file=${files.text}`,
        `--from-file=${files.binary}`,
      ],
    ],
    [
      'secret generic with a type',
      () => ['create', 'secret', 'generic', 'typed', '--type=example.com/x', '--from-literal=k=v'],
    ],
    [
      'secret tls',
      () => ['create', 'secret', 'tls', 't', `--cert=${files.cert}`, `--key=${files.key}`],
    ],
    [
      'secret docker-registry',
      () => [
        'create',
        'secret',
        'docker-registry',
        'd',
        '--docker-server=registry.example.com',
        '--docker-username=u',
        '--docker-password=p',
        '--docker-email=u@example.com',
      ],
    ],
    [
      'configmap',
      () => [
        'create',
        'configmap',
        'cm',
        '--from-literal=x=y',
        `--from-file=${files.text}`,
        `--from-file=${files.binary}`,
      ],
    ],
    [
      'configmap from an env file',
      () => ['create', 'configmap', 'envcm', `--from-env-file=${files.env}`],
    ],
    ['namespace', () => ['create', 'namespace', 'team-a']],
    ['serviceaccount', () => ['create', 'serviceaccount', 'sa']],
    ['role', () => ['create', 'role', 'r', '--verb=get', '--resource=pods']],
    [
      'role with resource names',
      () => [
        'create',
        'role',
        'r2',
        '--verb=get,list',
        '--resource=pods,deployments.apps',
        '--resource-name=web',
      ],
    ],
    [
      'rolebinding',
      () => ['create', 'rolebinding', 'rb', '--role=r', '--user=u', '--serviceaccount=default:sa'],
    ],
    [
      'clusterrole',
      () => [
        'create',
        'clusterrole',
        'cr',
        '--verb=get',
        '--resource=namespaces',
        '--non-resource-url=/healthz',
      ],
    ],
    [
      'clusterrole with an aggregation rule',
      () => ['create', 'clusterrole', 'agg', '--aggregation-rule=rbac.example.com/aggregate=true'],
    ],
    [
      'clusterrolebinding',
      () => ['create', 'clusterrolebinding', 'crb', '--clusterrole=cr', '--group=g', '--user=u'],
    ],
    [
      'deployment',
      () => ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'],
    ],
    [
      'deployment with zero replicas and a command',
      () => [
        'create',
        'deployment',
        'job',
        '--image=busybox',
        '--replicas=0',
        '--',
        'sh',
        '-c',
        'echo hi; sleep 3600',
      ],
    ],
    [
      'deployment with two images',
      () => ['create', 'deployment', 'pair', '--image=nginx', '--image=redis:7'],
    ],
  ];

  it.each(cases)('%s decodes to what --dry-run=client -o json prints', async (_name, args) => {
    const posted = await capture.captureCreate(args());
    expect(posted.contentType).toBe(PROTOBUF_CONTENT_TYPE);
    expect(posted.body.subarray(0, 4).toString('latin1')).toBe('k8s\0');
    const expected = await capture.dryRunJson(args());
    const decoded = decodeKubeProtobuf(posted.body);
    expect(decoded).toEqual(expected);
    // Key order too: Go writes struct fields in declaration order, and so do we.
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(expected));
  });

  it('kubectl reports success when the server answers with the decoded JSON', async () => {
    const result = await capture.kubectl(['create', 'configmap', 'ok', '--from-literal=a=1']);
    expect(result).toMatchObject({ code: 0, stdout: 'configmap/ok created\n' });
  });
});
