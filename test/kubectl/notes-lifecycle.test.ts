import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * Notes 1 ("如何规划 run once job?") and notes 4 (1.5 RestartPolicy, 1.8 InitContainers):
 * init containers one by one before the app, one-shot pods, what each restartPolicy does with
 * an exit code, and the kubectl commands the notes debug with (`logs -c`, `--previous`,
 * `--tail`, `--timestamps`, `exec`).
 */
const SETUP_THEN_APP = `apiVersion: v1
kind: Pod
metadata:
  name: elk-setup
spec:
  volumes:
  - name: config
    emptyDir: {}
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ["sh", "-c", "sleep 5; echo 'cluster.name: docker-elk' > /config/elk.yml"]
    volumeMounts:
    - name: config
      mountPath: /config
  - name: check
    image: busybox:1.36
    command: ["sh", "-c", "sleep 5; cat /config/elk.yml"]
    volumeMounts:
    - name: config
      mountPath: /config
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo app sees: $(cat /config/elk.yml); sleep 3600"]
    volumeMounts:
    - name: config
      mountPath: /config
`;

/** One container that exits with `code` under `policy`. */
const exiting = (name: string, policy: string, code: number) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: ${policy}
  containers:
  - name: job
    image: busybox:1.36
    command: ["sh", "-c", "echo run; exit ${code}"]
`;

/** Notes 4: two containers, one fails — under Never the pod stays Running. */
const ONE_FAILS = `apiVersion: v1
kind: Pod
metadata:
  name: one-fails
spec:
  restartPolicy: Never
  containers:
  - name: broken
    image: busybox:1.36
    command: ["sh", "-c", "echo giving up >&2; exit 2"]
  - name: steady
    image: busybox:1.36
    command: ["sleep", "3600"]
`;

describe.skipIf(!KUBECTL)(
  `notes: init containers, restart policies, logs${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('runs the init containers one by one: Init:0/2, Init:1/2, then Running', async () => {
      await n.apply('elk-setup.yaml', SETUP_THEN_APP);
      const started = (v: string) => v !== '';
      await n.runUntil(
        'elk-setup',
        '{.status.initContainerStatuses[0].state.running.startedAt}',
        started,
      );
      expect(await n.statusColumns('elk-setup')).toBe('0/1 Init:0/2 0');
      const initialized = await n.kubectl([
        'get',
        'pod',
        'elk-setup',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Initialized")].message}',
      ]);
      expect(initialized.stdout).toBe('containers with incomplete status: [setup check]');
      await n.runUntil(
        'elk-setup',
        '{.status.initContainerStatuses[1].state.running.startedAt}',
        started,
      );
      expect(await n.statusColumns('elk-setup')).toBe('0/1 Init:1/2 0');
      await n.runUntil('elk-setup', '{.status.phase}', 'Running');
      expect(await n.statusColumns('elk-setup')).toBe('1/1 Running 0');
      expect((await n.kubectl(['logs', 'elk-setup', '-c', 'check'])).stdout).toBe(
        'cluster.name: docker-elk\n',
      );
      expect((await n.kubectl(['logs', 'elk-setup'])).stdout).toBe(
        'app sees: cluster.name: docker-elk\n',
      );
      const describe = (await n.kubectl(['describe', 'pod', 'elk-setup'])).stdout;
      expect(describe).toMatch(
        /^ {2}setup:\n(.*\n)*? {4}State: {10}Terminated\n {6}Reason: {7}Completed\n {6}Exit Code: {4}0\n/m,
      );
      expect(describe).toMatch(/^ {2}Initialized {17}True $/m);
    });

    it('names the init containers when kubectl picks the default container', async () => {
      const r = await n.kubectl(['exec', 'elk-setup', '--', 'hostname']);
      expect(r).toEqual({
        code: 0,
        stdout: 'elk-setup\n',
        stderr: 'Defaulted container "app" out of: app, setup (init), check (init)\n',
      });
      const logs = await n.kubectl(['logs', 'elk-setup', '-c', 'nope']);
      expect(logs.code).toBe(1);
      expect(logs.stderr).toBe('error: container nope is not valid for pod elk-setup\n');
    });

    it('ends a one-shot pod Completed (Never, exit 0) and leaves it there', async () => {
      await n.apply('once.yaml', exiting('once', 'Never', 0));
      await n.runUntil('once', '{.status.phase}', 'Succeeded');
      await n.advance(60_000);
      expect(await n.statusColumns('once')).toBe('0/1 Completed 0');
      const exec = await n.exec('once', undefined, ['true']);
      expect(exec).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'error: cannot exec into a container in a completed pod; current phase is Succeeded\n',
      });
    });

    it('fails a Never pod on a non-zero exit: Error, phase Failed, no restart', async () => {
      await n.apply('never.yaml', exiting('never', 'Never', 3));
      await n.runUntil('never', '{.status.phase}', 'Failed');
      await n.advance(60_000);
      expect(await n.statusColumns('never')).toBe('0/1 Error 0');
      const code = await n.kubectl([
        'get',
        'pod',
        'never',
        '-o',
        'jsonpath={.status.containerStatuses[0].state.terminated.exitCode}',
      ]);
      expect(code.stdout).toBe('3');
    });

    it('restarts an OnFailure pod after a failure with back-off, keeping the phase Running', async () => {
      await n.apply('onfailure.yaml', exiting('onfailure', 'OnFailure', 1));
      await n.runUntil(
        'onfailure',
        '{.status.containerStatuses[0].state.waiting.reason}',
        'CrashLoopBackOff',
      );
      expect(await n.statusColumns('onfailure')).toBe('0/1 CrashLoopBackOff 1');
      expect(
        (await n.kubectl(['get', 'pod', 'onfailure', '-o', 'jsonpath={.status.phase}'])).stdout,
      ).toBe('Running');
      await n.advance(10_000);
      await n.until('onfailure', '{.status.containerStatuses[0].restartCount}', '2');
      expect((await n.kubectl(['logs', 'onfailure', '--previous'])).stdout).toBe('run\n');
      await n.untilEvent(
        'onfailure',
        `BackOff: Back-off restarting failed container job in pod onfailure_default(${
          (await n.kubectl(['get', 'pod', 'onfailure', '-o', 'jsonpath={.metadata.uid}'])).stdout
        })`,
      );
    });

    it('does not restart an OnFailure pod that succeeded: Completed', async () => {
      await n.apply('onfailure-ok.yaml', exiting('onfailure-ok', 'OnFailure', 0));
      await n.runUntil('onfailure-ok', '{.status.phase}', 'Succeeded');
      expect(await n.statusColumns('onfailure-ok')).toBe('0/1 Completed 0');
    });

    it('restarts an Always pod even after exit 0', async () => {
      await n.apply('always.yaml', exiting('always', 'Always', 0));
      await n.runUntil('always', '{.status.containerStatuses[0].restartCount}', '1');
      await n.until(
        'always',
        '{.status.containerStatuses[0].state.waiting.reason}',
        'CrashLoopBackOff',
      );
      const last = await n.kubectl([
        'get',
        'pod',
        'always',
        '-o',
        'jsonpath={.status.phase} {.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}',
      ]);
      expect(last.stdout).toBe('Running Completed 0');
    });

    it('keeps a Never pod Running while one of two containers still runs', async () => {
      await n.apply('one-fails.yaml', ONE_FAILS);
      await n.runUntil(
        'one-fails',
        '{.status.containerStatuses[0].state.terminated.exitCode}',
        '2',
      );
      expect(await n.statusColumns('one-fails')).toBe('1/2 Error 0');
      expect(
        (await n.kubectl(['get', 'pod', 'one-fails', '-o', 'jsonpath={.status.phase}'])).stdout,
      ).toBe('Running');
    });

    it('reads logs with -c, --tail and --timestamps; --previous needs an earlier instance', async () => {
      const broken = await n.kubectl(['logs', 'one-fails', '-c', 'broken']);
      expect(broken).toEqual({ code: 0, stdout: 'giving up\n', stderr: '' });
      const stamped = await n.kubectl(['logs', 'one-fails', '-c', 'broken', '--timestamps']);
      expect(stamped.stdout).toMatch(/^2026-11-23T12:\d\d:\d\d(\.\d{1,9})?Z giving up\n$/);
      const tail = await n.kubectl(['logs', 'elk-setup', '-c', 'setup', '--tail=1']);
      expect(tail.stdout).toBe('');
      const previous = await n.kubectl(['logs', 'one-fails', '-c', 'steady', '--previous']);
      expect(previous.code).toBe(1);
      expect(previous.stderr).toBe(
        'Error from server (BadRequest): previous terminated container "steady" in pod "one-fails" not found\n',
      );
      const defaulted = await n.kubectl(['logs', 'one-fails']);
      expect(defaulted.stderr).toBe('Defaulted container "broken" out of: broken, steady\n');
    });

    it('fails `kubectl exec` of a command the image does not have, as containerd does', async () => {
      const r = await n.exec('one-fails', 'steady', ['missing']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      // The exec ID is the runtime's own (not the container's). Wrapped twice: once by the
      // kubelet, once more by the API server's WebSocket-to-SPDY translator (kubectl 1.32).
      expect(r.stderr).toMatch(
        /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "missing": executable file not found in \$PATH: unknown\n$/,
      );
      const shell = await n.exec('one-fails', 'steady', ['sh', '-c', 'missing']);
      expect(shell).toEqual({
        code: 127,
        stdout: '',
        stderr: 'sh: missing: not found\ncommand terminated with exit code 127\n',
      });
    });
  },
);
