import type { SimClock } from '../../src/simulator/clock.js';
import type { TestCluster } from './simulator.js';

/**
 * kubectl helpers for suites that read pods of one test cluster. The cluster and its clock are
 * given as getters because suites create them in `beforeAll`, after these are defined.
 */
export function podQueries(cluster: () => TestCluster, clock: () => SimClock) {
  const kubectl = (args: string[], input?: string) =>
    cluster().kubectl(args, input === undefined ? {} : { input });
  const jsonpath = async (pod: string, path: string) =>
    (await kubectl(['get', 'pod', pod, '-o', `jsonpath=${path}`])).stdout;
  return {
    kubectl,
    jsonpath,
    /** Polls (in real time) until the pod's field has a value that `done` accepts. */
    async until(pod: string, path: string, done: (value: string) => boolean) {
      for (;;) {
        const value = await jsonpath(pod, path);
        if (done(value)) return value;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** Moves simulated time a second at a time until the pod's field is accepted. */
    async advanceUntil(pod: string, path: string, done: (value: string) => boolean) {
      while (!done(await jsonpath(pod, path))) await clock().advance(1000);
    },
    exec: (pod: string, command: string[], container?: string) =>
      kubectl(['exec', pod, ...(container ? ['-c', container] : []), '--', ...command]),
  };
}
