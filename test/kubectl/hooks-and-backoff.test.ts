import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * Issue 4, "Probes and hooks", as a learner sees it through kubectl: a postStart that fails
 * (the container is killed; STATUS PostStartHookError, then CrashLoopBackOff), a preStop that
 * outlasts the grace period (SIGTERM at the end of the grace, SIGKILL 2 s later), and a
 * crash-loop back-off that starts over at 10 s once the container ran more than 10 minutes.
 */
const POST_START_FAILS = `apiVersion: v1
kind: Pod
metadata:
  name: hook-fails
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    lifecycle:
      postStart:
        exec:
          command: ["sh", "-c", "exit 1"]
`;

/** Its liveness probe fails once, 5 s in; the preStop would take 100 s of a 10 s grace. */
const SLOW_STOP = `apiVersion: v1
kind: Pod
metadata:
  name: slow-stop
spec:
  terminationGracePeriodSeconds: 10
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "trap 'echo TERM' TERM; echo up; while true; do sleep 3600 & wait $!; done"]
    livenessProbe:
      exec:
        command: ["cat", "/nope"]
      initialDelaySeconds: 5
      periodSeconds: 600
      failureThreshold: 1
    lifecycle:
      preStop:
        exec:
          command: ["sleep", "100"]
`;

/** Runs 1–4 and 6 on crash at once; run 5 lasts 10 min 1 s first. */
const FLAKY = `apiVersion: v1
kind: Pod
metadata:
  name: flaky
spec:
  volumes:
  - name: count
    emptyDir: {}
  containers:
  - name: app
    image: busybox:1.36
    command:
    - sh
    - -c
    - n=$(cat /count/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /count/n; echo run $n; if [ $n -eq 5 ]; then sleep 601; fi; exit 1
    volumeMounts:
    - name: count
      mountPath: /count
`;

describe.skipIf(!KUBECTL)(
  `lifecycle hooks and crash-loop back-off${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    const jsonpath = async (pod: string, path: string) =>
      (await n.kubectl(['get', 'pod', pod, '-o', `jsonpath=${path}`])).stdout;
    const forceDelete = (pod: string) =>
      n.kubectl(['delete', 'pod', pod, '--grace-period=0', '--force']);

    it('kills a container whose postStart fails: PostStartHookError, then CrashLoopBackOff', async () => {
      await n.apply('hook-fails.yaml', POST_START_FAILS);
      await n.runUntil(
        'hook-fails',
        '{.status.containerStatuses[0].state.waiting.reason}',
        'PostStartHookError',
      );
      expect(await n.statusColumns('hook-fails')).toBe('0/1 PostStartHookError 0');
      expect(
        await jsonpath(
          'hook-fails',
          '{.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}',
        ),
      ).toBe('Error 137');
      const events = await n.kubectl([
        'get',
        'events',
        '--field-selector=involvedObject.name=hook-fails',
        '--sort-by=.metadata.name',
        '-o',
        'jsonpath={range .items[*]}{.type} {.reason}: {.message}{"\\n"}{end}',
      ]);
      expect(events.stdout).toContain(
        'Warning FailedPostStartHook: PostStartHook failed\nNormal Killing: FailedPostStartHook\n',
      );
      await n.runUntil(
        'hook-fails',
        '{.status.containerStatuses[0].state.waiting.reason}',
        'CrashLoopBackOff',
      );
      expect(await n.statusColumns('hook-fails')).toBe('0/1 CrashLoopBackOff 1');
      const describe = (await n.kubectl(['describe', 'pod', 'hook-fails'])).stdout;
      expect(describe).toMatch(
        /^ {4}State: {10}Waiting\n {6}Reason: {7}CrashLoopBackOff\n {4}Last State: {5}Terminated\n {6}Reason: {7}Error\n {6}Exit Code: {4}137\n/m,
      );
      await forceDelete('hook-fails');
    });

    it('sends SIGTERM when a preStop outlasts the grace period, SIGKILL 2 s after', async () => {
      await n.apply('slow-stop.yaml', SLOW_STOP);
      await n.runUntil('slow-stop', '{.status.containerStatuses[0].restartCount}', '1');
      const logs = await n.kubectl(['logs', 'slow-stop', '--previous', '--timestamps']);
      const lines = logs.stdout.trim().split('\n');
      expect(lines.map((line) => line.split(' ')[1])).toEqual(['up', 'TERM']);
      const [up, term] = lines.map((line) => Date.parse(line.split(' ')[0] ?? ''));
      // Killed 5 s in; the preStop is given the whole 10 s grace before the stop signal.
      expect((term ?? 0) - (up ?? 0)).toBe(15_000);
      const ran = await jsonpath(
        'slow-stop',
        '{.status.containerStatuses[0].lastState.terminated.startedAt} {.status.containerStatuses[0].lastState.terminated.finishedAt} {.status.containerStatuses[0].lastState.terminated.exitCode}',
      );
      const [startedAt = '', finishedAt = '', exitCode] = ran.split(' ');
      expect(Date.parse(finishedAt) - Date.parse(startedAt)).toBe(17_000);
      expect(exitCode).toBe('137');
      expect(await n.events('slow-stop')).toEqual(
        expect.arrayContaining([
          'Killing: Container app failed liveness probe, will be restarted',
          'FailedPreStopHook: PreStopHook failed',
        ]),
      );
      await forceDelete('slow-stop');
    });

    it('starts the back-off over at 10 s after the container ran more than 10 minutes', async () => {
      await n.apply('flaky.yaml', FLAKY);
      const message = '{.status.containerStatuses[0].state.waiting.message}';
      const restarts = '{.status.containerStatuses[0].restartCount}';
      const backOff = async () =>
        `${await jsonpath('flaky', restarts)} ${/^back-off (\S+) /.exec(await jsonpath('flaky', message))?.[1] ?? '-'}`;
      await n.runUntil('flaky', message, (m) => m.startsWith('back-off 10s '));
      expect(await backOff()).toBe('1 10s');
      expect(await n.statusColumns('flaky')).toBe('0/1 CrashLoopBackOff 1');
      await n.advance(10_000);
      await n.until('flaky', message, (m) => m.startsWith('back-off 20s '));
      await n.advance(20_000);
      await n.until('flaky', message, (m) => m.startsWith('back-off 40s '));
      await n.advance(40_000);
      await n.until('flaky', '{.status.containerStatuses[0].state.running.startedAt}', (v) => !!v);
      expect(await n.statusColumns('flaky')).toBe('1/1 Running 4');
      // Run 5 ends 601 s after its restart: no back-off, and run 6's crash opens a fresh 10 s.
      await n.advance(601_000);
      await n.until('flaky', restarts, '5');
      await n.until('flaky', message, (m) => m.startsWith('back-off'));
      expect(await backOff()).toBe('5 10s');
      expect(await n.statusColumns('flaky')).toBe('0/1 CrashLoopBackOff 5');
      expect((await n.kubectl(['logs', 'flaky', '--previous'])).stdout).toBe('run 6\n');
      await n.advance(10_000);
      await n.until('flaky', restarts, '6');
      expect(await backOff()).toBe('6 20s');
      await forceDelete('flaky');
    });
  },
);
