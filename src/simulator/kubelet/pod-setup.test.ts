/**
 * What the kubelet prepares before a container runs: images (and their pull errors),
 * volumes in the atomic-writer layout, the environment, `/etc/hosts` and the hostname —
 * observed from inside the containers through `kubectl exec`'s path (NodeStreams).
 */
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContainerTarget } from '../apiserver/pod-subresources/node-streams.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';

const CONFIGMAPS = findResource('', 'v1', 'configmaps') as ResourceInfo;
const SECRETS = findResource('', 'v1', 'secrets') as ResourceInfo;

let c: KubeletCluster;

beforeEach(async () => {
  c = await kubeletCluster();
});

afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

function target(name: string, container: string): ContainerTarget {
  const pod = c.pod(name);
  return {
    namespace: 'default',
    podName: name,
    podUID: pod.metadata.uid ?? '',
    container,
    nodeName: pod.spec?.nodeName as string,
    pod,
  };
}

/** `kubectl exec p -c container -- argv…`: stdout, stderr and the exit code. */
async function exec(name: string, container: string, argv: string[], stdin?: string) {
  const session = await c.kubelets.streams.exec(target(name, container), argv, {
    stdin: stdin !== undefined,
    stdout: true,
    stderr: true,
    tty: false,
  });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const end = await session.run({
    stdin: stdin !== undefined ? Readable.from([Buffer.from(stdin)]) : null,
    stdout,
    stderr,
    resize: null,
    signal: new AbortController().signal,
  });
  return {
    code: end.exitCode,
    stdout: Buffer.concat(out).toString(),
    stderr: Buffer.concat(err).toString(),
  };
}

async function logs(name: string, container: string, options: Record<string, unknown> = {}) {
  const stream = await c.kubelets.streams.logs(
    target(name, container),
    { follow: false, previous: false, timestamps: false, ...options },
    new AbortController().signal,
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const waiting = (name: string) => c.pod(name).status.containerStatuses[0].state.waiting;
const messages = (name: string) =>
  c
    .events()
    .filter((e) => (e.involvedObject as { name?: string }).name === name)
    .map((e) => `${e.reason}: ${e.message}`);

describe('shared volumes', () => {
  it("serves the debian container's file from nginx (the notes' two-container pod)", async () => {
    await c.run(
      {
        volumes: [{ name: 'shared-data', emptyDir: {} }],
        containers: [
          {
            name: 'nginx-container',
            image: 'nginx:1.27',
            volumeMounts: [{ name: 'shared-data', mountPath: '/usr/share/nginx/html' }],
          },
          {
            name: 'debian-container',
            image: 'debian',
            volumeMounts: [{ name: 'shared-data', mountPath: '/pod-data' }],
            command: ['/bin/sh'],
            args: [
              '-c',
              'echo Hello from the debian container > /pod-data/index.html && sleep 999',
            ],
          },
        ],
      },
      'two-containers',
    );
    await c.advance(3000);
    expect(c.pod('two-containers').status.phase).toBe('Running');
    const read = await exec('two-containers', 'nginx-container', [
      'cat',
      '/usr/share/nginx/html/index.html',
    ]);
    expect(read).toEqual({ code: 0, stdout: 'Hello from the debian container\n', stderr: '' });
    const served = await exec('two-containers', 'nginx-container', ['curl', '-s', 'localhost']);
    expect(served.stdout).toBe('Hello from the debian container\n');
  });

  it('projects a configMap with the ..data layout, read-only', async () => {
    await c.registry.create(CONFIGMAPS, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { color: 'blue' },
    });
    await c.run({
      volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          volumeMounts: [{ name: 'cfg', mountPath: '/etc/config' }],
        },
      ],
    });
    await c.advance(2000);
    expect((await exec('p', 'app', ['cat', '/etc/config/color'])).stdout).toBe('blue');
    const listing = (await exec('p', 'app', ['ls', '-a', '/etc/config'])).stdout.split(/\s+/);
    expect(listing).toEqual(expect.arrayContaining(['..data', 'color']));
    expect(listing.some((name) => /^\.\.2025_03_01_10_00_0\d\.\d+$/.test(name))).toBe(true);
    const write = await exec('p', 'app', ['sh', '-c', 'echo x > /etc/config/new']);
    expect(write.code).not.toBe(0);
    expect(write.stderr).toContain('Read-only file system');
  });

  it('keeps a pod with a missing configMap in ContainerCreating with FailedMount', async () => {
    await c.run({
      volumes: [{ name: 'cfg', configMap: { name: 'absent' } }],
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }],
    });
    await c.advance(2000);
    expect(waiting('p')).toEqual({ reason: 'ContainerCreating' });
    expect(messages('p')).toContain(
      'FailedMount: MountVolume.SetUp failed for volume "cfg" : configmap "absent" not found',
    );
    await c.registry.create(CONFIGMAPS, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'absent' },
      data: { a: '1' },
    });
    await c.advance(5000);
    expect(c.pod('p').status.phase).toBe('Running');
  });
});

describe('environment', () => {
  it('resolves value, fieldRef, configMapKeyRef, secretKeyRef and $(VAR)', async () => {
    await c.registry.create(CONFIGMAPS, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { color: 'blue' },
    });
    await c.registry.create(SECRETS, 'default', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { password: Buffer.from('s3cret').toString('base64') },
    });
    await c.run({
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          env: [
            { name: 'GREETING', value: 'hi' },
            { name: 'MESSAGE', value: '$(GREETING) there' },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } },
            { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          ],
        },
      ],
    });
    await c.advance(2000);
    const env = (await exec('p', 'app', ['env'])).stdout.split('\n');
    expect(env).toEqual(
      expect.arrayContaining([
        'MESSAGE=hi there',
        'POD_NAME=p',
        `POD_IP=${c.pod('p').status.podIP}`,
        'COLOR=blue',
        'PASSWORD=s3cret',
        'HOSTNAME=p',
        'KUBERNETES_SERVICE_HOST=10.96.0.1',
      ]),
    );
  });

  it('reports CreateContainerConfigError for a missing configMap key', async () => {
    await c.run({
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }],
        },
      ],
    });
    await c.advance(2000);
    expect(waiting('p')).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'configmap "nope" not found',
    });
    expect(messages('p')).toContain('Failed: Error: configmap "nope" not found');
  });
});

describe('images', () => {
  it('goes ErrImagePull then ImagePullBackOff for an unknown tag', async () => {
    await c.run({ containers: [{ name: 'app', image: 'nginx:nope' }] });
    await c.advance(500);
    expect(waiting('p').reason).toBe('ErrImagePull');
    expect(waiting('p').message).toContain('docker.io/library/nginx:nope: not found');
    await c.advance(2000);
    expect(waiting('p')).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "nginx:nope"',
    });
    expect(messages('p')).toEqual(
      expect.arrayContaining([
        'Pulling: Pulling image "nginx:nope"',
        'Failed: Error: ErrImagePull',
        'BackOff: Back-off pulling image "nginx:nope"',
        'Failed: Error: ImagePullBackOff',
      ]),
    );
  });
});

describe('pod identity', () => {
  it('writes /etc/hosts and the hostname, and shares one PID namespace on request', async () => {
    await c.run(
      {
        shareProcessNamespace: true,
        containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }],
      },
      'web',
    );
    await c.advance(2000);
    const ip = c.pod('web').status.podIP;
    expect((await exec('web', 'app', ['cat', '/etc/hosts'])).stdout).toBe(
      `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ip}\tweb\n`,
    );
    expect((await exec('web', 'app', ['hostname'])).stdout).toBe('web\n');
    const ps = (await exec('web', 'app', ['ps'])).stdout;
    expect(ps).toMatch(/^\s+1 root\s+0:00 \/pause$/m);
    expect(ps).toMatch(/sleep 3600/);
  });
});

describe('logs and exec', () => {
  it('serves current and previous logs, with tail and timestamps', async () => {
    await c.run({
      containers: [
        { name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo one; echo two; exit 1'] },
      ],
    });
    await c.advance(2000);
    expect(await logs('p', 'app')).toBe('one\ntwo\n');
    expect(await logs('p', 'app', { tailLines: 1 })).toBe('two\n');
    expect(await logs('p', 'app', { timestamps: true, tailLines: 1 })).toMatch(
      /^2025-03-01T10:00:0\d(\.\d+)?Z two\n$/,
    );
    expect(await logs('p', 'app', { previous: true })).toBe('one\ntwo\n');
  });

  it('answers exec with the exit code and stdin', async () => {
    await c.run({
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }],
    });
    await c.advance(2000);
    expect(await exec('p', 'app', ['sh', '-c', 'exit 7'])).toMatchObject({ code: 7 });
    expect((await exec('p', 'app', ['cat'], 'piped\n')).stdout).toBe('piped\n');
    await expect(exec('p', 'app', ['nosuch'])).rejects.toThrow(
      'exec: "nosuch": executable file not found in $PATH',
    );
  });

  it('attaches to a stdin container: input reaches its shell, its output comes back', async () => {
    await c.run({
      containers: [
        { name: 'app', image: 'busybox:1.36', command: ['sh'], stdin: true, stdinOnce: true },
      ],
    });
    await c.advance(2000);
    const session = await c.kubelets.streams.attach(target('p', 'app'), {
      stdin: true,
      stdout: true,
      stderr: true,
      tty: false,
    });
    const stdout = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => out.push(chunk));
    const end = await session.run({
      stdin: Readable.from([Buffer.from('echo attached\nexit 5\n')]),
      stdout,
      stderr: null,
      resize: null,
      signal: new AbortController().signal,
    });
    expect(end.exitCode).toBe(0);
    expect(Buffer.concat(out).toString()).toBe('attached\n');
    await c.advance(100);
    expect(c.pod('p').status.containerStatuses[0].lastState.terminated).toMatchObject({
      exitCode: 5,
      reason: 'Error',
    });
  });

  it('refuses logs of a container still waiting to start', async () => {
    await c.run({
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }],
    });
    await expect(logs('p', 'app')).rejects.toThrow(
      'container "app" in pod "p" is waiting to start: ContainerCreating',
    );
  });
});
