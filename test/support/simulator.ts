import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimClock } from '../../src/simulator/clock.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/index.js';
import { type KubectlRunner, kubectlFor } from './kubectl.js';

export interface TestCluster {
  simulator: RunningSimulator;
  dir: string;
  kubectl: KubectlRunner;
  stop(): Promise<void>;
}

/**
 * A simulator on a fresh temporary state directory, and kubectl pointed at it. Pods run, as
 * they do for learners; `runPods: false` gives the bare API server, where pods stay Pending.
 */
export async function startTestCluster(
  options: { runPods?: boolean; clock?: SimClock } = {},
): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'pod-course-test-'));
  const simulator = await startSimulator({
    stateDir: join(dir, 'state'),
    port: 0,
    ...(options.runPods === false ? { runPods: false } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const kubectl = kubectlFor(simulator.kubeconfigPath, join(dir, 'kube-cache'));
  return {
    simulator,
    dir,
    kubectl,
    async stop() {
      await simulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
