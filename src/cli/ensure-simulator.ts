import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultSimDir } from '../home.js';
import { CliError, EXIT } from './exit-codes.js';
import {
  isRunning,
  probeSimulator,
  readyUrl,
  removePidIfOwned,
  type SimProbe,
  writePid,
} from './sim-process.js';
import { type Language, resolveLanguage } from './ui/language.js';
import { type Messages, messages } from './ui/messages.js';

export interface EnsureSimulatorOptions {
  /** Default `<home>/sim`, where `sim serve` without flags also keeps its state. */
  stateDir?: string;
  /** Only used when it has to start one; 0 (default) picks a free port. */
  port?: number;
  speed?: number;
  language?: Language;
  /** How long to wait for `/readyz` after spawning. */
  timeoutMs?: number;
  /** Called just before spawning, e.g. to tell the user this may take a few seconds. */
  onStarting?: () => void;
}

export interface EnsuredSimulator {
  kubeconfig: string;
  url: string;
  pid: number;
  stateDir: string;
  logFile: string;
  /** False when a running simulator was reused. */
  started: boolean;
  /** From spawn to `/readyz` (0 when reused). */
  elapsedMs: number;
  /** Uptime of a reused simulator, when known. */
  startedAt?: Date;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const LOG_TAIL_LINES = 12;

/**
 * The simulator every engine command needs (DESIGN.md § Process model): the one already
 * serving `stateDir` if there is one, else a new background `sim serve` that outlives this
 * process. Fails with a CliError (exit 3) that quotes the simulator's log.
 */
export async function ensureSimulator(
  options: EnsureSimulatorOptions = {},
): Promise<EnsuredSimulator> {
  const language = options.language ?? resolveLanguage(undefined);
  const t = messages(language);
  const stateDir = options.stateDir ?? defaultSimDir();
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const found = await probeSimulator(stateDir);
  if (found.pid !== undefined) return await reuse(found, found.pid, deadline, t);

  const { paths } = found;
  options.onStarting?.();
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const log = await open(paths.logFile, 'a');
  // Only what this start wrote is quoted on failure; earlier runs stay above it in the file.
  const logOffset = (await log.stat()).size;
  await log.write(`--- ${new Date().toISOString()} pod-course sim start\n`);
  const began = performance.now();
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...cliEntry(), ...serveArgs(stateDir, options, language)], {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      env: { ...process.env, NO_COLOR: '1' },
    });
  } finally {
    // The child has its own copy of the descriptor.
    await log.close();
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new CliError(t.simStartFailed(null, paths.logFile, ''), EXIT.clusterUnavailable);
  }
  await writePid(paths.pidFile, pid);

  const outcome = await waitUntilReady(
    paths.kubeconfig,
    paths.logFile,
    logOffset,
    pid,
    exited,
    deadline,
  );
  if (outcome.url) {
    // From here the simulator lives on its own: this process may exit.
    child.unref();
    return {
      kubeconfig: paths.kubeconfig,
      url: outcome.url,
      pid,
      stateDir,
      logFile: paths.logFile,
      started: true,
      elapsedMs: Math.round(performance.now() - began),
    };
  }
  if (!outcome.exited) {
    // Not ready in time: stop it rather than leave a half-started process holding the state.
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await removePidIfOwned(paths.pidFile, pid);
  const tail = await logTail(paths.logFile, logOffset);
  if (outcome.exited) {
    // Two starts at once: the loser's child finds the store locked by the winner's. Reuse it.
    const other = await probeSimulator(stateDir);
    if (other.pid !== undefined && other.pid !== pid) {
      return await reuse(other, other.pid, deadline, t);
    }
    throw new CliError(
      t.simStartFailed(outcome.code, paths.logFile, tail),
      EXIT.clusterUnavailable,
    );
  }
  const seconds = Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000);
  throw new CliError(t.simStartTimeout(seconds, paths.logFile, tail), EXIT.clusterUnavailable);
}

/** A simulator is already there: use it once it answers, or explain why it cannot be used. */
async function reuse(
  probe: SimProbe,
  pid: number,
  deadline: number,
  t: Messages,
): Promise<EnsuredSimulator> {
  const { paths } = probe;
  let url = probe.url;
  // A background one may still be starting (another `sim start` is waiting for it too).
  while (!url && probe.background && Date.now() < deadline && (await isRunning(pid))) {
    await sleep(100);
    url = await readyUrl(paths.kubeconfig);
  }
  if (!url) {
    const message = probe.background
      ? t.simNotAnswering(pid, paths.kubeconfig)
      : t.simLockedByForeground(paths.stateDir, pid, paths.kubeconfig);
    throw new CliError(message, EXIT.clusterUnavailable);
  }
  return {
    kubeconfig: paths.kubeconfig,
    url,
    pid,
    stateDir: paths.stateDir,
    logFile: paths.logFile,
    started: false,
    elapsedMs: 0,
    ...(probe.startedAt ? { startedAt: probe.startedAt } : {}),
  };
}

/**
 * `node <this CLI>`: the built `main.js` beside this file, or, when running from source
 * (tests, `npx tsx`), `main.ts` through tsx's loader, resolved from here so the working
 * directory does not matter.
 */
function cliEntry(): string[] {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.ts')) return [join(dirname(self), 'main.js')];
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(tsx).href, join(dirname(self), 'main.ts')];
}

function serveArgs(stateDir: string, options: EnsureSimulatorOptions, language: Language) {
  const args = ['sim', 'serve', '--json', '--state', stateDir, '--lang', language];
  if (options.port !== undefined) args.push('--port', String(options.port));
  if (options.speed !== undefined) args.push('--speed', String(options.speed));
  return args;
}

interface ReadyOutcome {
  url?: string;
  exited: boolean;
  code: number | null;
}

/**
 * Ready means: `sim serve --json` printed its line with this child's pid (so a kubeconfig left
 * by an earlier run cannot fool us) and `/readyz` answers at the kubeconfig's server.
 */
async function waitUntilReady(
  kubeconfig: string,
  logFile: string,
  offset: number,
  pid: number,
  exited: Promise<number | null>,
  deadline: number,
): Promise<ReadyOutcome> {
  let code: number | null | undefined;
  void exited.then((c) => {
    code = c;
  });
  while (Date.now() < deadline) {
    if (code !== undefined) return { exited: true, code };
    if (await printedReadyLine(logFile, offset, pid)) {
      const url = await readyUrl(kubeconfig);
      if (url) return { url, exited: false, code: null };
    }
    await Promise.race([exited, sleep(50)]);
  }
  return code === undefined ? { exited: false, code: null } : { exited: true, code };
}

async function readLogFrom(logFile: string, offset: number): Promise<string> {
  try {
    const size = (await stat(logFile)).size;
    if (size <= offset) return '';
    return (await readFile(logFile)).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
}

async function printedReadyLine(logFile: string, offset: number, pid: number) {
  for (const line of (await readLogFrom(logFile, offset)).split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      if ((JSON.parse(line) as { pid?: unknown }).pid === pid) return true;
    } catch {
      // a partial line: read again on the next round
    }
  }
  return false;
}

/** The last lines this start wrote to the log, indented for quoting in a message. */
export async function logTail(logFile: string, offset: number): Promise<string> {
  const lines = (await readLogFrom(logFile, offset))
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('--- '));
  return lines
    .slice(-LOG_TAIL_LINES)
    .map((line) => `  | ${line}`)
    .join('\n');
}
