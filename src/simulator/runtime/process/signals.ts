import { SIGNALS, type SignalName } from './contracts.js';

/**
 * What Linux does with a signal nobody caught (signal(7) "Standard signals"). `core` kills like
 * `terminate` (the core file is not simulated); shells print "(core dumped)" only for real cores.
 */
export type DefaultAction = 'terminate' | 'core' | 'ignore' | 'stop' | 'continue';

const DEFAULT_ACTIONS: Record<SignalName, DefaultAction> = {
  SIGHUP: 'terminate',
  SIGINT: 'terminate',
  SIGQUIT: 'core',
  SIGKILL: 'terminate',
  SIGUSR1: 'terminate',
  SIGUSR2: 'terminate',
  SIGPIPE: 'terminate',
  SIGALRM: 'terminate',
  SIGTERM: 'terminate',
  SIGCHLD: 'ignore',
  SIGCONT: 'continue',
  SIGSTOP: 'stop',
  SIGWINCH: 'ignore',
};

export function defaultAction(signal: SignalName): DefaultAction {
  return DEFAULT_ACTIONS[signal];
}

/** SIGKILL and SIGSTOP can be neither caught nor ignored. */
export function isCatchable(signal: SignalName): boolean {
  return signal !== 'SIGKILL' && signal !== 'SIGSTOP';
}

export function signalNumber(signal: SignalName): number {
  return SIGNALS[signal];
}

const BY_NUMBER = new Map<number, SignalName>(
  Object.entries(SIGNALS).map(([name, n]) => [n, name as SignalName]),
);

export function signalByNumber(n: number): SignalName | undefined {
  return BY_NUMBER.get(n);
}

/** `TERM`, `SIGTERM`, `term` or `15` → `SIGTERM`; undefined for anything else. */
export function parseSignal(text: string): SignalName | undefined {
  if (/^\d+$/.test(text)) return signalByNumber(Number(text));
  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return name in SIGNALS ? (name as SignalName) : undefined;
}

/** The exit status a shell reports for a process killed by `signal`. */
export function signalExitStatus(signal: SignalName): number {
  return 128 + SIGNALS[signal];
}

/**
 * strsignal(3) texts (glibc and musl agree on these), which shells print when a foreground
 * command dies of a signal: `Killed`, `Terminated`.
 */
export const SIGNAL_DESCRIPTIONS: Record<number, string> = {
  1: 'Hangup',
  2: 'Interrupt',
  3: 'Quit',
  4: 'Illegal instruction',
  5: 'Trace/breakpoint trap',
  6: 'Aborted',
  7: 'Bus error',
  8: 'Floating point exception',
  9: 'Killed',
  10: 'User defined signal 1',
  11: 'Segmentation fault',
  12: 'User defined signal 2',
  13: 'Broken pipe',
  14: 'Alarm clock',
  15: 'Terminated',
  17: 'Child exited',
  18: 'Continued',
  19: 'Stopped (signal)',
  28: 'Window changed',
};
