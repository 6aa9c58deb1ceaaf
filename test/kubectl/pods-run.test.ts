import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../../src/simulator/clock.js';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, untilJsonpath } from './helpers.js';

/**
 * Pods really run: the real kubectl against the scheduler and kubelets, on a clock that stands
 * still until the test advances it (what `pod-course sim advance` does).
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: pods run${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    let clock: SimClock;
    let write: (name: string, text: string) => Promise<string>;

    beforeAll(async () => {
      clock = new SimClock({ speed: 0, start: new Date('2026-11-23T12:00:00Z') });
      cluster = await startTestCluster({ clock });
      write = manifestWriter(cluster.dir);
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    const kubectl = (args: string[]) => cluster.kubectl(args);
    const apply = async (name: string, yaml: string) => {
      const r = await kubectl(['apply', '-f', await write(`${name}.yaml`, yaml)]);
      expect(r.code, r.stderr).toBe(0);
    };
    /** `pod-course sim advance`: what falls due fires; tests then poll for its effects. */
    const advance = (ms: number) => clock.advance(ms);
    const statusColumn = async (name: string) => {
      const r = await kubectl(['get', 'pod', name, '--no-headers']);
      return r.stdout.trim().split(/\s+/).slice(1, 4).join(' ');
    };
    const until = (name: string, jsonpath: string, expected: string) =>
      untilJsonpath(cluster.kubectl, ['pod', name], jsonpath, (v) => v === expected);
    /**
     * Waits (in real time) until the node's kubelet has the pod's sandbox, so the image pull's
     * simulated second is already on the clock when the test advances it.
     */
    const onNode = (name: string) =>
      untilJsonpath(cluster.kubectl, ['pod', name], '{.status.podIP}', (v) => v !== '');

    it("runs the notes' two-container pod and serves the shared file", async () => {
      await apply(
        'two',
        `apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  restartPolicy: Never
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx-container
    image: nginx:1.27
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: debian-container
    image: debian
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html && sleep 999"]
`,
      );
      await onNode('two-containers');
      await advance(3000);
      await until('two-containers', '{.status.phase}', 'Running');
      expect(await statusColumn('two-containers')).toBe('2/2 Running 0');
      const cat = await kubectl([
        'exec',
        'two-containers',
        '-c',
        'nginx-container',
        '--',
        'cat',
        '/usr/share/nginx/html/index.html',
      ]);
      expect(cat).toEqual({ code: 0, stdout: 'Hello from the debian container\n', stderr: '' });
      const curl = await kubectl([
        'exec',
        'two-containers',
        '-c',
        'nginx-container',
        '--',
        'curl',
        '-s',
        'localhost',
      ]);
      expect(curl.stdout).toBe('Hello from the debian container\n');
      const failing = await kubectl([
        'exec',
        'two-containers',
        '-c',
        'debian-container',
        '--',
        'sh',
        '-c',
        'exit 3',
      ]);
      expect(failing.code).toBe(3);
      expect(failing.stderr).toBe('command terminated with exit code 3\n');
    });

    it('ends a one-shot pod Completed and serves its logs', async () => {
      const r = await kubectl([
        'run',
        'once',
        '--image=busybox:1.36',
        '--restart=Never',
        '--',
        'sh',
        '-c',
        'echo hello; echo world',
      ]);
      expect(r.code, r.stderr).toBe(0);
      await onNode('once');
      await advance(2000);
      await until('once', '{.status.phase}', 'Succeeded');
      expect(await statusColumn('once')).toBe('0/1 Completed 0');
      expect((await kubectl(['logs', 'once'])).stdout).toBe('hello\nworld\n');
      expect((await kubectl(['logs', 'once', '--tail=1'])).stdout).toBe('world\n');
    });

    it('shows Init:0/2, Init:1/2 and then Running', async () => {
      await apply(
        'init',
        `apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  initContainers:
  - name: one
    image: busybox:1.36
    command: ["sh", "-c", "sleep 5"]
  - name: two
    image: busybox:1.36
    command: ["sh", "-c", "sleep 5"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo The app is running! && sleep 3600"]
`,
      );
      await onNode('init-demo');
      await advance(2000);
      await untilJsonpath(
        cluster.kubectl,
        ['pod', 'init-demo'],
        '{.status.initContainerStatuses[0].state.running.startedAt}',
        (v) => v !== '',
      );
      expect(await statusColumn('init-demo')).toBe('0/1 Init:0/2 0');
      await advance(5000);
      await until(
        'init-demo',
        '{.status.initContainerStatuses[0].state.terminated.reason}',
        'Completed',
      );
      expect(await statusColumn('init-demo')).toBe('0/1 Init:1/2 0');
      await advance(5000);
      await until('init-demo', '{.status.phase}', 'Running');
      expect(await statusColumn('init-demo')).toBe('1/1 Running 0');
      expect((await kubectl(['logs', 'init-demo'])).stdout).toBe('The app is running!\n');
    });

    it('shows CrashLoopBackOff with restart counts', async () => {
      const r = await kubectl([
        'run',
        'crasher',
        '--image=busybox:1.36',
        '--',
        'sh',
        '-c',
        'echo oops; exit 1',
      ]);
      expect(r.code, r.stderr).toBe(0);
      await onNode('crasher');
      await advance(2000);
      await until(
        'crasher',
        '{.status.containerStatuses[0].state.waiting.reason}',
        'CrashLoopBackOff',
      );
      expect(await statusColumn('crasher')).toBe('0/1 CrashLoopBackOff 1');
      await advance(10_000);
      await until('crasher', '{.status.containerStatuses[0].restartCount}', '2');
      expect((await kubectl(['logs', 'crasher', '--previous'])).stdout).toBe('oops\n');
      const events = await kubectl([
        'get',
        'events',
        '--field-selector=involvedObject.name=crasher',
        '-o',
        'jsonpath={range .items[*]}{.reason}{"\\n"}{end}',
      ]);
      expect(events.stdout.split('\n')).toEqual(
        expect.arrayContaining(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'BackOff']),
      );
    });

    it('feeds exec stdin, and follows logs until the container goes', async () => {
      const r = await kubectl([
        'run',
        'ticker',
        '--image=busybox:1.36',
        '--',
        'sh',
        '-c',
        'i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done',
      ]);
      expect(r.code, r.stderr).toBe(0);
      await onNode('ticker');
      await advance(2000);
      await until('ticker', '{.status.phase}', 'Running');
      const shell = await cluster.kubectl(['exec', '-i', 'ticker', '--', 'sh'], {
        input: 'echo from stdin; hostname; exit 4\n',
      });
      expect(shell).toEqual({
        code: 4,
        stdout: 'from stdin\nticker\n',
        stderr: 'command terminated with exit code 4\n',
      });
      // Streamed, to know the follow is connected (its first line arrived) before time moves.
      const follow = spawn(
        KUBECTL as string,
        [
          `--kubeconfig=${cluster.simulator.kubeconfigPath}`,
          `--cache-dir=${join(cluster.dir, 'kube-cache')}`,
          'logs',
          '-f',
          'ticker',
        ],
        { env: { ...process.env, HOME: join(cluster.dir, 'kube-cache') } },
      );
      let followed = '';
      const connected = new Promise<void>((resolve) => {
        follow.stdout.on('data', (chunk: Buffer) => {
          followed += chunk.toString();
          if (followed.includes('tick 1\n')) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) => follow.on('close', resolve));
      await connected;
      await advance(2000);
      const forced = await kubectl(['delete', 'pod', 'ticker', '--grace-period=0', '--force']);
      expect(forced.code, forced.stderr).toBe(0);
      expect(await exited).toBe(0);
      expect(followed).toMatch(/^tick 1\ntick 2\ntick 3\n(tick \d+\n)*$/);
      expect(followed.split('\n').length).toBeGreaterThanOrEqual(5);
    });

    it('deletes a pod after its grace period under sim advance', async () => {
      const r = await kubectl(['run', 'leaving', '--image=busybox:1.36', '--', 'sleep', '3600']);
      expect(r.code, r.stderr).toBe(0);
      await onNode('leaving');
      await advance(2000);
      await until('leaving', '{.status.phase}', 'Running');
      const deleting = kubectl(['delete', 'pod', 'leaving', '--grace-period=10']);
      await until('leaving', '{.metadata.deletionGracePeriodSeconds}', '10');
      expect(await statusColumn('leaving')).toBe('1/1 Terminating 0');
      await advance(10_000);
      expect(await deleting).toEqual({ code: 0, stdout: 'pod "leaving" deleted\n', stderr: '' });
      expect((await kubectl(['get', 'pod', 'leaving'])).stderr).toBe(
        'Error from server (NotFound): pods "leaving" not found\n',
      );
    });

    it('force-deletes at once', async () => {
      const r = await kubectl(['run', 'forced', '--image=busybox:1.36', '--', 'sleep', '3600']);
      expect(r.code, r.stderr).toBe(0);
      await onNode('forced');
      await advance(2000);
      await until('forced', '{.status.phase}', 'Running');
      const deleted = await kubectl(['delete', 'pod', 'forced', '--grace-period=0', '--force']);
      expect(deleted.code).toBe(0);
      expect(deleted.stdout).toBe('pod "forced" force deleted\n');
    });
  },
);
