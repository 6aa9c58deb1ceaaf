import { execFile } from 'node:child_process';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { isProcessAlive, LOCK_FILE } from '../simulator/store/lock.js';
import { endpointFromKubeconfig } from './sim-client.js';

/**
 * Finding the simulator that serves a state directory, without talking to it through
 * client-node: the files it leaves there (pid files, kubeconfig) and its anonymous `/readyz`.
 *
 * Two pid files can name it. `server.pid` is written by `sim start` the moment it spawns the
 * background process; the store's own `store/sim.pid` is written by whichever process opened
 * the store, so it also names a foreground `sim serve`. The first is preferred (it exists
 * before the store is open); the second finds simulators `sim start` did not launch.
 */

export interface SimPaths {
  stateDir: string;
  kubeconfig: string;
  pidFile: string;
  logFile: string;
  storeLock: string;
}

export function simPaths(stateDir: string): SimPaths {
  return {
    stateDir,
    kubeconfig: join(stateDir, 'kubeconfig'),
    pidFile: join(stateDir, 'server.pid'),
    logFile: join(stateDir, 'sim.log'),
    storeLock: join(stateDir, 'store', LOCK_FILE),
  };
}

export interface SimProbe {
  paths: SimPaths;
  /** A live process believed to be the simulator of this state directory. */
  pid?: number;
  /** The pid came from `server.pid`, i.e. `sim start` launched it. */
  background: boolean;
  /** `server.pid` named a process that is gone (or is no simulator); the file was removed. */
  stalePid?: number;
  /** Set when `/readyz` answered `ok` at the kubeconfig's server. */
  url?: string;
  /** When the process opened its store (or was spawned), for the uptime. */
  startedAt?: Date;
}

export async function readPid(path: string): Promise<number | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    // pid 0 or negative would signal a whole process group: never accept them.
    return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Complete or absent, so a concurrent reader never sees half a number. */
export async function writePid(path: string, pid: number): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${pid}\n`);
  await rename(tmp, path);
}

/** Removes the pid file only while it still names `pid`, so a newer simulator's file survives. */
export async function removePidIfOwned(path: string, pid: number): Promise<void> {
  if ((await readPid(path)) !== pid) return;
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Whether `pid` runs `pod-course sim serve`: true/false where the command line can be read
 * (/proc on Linux, `ps` elsewhere), undefined where it cannot. Pids are reused after a reboot,
 * so a pid file alone must never be enough to send a signal.
 */
export async function isSimulatorProcess(pid: number): Promise<boolean | undefined> {
  const looksLikeServe = (words: string[]) => {
    const sim = words.indexOf('sim');
    return sim >= 0 && words[sim + 1] === 'serve';
  };
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return looksLikeServe(raw.split('\0'));
  } catch {
    // No procfs (macOS, Windows) or the process just exited: try ps.
  }
  if (process.platform === 'win32') return undefined;
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'command=', '-p', String(pid)], (error, stdout) => {
      if (error) resolve(isProcessAlive(pid) ? undefined : false);
      else resolve(looksLikeServe(stdout.trim().split(/\s+/)));
    });
  });
}

/**
 * Alive and not a zombie. A SIGKILLed simulator whose parent has exited is reparented to
 * pid 1; where pid 1 does not reap orphans (some containers) it stays a zombie, which
 * `kill(pid, 0)` still reports as alive.
 */
export async function isRunning(pid: number): Promise<boolean> {
  if (!isProcessAlive(pid)) return false;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S …": the state follows the last ')' (comm may contain one).
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The kubeconfig's server when its anonymous `/readyz` says `ok` within `timeoutMs`. */
export async function readyUrl(kubeconfig: string, timeoutMs = 2000): Promise<string | undefined> {
  let endpoint: Awaited<ReturnType<typeof endpointFromKubeconfig>>;
  try {
    endpoint = await endpointFromKubeconfig(kubeconfig);
  } catch {
    return undefined;
  }
  if (!endpoint) return undefined;
  const { server, caPem } = endpoint;
  return new Promise((resolve) => {
    const req = request(`${server}/readyz`, { ca: caPem, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(res.statusCode === 200 && body === 'ok' ? server : undefined));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

async function mtime(path: string): Promise<Date | undefined> {
  try {
    return (await stat(path)).mtime;
  } catch {
    return undefined;
  }
}

/** Looks for the simulator of `stateDir`; removes a `server.pid` whose process is gone. */
export async function probeSimulator(stateDir: string): Promise<SimProbe> {
  const paths = simPaths(stateDir);
  const probe: SimProbe = { paths, background: false };
  const fromPidFile = await readPid(paths.pidFile);
  if (fromPidFile !== undefined) {
    if ((await isRunning(fromPidFile)) && (await isSimulatorProcess(fromPidFile)) !== false) {
      probe.pid = fromPidFile;
      probe.background = true;
    } else {
      probe.stalePid = fromPidFile;
      await removePidIfOwned(paths.pidFile, fromPidFile);
    }
  }
  const holder = await readPid(paths.storeLock).catch(() => undefined);
  if (holder !== undefined && isProcessAlive(holder) && !(await isRunning(holder))) {
    // A zombie holder: the store's own stale-lock check (kill -0) would still see it as
    // alive and refuse to open. It is dead, so its lock goes, as the store's message advises.
    await removePidIfOwned(paths.storeLock, holder).catch(() => undefined);
  }
  if (probe.pid === undefined && holder !== undefined && (await isRunning(holder))) {
    // The store takes over a dead holder's lock by itself; only a live one matters here.
    if ((await isSimulatorProcess(holder)) !== false) probe.pid = holder;
  }
  if (probe.pid === undefined) return probe;
  const startedAt =
    holder === probe.pid ? await mtime(paths.storeLock) : await mtime(paths.pidFile);
  if (startedAt) probe.startedAt = startedAt;
  const url = await readyUrl(paths.kubeconfig);
  if (url) probe.url = url;
  return probe;
}
