import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * `npm run bench`: the figures the simulator promises, measured on this machine.
 * - cold start of `pod-course sim serve` until `/readyz` answers ok (first start of a state
 *   directory, which creates the certificate, and a restart), next to `node -e 0`;
 * - API latency p50/p99 for get, list and create with 1 and 50 concurrent clients.
 */

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const RUNS = 7;
const LISTED_PODS = 20;

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

function nodeBaseline() {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function readyz(port: number) {
  return new Promise<boolean>((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Spawns `sim serve`, returns ms from spawn until /readyz answers ok, and the process. */
async function startOnce(stateDir: string) {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [CLI, 'sim', 'serve', '--port', '0', '--state', stateDir, '--json'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`sim serve exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  const port = Number(new URL(url).port);
  while (!(await readyz(port))) {
    /* poll until ready */
  }
  const elapsed = performance.now() - t0;
  return { elapsed, child, port };
}

async function stop(child: ReturnType<typeof spawn>) {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Client {
  call(method: string, path: string, body?: unknown): Promise<number>;
}

function client(port: number, token: string, ca: string): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca });
  return {
    call(method, path, body) {
      const data = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path,
            method,
            agent,
            headers: {
              Authorization: `Bearer ${token}`,
              Accept: 'application/json',
              ...(data
                ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }
                : {}),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(data);
      });
    },
  };
}

async function measure(concurrency: number, total: number, op: (i: number) => Promise<number>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const code = await op(i);
      latencies.push(performance.now() - t0);
      if (code >= 300) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    n: latencies.length,
    failures,
  };
}

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench' } },
  spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] },
});

/** A new namespace gets its default ServiceAccount from a controller, a moment after creation. */
async function waitForDefaultServiceAccount(api: Client) {
  while ((await api.call('GET', '/api/v1/namespaces/bench/serviceaccounts/default')) !== 200) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'pod-course-bench-'));
  try {
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
    const kubeconfig = parse(await readFile(join(dir, 'api', 'kubeconfig'), 'utf8')) as {
      users: { user: { token: string } }[];
      clusters: { cluster: { 'certificate-authority-data': string } }[];
    };
    const token = kubeconfig.users[0]?.user.token ?? '';
    const ca = Buffer.from(
      kubeconfig.clusters[0]?.cluster['certificate-authority-data'] ?? '',
      'base64',
    ).toString();
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
    await waitForDefaultServiceAccount(api);
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
        const label = `  ${name}, ${concurrency} client${concurrency > 1 ? 's' : ''}`.padEnd(40);
        console.log(
          `${label} ${r.p50.toFixed(2).padStart(6)} ms ${r.p99.toFixed(2).padStart(7)} ms  ${String(r.n).padStart(6)}${r.failures ? `  (${r.failures} failed)` : ''}`,
        );
      }
    }
    console.log(`  (list returns ${LISTED_PODS} pods; ${created} pods created in all)`);
    await stop(server.child);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
