import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/simulator/clock.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { advanceUntil, NOTES_EPOCH } from './notes-support.js';

/**
 * The notes' experiments through @kubernetes/client-node — the course engine's own client —
 * so they are checked even where no kubectl is installed: notes 1's share-volume pod waits for
 * /data on its node, then nginx serves what debian wrote; the Secret-volume pod reads its files.
 */
const SHARE_VOLUME = `apiVersion: v1
kind: Pod
metadata:
  name: share-volume
spec:
  restartPolicy: Never
  volumes:
  - name: shared-data
    hostPath:
      path: /data
      type: Directory
  containers:
  - name: nginx-container
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: debian-container
    image: debian
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
    command: ["/bin/sh"]
    args: ["-c", "echo 'Hello from the debian container' > /usr/share/nginx/html/index.html"]
`;

const SECRET_VOLUME = `apiVersion: v1
kind: Pod
metadata:
  name: secret-volume
spec:
  containers:
  - name: test-secret-volume
    image: busybox
    args: ["sleep", "3600"]
    volumeMounts:
    - name: mysql-creds
      mountPath: /etc/mysql-creds
      readOnly: true
  volumes:
  - name: mysql-creds
    projected:
      sources:
      - secret:
          name: myuser
      - secret:
          name: mypwd
`;

const pause = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('notes through @kubernetes/client-node', () => {
  let cluster: TestCluster;
  let clock: SimClock;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    clock = new SimClock({ speed: 0, start: NOTES_EPOCH });
    cluster = await startTestCluster({ runPods: true, clock });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.simulator.kubeconfigPath);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const create = (yaml: string) =>
    core.createNamespacedPod({ namespace: 'default', body: k8s.loadYaml<k8s.V1Pod>(yaml) });
  const pod = (name: string) => core.readNamespacedPod({ name, namespace: 'default' });
  /** Moves the clock on until the pod passes `test` (see NotesCluster.advanceUntil). */
  const runUntil = (name: string, test: (pod: k8s.V1Pod) => boolean) =>
    advanceUntil(clock, async () => test(await pod(name)));
  const until = async (name: string, test: (pod: k8s.V1Pod) => boolean) => {
    for (;;) {
      const current = await pod(name);
      if (test(current)) return current;
      await pause();
    }
  };
  const untilEvent = async (name: string, reason: string, message: string) => {
    for (;;) {
      const events = await core.listNamespacedEvent({
        namespace: 'default',
        fieldSelector: `involvedObject.name=${name},reason=${reason}`,
      });
      if (events.items.some((e) => e.message === message)) return;
      await pause();
    }
  };
  /** `kubectl exec`'s path: stdout, stderr and the Status that ends the session. */
  const exec = async (name: string, container: string, command: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(kc)
        .exec('default', name, container, command, stdout, stderr, null, false, resolve)
        .catch(reject);
    });
    return { status: status.status, stdout: out, stderr: err };
  };

  it('share-volume: FailedMount until /data exists on the node, then the page through nginx', async () => {
    await create(SHARE_VOLUME);
    await untilEvent(
      'share-volume',
      'FailedMount',
      'MountVolume.SetUp failed for volume "shared-data" : hostPath type check failed: /data is not a directory',
    );
    const node = (await until('share-volume', (p) => !!p.spec?.nodeName)).spec?.nodeName as string;
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'mkdir-data' },
        spec: {
          nodeName: node,
          restartPolicy: 'Never',
          volumes: [{ name: 'data', hostPath: { path: '/data', type: 'DirectoryOrCreate' } }],
          containers: [{ name: 'true', image: 'busybox:1.36', command: ['true'] }],
        },
      },
    });
    await runUntil('mkdir-data', (p) => p.status?.phase === 'Succeeded');
    const done = (p: k8s.V1Pod) =>
      p.status?.containerStatuses?.[0]?.state?.terminated?.reason === 'Completed';
    await runUntil('share-volume', done);
    const running = await until('share-volume', done);
    expect(running.status?.phase).toBe('Running');
    expect(running.status?.containerStatuses?.map((s) => [s.name, s.ready])).toEqual([
      ['debian-container', false],
      ['nginx-container', true],
    ]);
    expect(await exec('share-volume', 'nginx-container', ['curl', '-s', 'localhost'])).toEqual({
      status: 'Success',
      stdout: 'Hello from the debian container\n',
      stderr: '',
    });
    const log = await core.readNamespacedPodLog({
      name: 'share-volume',
      namespace: 'default',
      container: 'debian-container',
    });
    expect(log).toBe('');
  });

  it('secret-volume: one file per key of both Secrets', async () => {
    for (const [name, key, value] of [
      ['myuser', 'username.txt', 'admin\n'],
      ['mypwd', 'password.txt', '123456\n'],
    ] as const) {
      await core.createNamespacedSecret({
        namespace: 'default',
        body: { metadata: { name }, data: { [key]: Buffer.from(value).toString('base64') } },
      });
    }
    await create(SECRET_VOLUME);
    await runUntil('secret-volume', (p) => p.status?.phase === 'Running');
    const ls = await exec('secret-volume', 'test-secret-volume', ['ls', '/etc/mysql-creds']);
    expect(ls.stdout).toBe('password.txt\nusername.txt\n');
    const cat = await exec('secret-volume', 'test-secret-volume', [
      'cat',
      '/etc/mysql-creds/username.txt',
      '/etc/mysql-creds/password.txt',
    ]);
    expect(cat).toEqual({ status: 'Success', stdout: 'admin\n123456\n', stderr: '' });
  });
});
