import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, latencyRow, measure, waitForDefaultServiceAccount } from './api-client.js';
import { courseFigures } from './course.js';
import { deploymentFigures } from './deployments.js';
import { podFigures } from './pods.js';
import { selftestFigures } from './selftest.js';
import { credentials, startOnce, stop } from './sim-process.js';
import { startFigures } from './start-time.js';
import { median } from './stats.js';

/**
 * `npm run bench`: the figures the simulator promises, measured on this machine.
 * - cold start of `pod-course sim serve` until `/readyz` answers ok (first start of a state
 *   directory, which creates the certificate, and a restart), next to `node -e 0`;
 * - API latency p50/p99 for get, list and create with 1 and 50 concurrent clients;
 * - with pods running (issue 3): see pods.ts;
 * - the course engine and the package (issue 5): see course.ts;
 * - the whole-course selftest's wall time (issues 6 and 7): see selftest.ts;
 * - the runner's start-up (issue 5): see start-time.ts.
 *
 * `node dist/bench/run.js start [runs]` measures only the runner's start-up (quicker, and
 * the part most skewed by a busy machine, so worth repeating on its own).
 */

const RUNS = 7;
const LISTED_PODS = 20;

function nodeBaseline() {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    times.push(performance.now() - t0);
  }
  return median(times);
}

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench' } },
  spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] },
});

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'pod-course-bench-'));
  try {
    if (process.argv[2] === 'start') {
      const runs = Number(process.argv[3] ?? '');
      await startFigures(dir, Number.isInteger(runs) && runs > 0 ? runs : undefined);
      return;
    }
    const baseline = nodeBaseline();
    const first = await startOnce(join(dir, 'first'));
    await stop(first.child);
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await startOnce(join(dir, 'first'));
      warm.push(run.elapsed);
      await stop(run.child);
    }
    console.log('Start-up (spawn → /readyz ok)');
    console.log(`  node -e 0 (median of ${RUNS})        ${baseline.toFixed(0)} ms`);
    console.log(`  sim serve, new state dir            ${first.elapsed.toFixed(0)} ms`);
    console.log(
      `  sim serve, restart (median of ${RUNS}) ${median(warm).toFixed(0)} ms  (${(median(warm) / baseline).toFixed(1)}× node -e 0)`,
    );

    const server = await startOnce(join(dir, 'api'));
    const { token, ca } = await credentials(join(dir, 'api'));
    const api = client(server.port, token, ca);
    // Reads hit a namespace of course size (20 pods); creates go to another namespace so the
    // listed namespace does not grow while measuring.
    const base = '/api/v1/namespaces/default/pods';
    const createBase = '/api/v1/namespaces/bench/pods';
    await api.call('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'bench' },
    });
    await waitForDefaultServiceAccount(api, 'bench');
    for (let i = 0; i < LISTED_PODS; i++)
      await api.call('POST', base, pod(i === 0 ? 'target' : `listed-${i}`));
    console.log('\nAPI latency (HTTPS keep-alive, JSON)      p50       p99     requests');
    let created = 0;
    for (const concurrency of [1, 50]) {
      const total = concurrency === 1 ? 500 : 2000;
      const ops: [string, (i: number) => Promise<number>][] = [
        ['get pod', () => api.call('GET', `${base}/target`)],
        ['list pods', () => api.call('GET', base)],
        ['create pod', () => api.call('POST', createBase, pod(`bench-${created++}`))],
      ];
      for (const [name, op] of ops) {
        await measure(concurrency, Math.min(50, total), op); // warm-up
        const r = await measure(concurrency, total, op);
        console.log(latencyRow(`${name}, ${concurrency} client${concurrency > 1 ? 's' : ''}`, r));
      }
    }
    console.log(`  (list returns ${LISTED_PODS} pods; ${created} pods created in all)`);
    await stop(server.child);

    await podFigures(dir);
    await deploymentFigures(dir);
    await courseFigures(dir);
    await selftestFigures(dir);
    await startFigures(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
