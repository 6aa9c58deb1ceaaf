import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { collect, readyLine, runCli, spawnCli } from '../support/cli-process.js';
import { KUBECTL, type KubectlRunner, kubectlFor, NO_KUBECTL_REASON } from '../support/kubectl.js';

/**
 * `sim serve` after `sim advance 10m`: the simulated clock is 10 minutes ahead of the host's,
 * yet what kubectl computes against the host clock (describe's event ages, absolute times)
 * reads as on a real cluster, because the server shows times in host time.
 */

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: crash
spec:
  containers:
  - name: crash
    image: busybox:1.36
    command: ['sh', '-c', 'echo going down; exit 1']
  - name: talk
    image: busybox:1.36
    command: ['sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 60; done']
`;

/** A Lease as a client writes one: its times are the client's (MicroTime). */
const LEASE = (renewTime: string) => `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: holder
spec:
  holderIdentity: me
  leaseDurationSeconds: 40
  acquireTime: "${renewTime}"
  renewTime: "${renewTime}"
`;

const TIME_FIELDS = new Set([
  'creationTimestamp',
  'startTime',
  'startedAt',
  'finishedAt',
  'lastTransitionTime',
  'lastProbeTime',
  'time',
]);

/** Every time value in a pod as kubectl printed it (annotations aside). */
function timesIn(value: unknown, key = '', out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) timesIn(item, key, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'annotations') timesIn(v, k, out);
  } else if (typeof value === 'string' && TIME_FIELDS.has(key)) out.push(value);
  return out;
}

/** The Events table of `kubectl describe`: [reason, age] per row. */
function eventAges(describe: string): [string, string][] {
  const section = describe.slice(describe.indexOf('\nEvents:'));
  return section
    .split('\n')
    .slice(3)
    .map((line) => /^\s+(?:Normal|Warning)\s+(\S+)\s+(.+?)\s{2,}\S/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] ?? '', m[2] ?? '']);
}

/** `10m`, `9m30s`, `45s`, `3h` → minutes. */
function minutes(age: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(age);
  if (!m) return Number.NaN;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
}

describe.skipIf(!KUBECTL)(
  `real kubectl after sim advance${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let dir: string;
    let state: string;
    let server: ReturnType<typeof spawnCli>;
    let kubeconfig: string;
    let kubectl: KubectlRunner;

    const ok = async (args: string[], input?: string) => {
      const r = await kubectl(args, input === undefined ? {} : { input });
      expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const serve = async () => {
      server = spawnCli(['sim', 'serve', '--json', '--state', state]);
      kubeconfig = (await readyLine(server)).kubeconfig;
      kubectl = kubectlFor(kubeconfig, join(dir, 'kube-cache'));
    };
    const clock = async () => {
      const r = await runCli(['sim', 'advance', '0s', '--kubeconfig', kubeconfig, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { now: string; speed: number; shownOffsetSeconds: number };
    };
    /** What kubectl shows of the pod and its events, checked against the host clock. */
    const looksLikeARealCluster = async () => {
      const describe = await ok(['describe', 'pod', 'crash']);
      expect(describe).not.toContain('<invalid>');
      const ages = eventAges(describe);
      expect(ages.length).toBeGreaterThan(0);
      const scheduled = ages.find(([reason]) => reason === 'Scheduled');
      // Scheduled before the advance: ten minutes (and the test's own seconds) ago.
      expect(minutes(scheduled?.[1] ?? '')).toBeGreaterThanOrEqual(10);
      const repeated = ages.find(([, age]) => / \(x\d+ over \d+m\d*s?\)$/.test(age));
      expect(repeated, JSON.stringify(ages)).toBeDefined();
      const start = /^Start Time:\s+(.+)$/m.exec(describe)?.[1] ?? '';
      expect(Date.parse(start)).toBeLessThanOrEqual(Date.now());
      const pod = parseYaml(await ok(['get', 'pod', 'crash', '-o', 'yaml']));
      const times = timesIn(pod);
      expect(times.length).toBeGreaterThan(5);
      const hostNow = Date.now();
      for (const time of times) expect(Date.parse(time), time).toBeLessThanOrEqual(hostNow);
      return pod;
    };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pod-course-advanced-clock-'));
      state = join(dir, 'state');
      await serve();
    });
    afterAll(async () => {
      if (server && server.exitCode === null) {
        server.kill('SIGTERM');
        await collect(server);
      }
      await rm(dir, { recursive: true, force: true });
    });

    it('shows describe ages and times as a real cluster would, 10 minutes of crash loop later', async () => {
      await ok(['apply', '-f', '-'], PODS);
      // The first crash, before time jumps.
      for (;;) {
        const count = await ok([
          'get',
          'pod',
          'crash',
          '-o',
          'jsonpath={.status.containerStatuses[?(@.name=="crash")].restartCount}',
        ]);
        if (Number(count) >= 1) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const advanced = await runCli([
        'sim',
        'advance',
        '10m',
        '--kubeconfig',
        kubeconfig,
        '--json',
      ]);
      expect(advanced.code, advanced.stderr).toBe(0);
      const after = JSON.parse(advanced.stdout) as { now: string; shownOffsetSeconds: number };
      // The clock endpoint keeps the simulated now; objects are shown that much earlier.
      expect(Date.parse(after.now)).toBeGreaterThan(Date.now() + 9 * 60_000);
      expect(after.shownOffsetSeconds).toBeGreaterThan(9 * 60);

      await looksLikeARealCluster();

      // Server-side tables count from the simulated now: AGE is 10m, not 0s or <invalid>.
      const row = (await ok(['get', 'pod', 'crash', '--no-headers'])).trim().split(/\s+/);
      expect(minutes(row[row.length - 1] ?? '')).toBeGreaterThanOrEqual(10);
      // The crash loop went on through the jump as in real time: after the first restart,
      // back-offs of 10, 20, 40, 80 and 160 s fit in ten minutes; the next (300 s) does not.
      expect(row[3]).toBe('6');
    });

    it('round-trips a fetched pod through kubectl replace without moving its times', async () => {
      const before = await ok(['get', 'pod', 'crash', '-o', 'yaml']);
      const replaced = await kubectl(['replace', '-f', '-'], { input: before });
      expect(replaced.code, replaced.stderr).toBe(0);
      const after = parseYaml(await ok(['get', 'pod', 'crash', '-o', 'yaml']));
      const was = parseYaml(before);
      expect(after.metadata.creationTimestamp).toBe(was.metadata.creationTimestamp);
      expect(after.status.startTime).toBe(was.status.startTime);
      const talk = (p: typeof was) =>
        (p.status.containerStatuses as { name: string; state: unknown }[]).find(
          (s) => s.name === 'talk',
        )?.state;
      expect(talk(after)).toEqual(talk(was));

      // Times a client wrote (MicroTime) come back as written, through a replace too.
      const renewTime = new Date().toISOString().replace(/(\.\d{3})Z$/, '$1000Z');
      await ok(['create', '-f', '-'], LEASE(renewTime));
      const lease = await ok(['get', 'lease', 'holder', '-o', 'yaml']);
      expect(parseYaml(lease).spec.renewTime).toBe(renewTime);
      await ok(['replace', '-f', '-'], lease);
      const again = parseYaml(await ok(['get', 'lease', 'holder', '-o', 'yaml']));
      expect(again.spec).toMatchObject({ renewTime, acquireTime: renewTime });
    });

    it('reads logs with host-time timestamps and --since-time', async () => {
      // One tick a minute through the advance: ten of them written at simulated times.
      const stamped = (await ok(['logs', 'crash', '-c', 'talk', '--timestamps']))
        .trimEnd()
        .split('\n')
        .map((line) => {
          const [stamp = '', ...text] = line.split(' ');
          return { at: Date.parse(stamp), text: text.join(' ') };
        });
      expect(stamped.length).toBeGreaterThanOrEqual(10);
      const hostNow = Date.now();
      for (const line of stamped) expect(line.at).toBeLessThanOrEqual(hostNow);
      // --since-time speaks the times kubectl showed: half way, the later half of the ticks.
      const created = parseYaml(await ok(['get', 'pod', 'crash', '-o', 'yaml'])).metadata
        .creationTimestamp as string;
      const since = new Date(Date.parse(created) + 5 * 60_000).toISOString().replace('.000', '');
      const expected = stamped.filter((line) => line.at >= Date.parse(since));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(stamped.length);
      const recent = await ok(['logs', 'crash', '-c', 'talk', `--since-time=${since}`]);
      expect(recent).toBe(expected.map((line) => `${line.text}\n`).join(''));
    });

    it('keeps the clock ahead across a restart, so stored times stay in its past', async () => {
      const before = await clock();
      server.kill('SIGTERM');
      const stopped = await collect(server);
      expect(stopped.code, stopped.stderr).toBe(0);
      await serve();
      const after = await clock();
      expect(after.shownOffsetSeconds).toBe(before.shownOffsetSeconds);
      // Wait for the kubelet to bring the pod back after the "reboot", then look again.
      for (;;) {
        const ready = await ok([
          'get',
          'pod',
          'crash',
          '-o',
          'jsonpath={.status.containerStatuses[?(@.name=="talk")].ready}',
        ]);
        if (ready === 'true') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await looksLikeARealCluster();
    });
  },
);
