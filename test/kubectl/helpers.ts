import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubectlRunner } from '../support/kubectl.js';
import type { TestCluster } from '../support/simulator.js';

/**
 * Writes manifests into a test cluster's directory and returns their absolute paths; kubectl
 * repeats a path exactly as it was given (`error when creating "<path>"`), so tests build their
 * expected messages from the returned path.
 */
export function manifestWriter(dir: string) {
  return async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
}

/** A one-container pod; `spec` lines are inserted under `spec:` as they are (two-space indent). */
export function podYaml(
  name: string,
  options: { image?: string; spec?: string; meta?: string } = {},
) {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    ...(options.meta ? [options.meta] : []),
    'spec:',
    ...(options.spec ? [options.spec] : []),
    '  containers:',
    '  - name: app',
    `    image: ${options.image ?? 'nginx:1.25'}`,
    '',
  ].join('\n');
}

/**
 * A node selector no node of the simulated cluster matches: the scheduler leaves the pod
 * Pending with its FailedScheduling event, and no kubelet ever sees it. As `podYaml` spec lines
 * and as `kubectl run --overrides`.
 */
export const UNSCHEDULABLE_SPEC = '  nodeSelector:\n    pod-course.test/nowhere: "true"';
export const UNSCHEDULABLE_OVERRIDES =
  '--overrides={"spec":{"nodeSelector":{"pod-course.test/nowhere":"true"}}}';

/** `kubectl wait --for=condition=Ready`: the pod's containers run (vitest's timeout bounds it). */
export async function untilReady(kubectl: KubectlRunner, pod: string, ...flags: string[]) {
  const r = await kubectl([
    'wait',
    '--for=condition=Ready',
    `pod/${pod}`,
    '--timeout=55s',
    ...flags,
  ]);
  if (r.code !== 0) throw new Error(`pod ${pod} did not become Ready: ${r.stderr}`);
}

/**
 * Polls `kubectl get` until `jsonpath` prints `expected` (no sleeping on a fixed delay: the
 * condition, not a duration, ends the loop; vitest's own timeout bounds it).
 */
export async function untilJsonpath(
  kubectl: KubectlRunner,
  target: string[],
  jsonpath: string,
  expected: (value: string) => boolean,
) {
  for (;;) {
    const r = await kubectl(['get', ...target, '-o', `jsonpath=${jsonpath}`]);
    if (r.code === 0 && expected(r.stdout)) return r.stdout;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The simulator's count of open watches, once it has stopped changing: a kubectl that just
 * exited may still be closing its watch when the next one starts.
 */
export async function watchers(cluster: TestCluster) {
  const count = () => cluster.simulator.registry.storage.stats.watchers;
  let last = count();
  for (let steady = 0; steady < 3; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = count();
    steady = now === last ? steady + 1 : 0;
    last = now;
  }
  return last;
}

/**
 * Resolves once the simulator serves one more watch than `baseline`: a kubectl that waits
 * (`wait`, `delete`) has listed and is watching, so nothing that happens next can slip
 * between its GET and its watch. Counts from the lowest value seen, in case an older watch
 * closes meanwhile.
 */
export async function untilWatching(cluster: TestCluster, baseline: number) {
  let floor = baseline;
  for (;;) {
    const now = cluster.simulator.registry.storage.stats.watchers;
    if (now > floor) return;
    floor = Math.min(floor, now);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
