import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from './api-client.js';
import { client, latencyRow, measure, waitForDefaultServiceAccount } from './api-client.js';
import {
  busyboxPod,
  createNamespace,
  createPods,
  pendingReasons,
  type RunningWatch,
  runningCount,
  sleep,
  sleepPod,
  watchRunning,
} from './pod-load.js';
import type { SimProcess } from './sim-process.js';
import { cpuMs, cpuShare, credentials, rssMiB, startOnce, stop } from './sim-process.js';
import { median } from './stats.js';

/**
 * Issue 3's figures: the simulator with pods running (`sim serve --speed 1`, real time), each
 * section on a fresh simulator so one's pods do not weigh on the next.
 * - `kubectl apply` → Ready for a two-container pod, beyond kubectl's own start (goal ≤ 300 ms);
 * - RSS per sleeping pod, over 100 pods;
 * - 500 pods created 50 at a time until Running, and the RSS then (goal ≤ 400 MB), on a
 *   cluster with enough kind workers for them (`--cluster-shape`): kind's three nodes hold 220
 *   pods at the kubelet's default of 110 each, as a real kind cluster would;
 * - get pod p99 at 1 and 50 clients while a pod busy-loops in its shell (goal ≤ 50 ms).
 */

const READY_RUNS = 6;
const MEMORY_PODS = 100;
const MANY_PODS = 500;
const MANY_NAMESPACES = 10;
/** The kubelet's default max-pods, kind's too: the `pods` capacity of every node. */
const PODS_PER_NODE = 110;
const SETTLE_MS = 5000;

interface Sim {
  process: SimProcess;
  api: Client;
  kubeconfig: string;
  /** Every pod's phase, followed from the start. */
  pods: RunningWatch;
}

async function startPodSimulator(stateDir: string, extraArgs: string[] = []): Promise<Sim> {
  const process = await startOnce(stateDir, ['--speed', '1', ...extraArgs]);
  const { token, ca } = await credentials(stateDir);
  const api = client(process.port, token, ca);
  await waitForDefaultServiceAccount(api, 'default');
  const pods = await watchRunning(api);
  return { process, api, kubeconfig: join(stateDir, 'kubeconfig'), pods };
}

/**
 * Stops the simulator; errors it logged while the section ran (`pod-course simulator: …` on
 * stderr) are counted first, so a figure measured over failing work does not pass unnoticed.
 */
async function stopPodSimulator(sim: Sim) {
  const logged = sim.process.stderr().split('\n');
  const errors = logged.filter((line) => line.startsWith('pod-course simulator:'));
  if (errors.length > 0)
    console.log(`    (the simulator logged ${errors.length} errors; the first: ${errors[0]})`);
  sim.pods.close();
  await stop(sim.process.child);
}

function hasKubectl() {
  return spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

/** Runs kubectl against `kubeconfig`; ms it took; throws when kubectl fails. */
function kubectl(kubeconfig: string, args: string[]) {
  const t0 = performance.now();
  const result = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return ms;
}

const webManifest = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
  - name: sidecar
    image: busybox:1.36
    command: ["sleep", "3600"]
`;

const row = (label: string, value: string, note = '') =>
  `  ${label.padEnd(44)} ${value.padStart(9)}${note ? `  ${note}` : ''}`;

/**
 * `kubectl apply -f` → `kubectl wait --for=condition=Ready` for nginx + busybox. Both are
 * kubectl runs, so two kubectl start-ups (each measured as a `get --raw /readyz` round trip:
 * process start, kubeconfig, TLS, one request) are taken off. The first pod on a node pulls
 * both images (simulated time, ≈ 0.6 s for nginx's 48 MB); later ones find them cached.
 */
export async function applyToReady(dir: string) {
  if (!hasKubectl()) {
    console.log('  (skipped: kubectl is not on PATH)');
    return;
  }
  const sim = await startPodSimulator(join(dir, 'ready'));
  try {
    const baselines: number[] = [];
    for (let i = 0; i < 5; i++)
      baselines.push(kubectl(sim.kubeconfig, ['get', '--raw', '/readyz']));
    const baseline = median(baselines);
    const nodesSeen = new Set<string>();
    let cold = Number.NaN;
    const warm: number[] = [];
    for (let i = 0; i < READY_RUNS; i++) {
      const name = `web-${i}`;
      const file = join(dir, `${name}.yaml`);
      await writeFile(file, webManifest(name));
      const t0 = performance.now();
      kubectl(sim.kubeconfig, ['apply', '-f', file]);
      kubectl(sim.kubeconfig, ['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=60s']);
      const total = performance.now() - t0;
      const { body } = await sim.api.json('GET', `/api/v1/namespaces/default/pods/${name}`);
      const node = String((body as { spec?: { nodeName?: string } }).spec?.nodeName);
      if (nodesSeen.has(node)) warm.push(total);
      else if (Number.isNaN(cold)) cold = total;
      nodesSeen.add(node);
      // Force-deleted at once, so the next pod lands on the same (least busy) node.
      await sim.api.call('DELETE', `/api/v1/namespaces/default/pods/${name}`, {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        gracePeriodSeconds: 0,
      });
    }
    const net = (ms: number) => `${(ms - 2 * baseline).toFixed(0)} ms`;
    console.log(row('kubectl get --raw /readyz (median of 5)', `${baseline.toFixed(0)} ms`));
    console.log(
      row(
        'apply → Ready, first on its node (pulls)',
        `${cold.toFixed(0)} ms`,
        `${net(cold)} beyond 2 kubectl starts`,
      ),
    );
    const w = median(warm);
    console.log(
      row(
        `apply → Ready, images cached (median of ${warm.length})`,
        `${w.toFixed(0)} ms`,
        `${net(w)} beyond 2 kubectl starts (goal ≤ 300 ms)`,
      ),
    );
  } finally {
    await stopPodSimulator(sim);
  }
}

/** RSS growth over 100 `sleep 3600` pods, after one warm-up pod loaded the kubelet's code. */
export async function memoryPerPod(dir: string) {
  const sim = await startPodSimulator(join(dir, 'memory'));
  try {
    await createPods(sim.api, [['default', sleepPod('warm-up')]], 1);
    await sim.pods.until(1, performance.now());
    await sleep(1000);
    const before = await rssMiB(sim.process.pid);
    const pods = Array.from({ length: MEMORY_PODS }, (_, i): [string, Record<string, unknown>] => [
      'default',
      sleepPod(`sleeper-${i}`),
    ]);
    const t0 = performance.now();
    await createPods(sim.api, pods, 10);
    const { running } = await sim.pods.until(MEMORY_PODS + 1, t0);
    await sleep(1000);
    const after = await rssMiB(sim.process.pid);
    const perPod = ((after - before) * 1024) / MEMORY_PODS;
    console.log(row('RSS, 1 pod running', `${before.toFixed(1)} MB`));
    console.log(row(`RSS, ${running} pods running`, `${after.toFixed(1)} MB`));
    console.log(row('RSS per sleeping pod', `${perPod.toFixed(0)} kB`));
    const idle = await cpuShare(sim.process.pid, 2000);
    console.log(
      row(`CPU, ${running} sleeping pods, no requests`, `${idle.toFixed(1)} %`, 'of one core'),
    );
  } finally {
    await stopPodSimulator(sim);
  }
}

/** 500 pods over 10 namespaces, 50 creates in flight, until Running; RSS then. */
export async function manyPods(dir: string) {
  const workers = Math.ceil(MANY_PODS / PODS_PER_NODE);
  const shapeFile = join(dir, 'many-shape.json');
  await writeFile(shapeFile, JSON.stringify({ workers }));
  const sim = await startPodSimulator(join(dir, 'many'), ['--cluster-shape', shapeFile]);
  try {
    const namespaces = Array.from({ length: MANY_NAMESPACES }, (_, i) => `load-${i}`);
    for (const ns of namespaces) await createNamespace(sim.api, ns);
    for (const ns of namespaces) await waitForDefaultServiceAccount(sim.api, ns);
    const pods = Array.from({ length: MANY_PODS }, (_, i): [string, Record<string, unknown>] => [
      namespaces[i % MANY_NAMESPACES] ?? 'default',
      sleepPod(`pod-${i}`),
    ]);
    const cpu0 = await cpuMs(sim.process.pid);
    const t0 = performance.now();
    await createPods(sim.api, pods, 50);
    const created = performance.now() - t0;
    const { running, ms } = await sim.pods.until(MANY_PODS, t0);
    const cpu = (await cpuMs(sim.process.pid)) - cpu0;
    const rss = await rssMiB(sim.process.pid);
    // The kubelets' events are still being written then; the RSS once they are.
    await sleep(SETTLE_MS);
    const settled = await rssMiB(sim.process.pid);
    console.log(row('cluster shape', `${workers + 1} nodes`, `control plane + ${workers} workers`));
    console.log(row(`create ${MANY_PODS} pods, 50 in flight`, `${created.toFixed(0)} ms`));
    console.log(
      row(`until ${running} of ${MANY_PODS} Running`, `${ms.toFixed(0)} ms`, `${cpu} ms of CPU`),
    );
    console.log(row(`RSS with ${running} pods running`, `${rss.toFixed(1)} MB`, '(goal ≤ 400 MB)'));
    console.log(row(`RSS ${SETTLE_MS / 1000} s later`, `${settled.toFixed(1)} MB`));
    if (running < MANY_PODS) {
      for (const [reason, count] of await pendingReasons(sim.api))
        console.log(`    ${count} Pending: ${reason}`);
    }
  } finally {
    await stopPodSimulator(sim);
  }
}

/** get pod latency with a pod spinning `while true; do :; done`, next to the same without. */
export async function busyLoop(dir: string) {
  const sim = await startPodSimulator(join(dir, 'busy'));
  try {
    await createPods(sim.api, [['default', sleepPod('target')]], 1);
    await sim.pods.until(1, performance.now());
    const get = () => sim.api.call('GET', '/api/v1/namespaces/default/pods/target');
    const run = async (label: string) => {
      for (const concurrency of [1, 50]) {
        const total = concurrency === 1 ? 500 : 2000;
        await measure(concurrency, 50, get); // warm-up
        const r = await measure(concurrency, total, get);
        const clients = `${concurrency} client${concurrency > 1 ? 's' : ''}`;
        console.log(latencyRow(`get pod, ${clients}, ${label}`, r));
      }
    };
    await run('idle');
    const busy = busyboxPod('spin', ['sh', '-c', 'while true; do :; done']);
    await createPods(sim.api, [['default', busy]], 1);
    await sim.pods.until(2, performance.now());
    const spinning = await cpuShare(sim.process.pid, 1000);
    await run('busy');
    console.log(
      `  (goal: p99 ≤ 50 ms with the busy pod; ${await runningCount(sim.api)} pods Running; while it spins, the simulator uses ${spinning.toFixed(0)} % of a core)`,
    );
  } finally {
    await stopPodSimulator(sim);
  }
}

export async function podFigures(dir: string) {
  await mkdir(dir, { recursive: true });
  console.log('\nPods running (sim serve --speed 1)');
  await applyToReady(dir);
  await memoryPerPod(dir);
  await manyPods(dir);
  console.log('\nAPI latency with a busy-loop pod             p50       p99     requests');
  await busyLoop(dir);
}
