import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { client, type WatchEvent, waitForDefaultServiceAccount } from './api-client.js';
import { sleep } from './pod-load.js';
import { cpuMs, credentials, rssMiB, startOnce, stop } from './sim-process.js';

/**
 * Issue 4's figure: a Deployment scaled from 1 to 100 replicas (`PUT …/deployments/bench/scale`,
 * what `kubectl scale` changes) until the Deployment reports 100 Ready — the deployment and
 * ReplicaSet controllers, the scheduler and the kubelets together, in real time
 * (`sim serve --speed 1`) — with the CPU it took and the RSS then.
 */

const REPLICAS = 100;
const NAMESPACE = 'default';
const NAME = 'bench';
const PATH = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`;

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: NAME, labels: { app: NAME } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: NAME } },
    template: {
      metadata: { labels: { app: NAME } },
      spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    },
  },
};

const row = (label: string, value: string, note = '') =>
  `  ${label.padEnd(44)} ${value.padStart(9)}${note ? `  ${note}` : ''}`;

/** Resolves with the ms from `since` until the Deployment reports `want` Ready replicas. */
function readyReplicas(
  events: { latest: number; onChange: () => void },
  want: number,
  since: number,
): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      if (events.latest >= want) {
        events.onChange = () => {};
        resolve(performance.now() - since);
      }
    };
    events.onChange = check;
    check();
  });
}

export async function deploymentFigures(dir: string) {
  await mkdir(dir, { recursive: true });
  console.log('\nDeployments (sim serve --speed 1)');
  const stateDir = join(dir, 'deployments');
  const sim = await startOnce(stateDir, ['--speed', '1']);
  try {
    const { token, ca } = await credentials(stateDir);
    const api = client(sim.port, token, ca);
    await waitForDefaultServiceAccount(api, NAMESPACE);
    const ready = { latest: 0, onChange: () => {} };
    const stream = await api.watch(
      `${PATH}?watch=1&fieldSelector=metadata.name%3D${NAME}`,
      ({ object }: WatchEvent) => {
        const status = (object.status ?? {}) as { readyReplicas?: number };
        ready.latest = status.readyReplicas ?? 0;
        ready.onChange();
      },
    );
    try {
      const created = await api.call('POST', PATH, deployment);
      if (created !== 201) throw new Error(`creating the Deployment: HTTP ${created}`);
      const first = await readyReplicas(ready, 1, performance.now());
      // Let the first pod's events and status writes settle before measuring.
      await sleep(1000);
      const cpu0 = await cpuMs(sim.pid);
      const t0 = performance.now();
      const { status } = await api.json('PUT', `${PATH}/${NAME}/scale`, {
        apiVersion: 'autoscaling/v1',
        kind: 'Scale',
        metadata: { name: NAME, namespace: NAMESPACE },
        spec: { replicas: REPLICAS },
      });
      if (status !== 200) throw new Error(`scaling the Deployment: HTTP ${status}`);
      const ms = await readyReplicas(ready, REPLICAS, t0);
      const cpu = (await cpuMs(sim.pid)) - cpu0;
      const rss = await rssMiB(sim.pid);
      console.log(row('create → 1 replica Ready', `${first.toFixed(0)} ms`));
      console.log(
        row(
          `scale 1 → ${REPLICAS} until ${REPLICAS} Ready`,
          `${ms.toFixed(0)} ms`,
          `${cpu} ms of CPU`,
        ),
      );
      console.log(row(`RSS with ${REPLICAS} replicas Ready`, `${rss.toFixed(1)} MB`));
    } finally {
      stream.close();
    }
  } finally {
    await stop(sim.child);
  }
}
