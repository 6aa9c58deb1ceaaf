import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** `sim serve` as a child process, the way a learner's terminal runs it. */

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

export async function readyz(port: number) {
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

export interface SimProcess {
  /** ms from spawn until /readyz answered ok. */
  elapsed: number;
  child: ReturnType<typeof spawn>;
  port: number;
  /** The simulator's own process id: `sim serve` runs in the spawned node process itself. */
  pid: number;
  /** What the simulator wrote to stderr so far (the last 64 kB of it). */
  stderr(): string;
}

const STDERR_KEPT = 64 * 1024;

/** Spawns `sim serve` (plus `extraArgs`), returns once /readyz answers ok. */
export async function startOnce(stateDir: string, extraArgs: string[] = []): Promise<SimProcess> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [CLI, 'sim', 'serve', '--port', '0', '--state', stateDir, '--json', ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Always read stderr: writes to a pipe are synchronous in Node on Linux, so a simulator
  // logging into a full, unread pipe would block for good (and never exit on SIGTERM).
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT);
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`sim serve exited with ${code}: ${stderr}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  const port = Number(new URL(url).port);
  while (!(await readyz(port))) {
    /* poll until ready */
  }
  const elapsed = performance.now() - t0;
  return { elapsed, child, port, pid: child.pid ?? 0, stderr: () => stderr };
}

export async function stop(child: ReturnType<typeof spawn>) {
  await new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The bearer token and CA the simulator wrote into `<stateDir>/kubeconfig`. */
export async function credentials(stateDir: string) {
  const kubeconfig = parse(await readFile(join(stateDir, 'kubeconfig'), 'utf8')) as {
    users: { user: { token: string } }[];
    clusters: { cluster: { 'certificate-authority-data': string } }[];
  };
  const token = kubeconfig.users[0]?.user.token ?? '';
  const ca = Buffer.from(
    kubeconfig.clusters[0]?.cluster['certificate-authority-data'] ?? '',
    'base64',
  ).toString();
  return { token, ca };
}

/**
 * Resident set size of `pid` in MiB, read from outside through /proc, so measuring does not
 * add code (or allocations) to the process being measured. NaN where /proc is missing.
 */
export async function rssMiB(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time `pid` has used so far (user + system), in ms, from /proc/<pid>/stat. The kernel
 * reports it in USER_HZ ticks, which is 100 per second on Linux whatever the kernel's HZ.
 */
export async function cpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which sits in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Share of one core `pid` used over the next `ms` of real time, in %. */
export async function cpuShare(pid: number, ms: number): Promise<number> {
  const before = await cpuMs(pid);
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await cpuMs(pid);
  return ((after - before) / (performance.now() - t0)) * 100;
}
