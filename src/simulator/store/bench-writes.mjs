// Write throughput and latency of the durable store under concurrent clients (not a test: no
// thresholds). Run from the repository root:
//   node --import tsx src/simulator/store/bench-writes.mjs [clients=50] [writesPerClient=200] [dir]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from './store.ts';

const clients = Number(process.argv[2] ?? 50);
const perClient = Number(process.argv[3] ?? 200);
const base = process.argv[4] ?? tmpdir();

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(label, store) {
  const latencies = [];
  const client = async (c) => {
    for (let i = 0; i < perClient; i++) {
      const started = performance.now();
      const name = `c${c}-${i}`;
      if (i % 2 === 0) {
        await store.create('pods', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: 'bench', uid: name, labels: { app: 'bench' } },
          spec: {
            containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
          },
        });
      } else {
        const previous = store.get('pods', 'bench', `c${c}-${i - 1}`);
        await store.update('pods', { ...previous, status: { phase: 'Running' } });
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const { commits, records, compactions } = store.stats;
  const fmt = (ms) => `${ms.toFixed(2)} ms`;
  console.log(
    [
      label.padEnd(8),
      `${Math.round(records / seconds)} writes/s`.padStart(16),
      `p50 ${fmt(percentile(latencies, 50))}`,
      `p99 ${fmt(percentile(latencies, 99))}`,
      `max ${fmt(latencies[latencies.length - 1] ?? 0)}`,
      `${commits} fsyncs (${(records / Math.max(1, commits)).toFixed(1)} writes each)`,
      `${compactions} compactions`,
    ].join('  '),
  );
}

console.log(`${clients} clients × ${perClient} sequential writes (create, then update)`);
await run('memory', Store.memory());
const dir = await mkdtemp(join(base, 'pod-course-bench-'));
try {
  const store = await Store.open(dir);
  await run('disk', store);
  await store.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
