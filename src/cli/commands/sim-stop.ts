import { setTimeout as sleep } from 'node:timers/promises';
import { defaultSimDir } from '../../home.js';
import { EXIT } from '../exit-codes.js';
import { isRunning, isSimulatorProcess, probeSimulator, removePidIfOwned } from '../sim-process.js';
import type { Messages } from '../ui/messages.js';

export const SIM_STOP_OPTIONS = {
  state: { type: 'string' },
} as const;

interface SimStopValues {
  state?: string;
  json?: boolean;
}

export interface StopOutcome {
  stateDir: string;
  /** The simulator that was stopped (or refused), if one was found. */
  pid?: number;
  stopped: boolean;
  /** It ignored SIGTERM for `graceMs` and was killed. */
  forced: boolean;
  /** A live process whose identity could not be confirmed: left alone. */
  refused: boolean;
  /** `server.pid` named a dead process; the file was removed. */
  stalePid?: number;
}

async function exitedWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (await isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stops the simulator serving `stateDir`, whoever started it: a foreground `sim serve`
 * stops just as cleanly on SIGTERM, and the store's "state is in use" message sends users
 * here. SIGKILL only after `graceMs`; the store's journal keeps every acknowledged write.
 */
export async function stopSimulator(
  stateDir: string,
  options: { graceMs?: number; onForce?: (pid: number) => void } = {},
): Promise<StopOutcome> {
  const probe = await probeSimulator(stateDir);
  const outcome: StopOutcome = { stateDir, stopped: false, forced: false, refused: false };
  if (probe.stalePid !== undefined) outcome.stalePid = probe.stalePid;
  const { pid } = probe;
  if (pid === undefined) return outcome;
  outcome.pid = pid;
  // A pid file can outlive a reboot and name someone else's process: signal only a process
  // that answers as the simulator or whose command line says `sim serve`.
  if (!probe.url && (await isSimulatorProcess(pid)) !== true) {
    outcome.refused = true;
    return outcome;
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Gone between the probe and now: that is stopped too.
  }
  if (!(await exitedWithin(pid, options.graceMs ?? 10_000))) {
    options.onForce?.(pid);
    outcome.forced = true;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited at the last moment
    }
    await exitedWithin(pid, 5_000);
  }
  await removePidIfOwned(probe.paths.pidFile, pid);
  outcome.stopped = true;
  return outcome;
}

/**
 * `pod-course sim stop`. Exit 0 also when nothing runs: what the caller asked for — no
 * simulator on this state directory — holds, so cleanup scripts and CI `after` steps can call
 * it unconditionally (like `kind delete cluster` on a missing cluster). Exit 1 only when a
 * process was found but left running because it could not be confirmed to be the simulator.
 */
export async function runSimStop(values: SimStopValues, t: Messages): Promise<number> {
  const stateDir = values.state ?? defaultSimDir();
  const graceMs = 10_000;
  const outcome = await stopSimulator(stateDir, {
    graceMs,
    onForce: (pid) => process.stderr.write(`${t.simStopForced(pid, graceMs / 1000)}\n`),
  });
  if (outcome.stalePid !== undefined && !values.json) {
    process.stderr.write(`${t.simStalePidRemoved(outcome.stalePid)}\n`);
  }
  const human =
    outcome.pid === undefined
      ? t.simNothingToStop(stateDir)
      : outcome.refused
        ? t.simStopRefused(outcome.pid, stateDir)
        : t.simStoppedPid(outcome.pid);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    if (outcome.refused) process.stderr.write(`${human}\n`);
  } else {
    (outcome.refused ? process.stderr : process.stdout).write(`${human}\n`);
  }
  return outcome.refused ? EXIT.notPassed : EXIT.ok;
}
