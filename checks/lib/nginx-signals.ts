/**
 * What nginx's error log (the container's stderr in the official image) says about signals.
 * nginx logs each signal it handles as
 * `[notice] 8#8: signal 1 (SIGHUP) received from 45, reconfiguring`; the ` from PID` part
 * names the sender when the kernel reports one and may be missing, and the action after the
 * comma is absent for SIGCHLD.
 */

/** One `signal N (NAME) received …` line. */
export interface SignalLine {
  /** The process that logged it: the master, or a worker. */
  pid: number;
  signal: number;
  name: string;
  /** The sender's PID, when nginx logged one. */
  from?: number;
  /** `reconfiguring`, `exiting`, `shutting down`, `ignoring`, … ('' for SIGCHLD). */
  action: string;
  /** The line without its date, for a message: `signal 1 (SIGHUP) received, reconfiguring`. */
  text: string;
  /** Its index among the log's lines. */
  at: number;
}

const SIGNAL_LINE =
  /\[notice\] (\d+)#\d+: (signal (\d+) \((SIG[A-Z0-9]+)\) received(?: from (\d+))?(?:, (.*?))?)\s*$/;

export function signalLines(log: string): SignalLine[] {
  const found: SignalLine[] = [];
  log.split('\n').forEach((line, at) => {
    const m = SIGNAL_LINE.exec(line);
    if (!m?.[1] || !m[2] || !m[3] || !m[4]) return;
    found.push({
      pid: Number(m[1]),
      signal: Number(m[3]),
      name: m[4],
      ...(m[5] ? { from: Number(m[5]) } : {}),
      action: m[6] ?? '',
      text: m[2],
      at,
    });
  });
  return found;
}

/** A reload the master carried out: its SIGHUP line and the workers it started afterwards. */
export interface Reload {
  master: number;
  line: SignalLine;
  workers: number[];
}

/** The last reload in the log (SIGHUP received by a process that reconfigured), if any. */
export function lastReload(log: string): Reload | undefined {
  const line = signalLines(log)
    .filter((s) => s.name === 'SIGHUP' && s.action === 'reconfiguring')
    .pop();
  if (!line) return undefined;
  const workers: number[] = [];
  for (const text of log.split('\n').slice(line.at + 1)) {
    const m = /\[notice\] (\d+)#\d+: start worker process (\d+)/.exec(text);
    if (m?.[1] && m[2] && Number(m[1]) === line.pid) workers.push(Number(m[2]));
  }
  return { master: line.pid, line, workers };
}

/** SIGHUP lines of processes that ignored it: workers, which leave reloading to the master. */
export function ignoredHangups(log: string): SignalLine[] {
  return signalLines(log).filter((s) => s.name === 'SIGHUP' && s.action === 'ignoring');
}

/**
 * The signal that made nginx stop (`exiting` or `shutting down`), if any. An instance stops
 * once, and the master logs it before it tells its workers, so the first such line is the
 * master's.
 */
export function stopSignal(log: string): SignalLine | undefined {
  return signalLines(log).find((s) => s.action === 'exiting' || s.action === 'shutting down');
}
