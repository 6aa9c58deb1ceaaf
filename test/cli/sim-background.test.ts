import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callSim, endpointFromKubeconfig } from '../../src/cli/sim-client.js';
import { isRunning } from '../../src/cli/sim-process.js';
import { isProcessAlive } from '../../src/simulator/store/lock.js';
import { collect, readyLine, runCli, spawnCli } from '../support/cli-process.js';
import { KUBECTL, kubectlFor, NO_KUBECTL_REASON } from '../support/kubectl.js';

/** `--json` means exactly one JSON document on stdout: one line, parsed whole. */
function onlyDocument(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n');
  expect(lines.length, stdout).toBe(2);
  expect(lines[1]).toBe('');
  return JSON.parse(stdout) as Record<string, unknown>;
}

async function exists(path: string) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('pod-course sim start | stop | status', () => {
  let dir: string;
  let home: string;
  let simDir: string;
  const started = new Set<number>();
  const env = () => ({ POD_COURSE_HOME: home });
  const cli = (...args: string[]) => runCli(args, env());
  /** Starts in the background, remembering the pid so afterEach stops it whatever happens. */
  const start = async (...args: string[]) => {
    const result = await cli('sim', 'start', '--json', ...args);
    if (result.code === 0) started.add(onlyDocument(result.stdout).pid as number);
    return result;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-bg-'));
    home = join(dir, 'home');
    simDir = join(home, 'sim');
  });
  afterEach(async () => {
    await cli('sim', 'stop');
    for (const pid of started) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
    started.clear();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts, reports, reuses, serves the API through its kubeconfig, stops, and says so', async () => {
    const first = await start('--lang', 'en');
    expect(first.code, first.stderr).toBe(0);
    const one = onlyDocument(first.stdout);
    expect(one).toMatchObject({
      kubeconfig: join(simDir, 'kubeconfig'),
      stateDir: simDir,
      log: join(simDir, 'sim.log'),
      started: true,
    });
    expect(one.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(typeof one.elapsedMs).toBe('number');
    const pid = one.pid as number;
    expect(await isRunning(pid)).toBe(true);
    expect((await readFile(join(simDir, 'server.pid'), 'utf8')).trim()).toBe(String(pid));

    const status = await cli('sim', 'status', '--json');
    expect(status.code, status.stderr).toBe(0);
    const shape = onlyDocument(status.stdout);
    expect(shape).toEqual({
      running: true,
      url: one.url,
      pid,
      kubeconfig: one.kubeconfig,
      stateDir: simDir,
      log: one.log,
      background: true,
      uptimeSeconds: expect.any(Number),
    });

    const second = await start();
    expect(second.code, second.stderr).toBe(0);
    expect(onlyDocument(second.stdout)).toMatchObject({ started: false, pid, url: one.url });

    // The engine's way in: the kubeconfig alone, no kubectl.
    const endpoint = await endpointFromKubeconfig(one.kubeconfig as string);
    if (!endpoint) throw new Error('no kubeconfig');
    const created = await callSim(endpoint, 'POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'background' },
      data: { a: 'b' },
    });
    expect(created.status, created.body).toBe(201);
    const read = await callSim(endpoint, 'GET', '/api/v1/namespaces/default/configmaps/background');
    expect(JSON.parse(read.body).data).toEqual({ a: 'b' });

    const stop = await cli('sim', 'stop', '--json');
    expect(stop.code, stop.stderr).toBe(0);
    expect(onlyDocument(stop.stdout)).toEqual({
      stateDir: simDir,
      pid,
      stopped: true,
      forced: false,
      refused: false,
    });
    expect(await isRunning(pid)).toBe(false);
    expect(await exists(join(simDir, 'server.pid'))).toBe(false);
    // A graceful stop: the simulator's own goodbye is in the log.
    expect(await readFile(join(simDir, 'sim.log'), 'utf8')).toContain('Simulator stopped');

    const after = await cli('sim', 'status', '--json');
    expect(after.code).toBe(1);
    expect(onlyDocument(after.stdout)).toMatchObject({ running: false, pid: null });

    // Idempotent: nothing to stop is still success.
    const again = await cli('sim', 'stop', '--lang', 'en');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`No simulator is running for ${simDir}; nothing to stop.\n`);

    // Restarting keeps what the first one acknowledged.
    const restarted = await start();
    expect(restarted.code, restarted.stderr).toBe(0);
    const endpoint2 = await endpointFromKubeconfig(one.kubeconfig as string);
    if (!endpoint2) throw new Error('no kubeconfig');
    const kept = await callSim(
      endpoint2,
      'GET',
      '/api/v1/namespaces/default/configmaps/background',
    );
    expect(kept.status).toBe(200);
  });

  it.skipIf(!KUBECTL)(
    'is what kubectl reaches through the kubeconfig it wrote, and runs pods',
    async () => {
      if (!KUBECTL) console.warn(NO_KUBECTL_REASON);
      const result = await start();
      expect(result.code, result.stderr).toBe(0);
      const kubectl = kubectlFor(join(simDir, 'kubeconfig'), join(dir, 'kube-cache'));
      const nodes = await kubectl(['get', 'nodes', '-o', 'name']);
      expect(nodes.code, nodes.stderr).toBe(0);
      expect(nodes.stdout).toContain('node/pod-course-control-plane');
      // The process `sim start` (and the engine's ensureSimulator) spawns runs pods too.
      const run = await kubectl(['run', 'x', '--image=busybox', '--', 'sleep', '3600']);
      expect(run.code, run.stderr).toBe(0);
      const waited = await kubectl(['wait', '--for=jsonpath={.status.phase}=Running', 'pod/x']);
      expect(waited).toEqual({ code: 0, stdout: 'pod/x condition met\n', stderr: '' });
    },
  );

  it('reports a SIGKILLed simulator as not running, removes its pid file, and starts over', async () => {
    const first = await start();
    expect(first.code, first.stderr).toBe(0);
    const pid = onlyDocument(first.stdout).pid as number;
    process.kill(pid, 'SIGKILL');
    while (await isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 20));

    const status = await cli('sim', 'status', '--lang', 'en');
    expect(status.code).toBe(1);
    expect(status.stderr).toBe(
      `note: removed a stale pid file: process ${pid} is no longer running\n`,
    );
    expect(status.stdout).toBe(
      `No simulator is running for ${simDir}. Start one with "pod-course sim start".\n`,
    );
    expect(await exists(join(simDir, 'server.pid'))).toBe(false);

    const again = await start();
    expect(again.code, again.stderr).toBe(0);
    expect(onlyDocument(again.stdout)).toMatchObject({ started: true });
  });

  it('speaks English and Chinese', async () => {
    const zhStart = await cli('sim', 'start', '--lang', 'zh');
    expect(zhStart.code, zhStart.stderr).toBe(0);
    expect(zhStart.stderr).toBe('正在后台启动模拟器…\n');
    expect(zhStart.stdout).toMatch(
      /^模拟器已启动 \(\d+ ms\)，地址 https:\/\/127\.0\.0\.1:\d+ \(pid \d+\)\n/,
    );
    const pid = Number((await readFile(join(simDir, 'server.pid'), 'utf8')).trim());
    started.add(pid);

    const enStart = await cli('sim', 'start', '--lang', 'en');
    expect(enStart.stdout).toMatch(
      /^The simulator is already running at https:\/\/127\.0\.0\.1:\d+ \(pid \d+/,
    );
    const zhStatus = await cli('sim', 'status', '--lang', 'zh');
    expect(zhStatus.code).toBe(0);
    expect(zhStatus.stdout).toContain(`模拟器正在运行，地址 https://127.0.0.1:`);
    expect(zhStatus.stdout).toContain(`状态目录: ${simDir}`);
    const enStatus = await cli('sim', 'status', '--lang', 'en');
    expect(enStatus.stdout).toMatch(
      /^Simulator running at https:\/\/127\.0\.0\.1:\d+ \(pid \d+\)\n/,
    );

    const zhStop = await cli('sim', 'stop', '--lang', 'zh');
    expect(zhStop.code).toBe(0);
    expect(zhStop.stdout).toBe(`模拟器已停止 (pid ${pid})。已确认的所有内容都已保存。\n`);
    const zhNone = await cli('sim', 'status', '--lang', 'zh');
    expect(zhNone.code).toBe(1);
    expect(zhNone.stdout).toBe(
      `${simDir} 没有正在运行的模拟器。用 "pod-course sim start" 启动。\n`,
    );
  });

  describe('when the port or the state directory is taken or unusable', () => {
    let blocker: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
      blocker = undefined;
    });

    it('names a port that is taken', async () => {
      const server = createServer();
      blocker = server;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const result = await start('--port', String(port), '--lang', 'en');
      expect(result.code).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        `pod-course: the simulator could not start (it exited with code 3). The last lines of ${join(simDir, 'sim.log')}:\n`,
      );
      expect(result.stderr).toContain(
        `  | pod-course: the simulator could not start: port ${port} is already in use`,
      );
      expect(await exists(join(simDir, 'server.pid'))).toBe(false);
    });

    it('quotes why a damaged state directory was refused', async () => {
      await mkdir(join(simDir, 'store'), { recursive: true });
      await writeFile(
        join(simDir, 'store', 'store-format.json'),
        '{"format":"something-else","version":7}\n',
      );
      const result = await start('--lang', 'en');
      expect(result.code).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        '  | pod-course: the simulator could not start: its state directory cannot be used.',
      );
      expect(result.stderr).toMatch(/\n {2}\| .*something-else/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('explains a state directory held by a foreground sim serve it cannot reach', async () => {
      const foreground = spawnCli(
        ['sim', 'serve', '--json', '--kubeconfig', join(dir, 'elsewhere', 'kubeconfig')],
        env(),
      );
      try {
        const ready = await readyLine(foreground);
        const result = await start('--lang', 'en');
        expect(result.code).toBe(3);
        expect(result.stderr).toBe(
          `pod-course: the state in ${simDir} is in use by process ${ready.pid} (probably "pod-course sim serve" in another terminal, with its own --kubeconfig), which does not answer at ${join(simDir, 'kubeconfig')}. Stop it (Ctrl-C in its terminal, or "pod-course sim stop"), or choose another --state.\n`,
        );
        const status = await cli('sim', 'status', '--json');
        expect(status.code).toBe(1);
        expect(onlyDocument(status.stdout)).toMatchObject({ running: false, pid: ready.pid });
      } finally {
        foreground.kill('SIGTERM');
        await collect(foreground);
      }
    });

    it('reuses (and stops) a foreground sim serve that uses the default kubeconfig', async () => {
      const foreground = spawnCli(['sim', 'serve', '--json'], env());
      try {
        const ready = await readyLine(foreground);
        const result = await start();
        expect(result.code, result.stderr).toBe(0);
        expect(onlyDocument(result.stdout)).toMatchObject({
          started: false,
          pid: ready.pid,
          url: ready.url,
        });
        const status = await cli('sim', 'status', '--json');
        expect(onlyDocument(status.stdout)).toMatchObject({ running: true, background: false });
        // `sim stop` stops it too, as cleanly as Ctrl-C would.
        const exit = collect(foreground);
        const stop = await cli('sim', 'stop', '--json');
        expect(onlyDocument(stop.stdout)).toMatchObject({
          stopped: true,
          forced: false,
          pid: ready.pid,
        });
        const exited = await exit;
        expect(exited.code).toBe(0);
        expect(exited.stderr).toContain('Simulator stopped');
      } finally {
        if (foreground.exitCode === null && foreground.signalCode === null) {
          foreground.kill('SIGTERM');
          await collect(foreground);
        }
      }
    });
  });

  it('rejects usage errors with exit 2 before starting anything', async () => {
    const port = await cli('sim', 'start', '--port', 'x', '--lang', 'en');
    expect(port.code).toBe(2);
    expect(port.stderr).toBe('pod-course: --port must be a number from 0 to 65535, got "x"\n');
    const kubeconfig = await cli('sim', 'start', '--kubeconfig', join(dir, 'k'), '--lang', 'en');
    expect(kubeconfig.code).toBe(2);
    expect(kubeconfig.stderr).toMatch(/^pod-course: "sim start" always writes <state>\/kubeconfig/);
    expect(await exists(simDir)).toBe(false);
  });
});
