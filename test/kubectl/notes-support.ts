/**
 * What the notes' experiments share: a simulator that runs pods on a clock that stands still
 * until the test moves it (what `pod-course sim advance` does), and the few kubectl reads the
 * tests make again and again. Tests wait for *conditions* (polling kubectl), never for a
 * duration; simulated time moves only when a test moves it — by a fixed amount, or step by
 * step until a condition holds — so the same steps lead to the same state.
 */
import { expect } from 'vitest';
import { SimClock } from '../../src/simulator/clock.js';
import type { KubectlResult } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, untilJsonpath } from './helpers.js';

export interface NotesCluster {
  cluster: TestCluster;
  clock: SimClock;
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  /** `kubectl apply -f <file>` of `yaml`; fails the test unless kubectl succeeds. */
  apply(file: string, yaml: string): Promise<void>;
  /** Moves simulated time; what falls due fires in order. */
  advance(ms: number): Promise<void>;
  /**
   * Moves simulated time on `stepMs` at a time until `done()` holds. For chains where a timer's
   * work does I/O (a status write) before setting the next timer: each check takes real time,
   * so that work is over and its timer set before time moves again.
   */
  advanceUntil(done: () => Promise<boolean>, stepMs?: number): Promise<void>;
  /** `advanceUntil` the pod's `jsonpath` prints `expected`. */
  runUntil(
    name: string,
    jsonpath: string,
    expected: string | ((value: string) => boolean),
  ): Promise<void>;
  /** Polls `kubectl get pod name -o jsonpath=…` until it prints `expected`. */
  until(
    name: string,
    jsonpath: string,
    expected: string | ((value: string) => boolean),
  ): Promise<string>;
  /**
   * Waits (in real time) until the kubelet has created the pod's sandbox, so the timers of
   * its first steps (image pulls) are on the clock before the test moves it.
   */
  onNode(name: string): Promise<string>;
  /** `READY STATUS RESTARTS` of `kubectl get pod name`. */
  statusColumns(name: string): Promise<string>;
  /** `reason: message` of the pod's events, oldest first. */
  events(name: string): Promise<string[]>;
  /** Polls the pod's events until one reads `line`. */
  untilEvent(name: string, line: string): Promise<void>;
  /** Polls `kubectl logs <target…>` until the output is (or satisfies) `expected`; returns it. */
  untilLogs(
    target: string | string[],
    expected: string | ((logs: string) => boolean),
  ): Promise<string>;
  /** The node the scheduler put the pod on. */
  nodeOf(name: string): Promise<string>;
  /** `kubectl exec name [-c container] -- argv…`. */
  exec(
    name: string,
    container: string | undefined,
    argv: string[],
    input?: string,
  ): Promise<KubectlResult>;
  stop(): Promise<void>;
}

/** The first second of the simulated day the notes' tests start on. */
export const NOTES_EPOCH = new Date('2026-11-23T12:00:00Z');

/** See `NotesCluster.advanceUntil`; shared with the client-node notes test. */
export async function advanceUntil(clock: SimClock, done: () => Promise<boolean>, stepMs = 500) {
  while (!(await done())) await clock.advance(stepMs);
}

export async function notesCluster(): Promise<NotesCluster> {
  const clock = new SimClock({ speed: 0, start: NOTES_EPOCH });
  const cluster = await startTestCluster({ runPods: true, clock });
  const write = manifestWriter(cluster.dir);
  const kubectl = (args: string[], input?: string) =>
    cluster.kubectl(args, input === undefined ? {} : { input });
  const until: NotesCluster['until'] = (name, jsonpath, expected) =>
    untilJsonpath(cluster.kubectl, ['pod', name], jsonpath, (value) =>
      typeof expected === 'string' ? value === expected : expected(value),
    );
  const events = async (name: string) => {
    const r = await kubectl([
      'get',
      'events',
      `--field-selector=involvedObject.name=${name}`,
      '--sort-by=.metadata.name',
      '-o',
      'jsonpath={range .items[*]}{.reason}{": "}{.message}{"\\n"}{end}',
    ]);
    return r.stdout.split('\n').filter((line) => line !== '');
  };
  return {
    cluster,
    clock,
    kubectl,
    async apply(file, yaml) {
      const r = await kubectl(['apply', '-f', await write(file, yaml)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    },
    advance: (ms) => clock.advance(ms),
    advanceUntil: (done, stepMs) => advanceUntil(clock, done, stepMs),
    runUntil: (name, jsonpath, expected) =>
      advanceUntil(clock, async () => {
        const r = await kubectl(['get', 'pod', name, '-o', `jsonpath=${jsonpath}`]);
        if (r.code !== 0) return false;
        return typeof expected === 'string' ? r.stdout === expected : expected(r.stdout);
      }),
    until,
    onNode: (name) => until(name, '{.status.podIP}', (v) => v !== ''),
    async statusColumns(name) {
      const r = await kubectl(['get', 'pod', name, '--no-headers']);
      return r.stdout.trim().split(/\s+/).slice(1, 4).join(' ');
    },
    events,
    async untilEvent(name, line) {
      for (;;) {
        if ((await events(name)).includes(line)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async untilLogs(target, expected) {
      for (;;) {
        const { stdout } = await kubectl([
          'logs',
          ...(typeof target === 'string' ? [target] : target),
        ]);
        if (typeof expected === 'string' ? stdout === expected : expected(stdout)) return stdout;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    nodeOf: (name) => until(name, '{.spec.nodeName}', (v) => v !== ''),
    exec: (name, container, argv, input) =>
      kubectl(['exec', name, ...(container ? ['-c', container] : []), '--', ...argv], input),
    stop: () => cluster.stop(),
  };
}
