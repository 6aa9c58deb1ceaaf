import { SIGNALS, type SignalName } from '../process/contracts.js';
import { passwdOf, userName } from './process-view.js';
import { BUSYBOX_BANNER, type Tool } from './tool.js';

/** What runs and what stops: `ps`, `kill`, `sleep`, `/pause`. */

/**
 * busybox `ps` (every form: `ps`, `ps aux`, `ps ax` print the same table). TIME is CPU time,
 * which the simulation does not account, hence `0:00` as an idle container shows.
 */
export const ps: Tool = async (context) => {
  const passwd = passwdOf(context);
  const rows = context.processes
    .list()
    .sort((a, b) => a.pid - b.pid)
    .map(
      (entry) =>
        `${String(entry.pid).padStart(5)} ${userName(entry.user, passwd).slice(0, 8).padEnd(8)}  0:00 ${entry.command}\n`,
    );
  await context.stdout.write(`PID   USER     TIME  COMMAND\n${rows.join('')}`);
  return 0;
};

const NAMES = Object.keys(SIGNALS) as SignalName[];

function signalOf(text: string): SignalName | undefined {
  if (/^\d+$/.test(text)) return NAMES.find((name) => SIGNALS[name] === Number(text));
  const upper = text.toUpperCase();
  const name = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as SignalName;
  return name in SIGNALS ? name : undefined;
}

/** `kill [-SIG|-s SIG|-n N] PID...` and `kill -l`, with busybox's messages. */
export const kill: Tool = async (context) => {
  const args = context.argv.slice(1);
  if (args[0] === '-l') {
    const all = NAMES.map((name) => `${SIGNALS[name]}) ${name.slice(3)}`);
    await context.stdout.write(`${all.join('\n')}\n`);
    return 0;
  }
  let signal: SignalName = 'SIGTERM';
  if (args[0] === '-s' || args[0] === '-n') {
    args.shift();
    const chosen = signalOf(args.shift() ?? '');
    if (!chosen) {
      await context.stderr.write(`kill: bad signal name '${context.argv[2] ?? ''}'\n`);
      return 1;
    }
    signal = chosen;
  } else if (args[0]?.startsWith('-') && args[0] !== '--') {
    const chosen = signalOf((args.shift() ?? '').slice(1));
    if (!chosen) {
      await context.stderr.write(`kill: bad signal name '${context.argv[1]?.slice(1) ?? ''}'\n`);
      return 1;
    }
    signal = chosen;
  }
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    await context.stderr.write(BUSYBOX_BANNER);
    return 1;
  }
  let status = 0;
  for (const target of args) {
    if (!/^\d+$/.test(target)) {
      await context.stderr.write(`kill: bad pid '${target}'\n`);
      status = 1;
      continue;
    }
    if (!context.processes.kill(Number(target), signal)) {
      await context.stderr.write(`kill: can't kill pid ${target}: No such process\n`);
      status = 1;
    }
  }
  return status;
};

const UNITS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `sleep` on the simulated clock: operands add up (`1m 30`), `infinity` never ends. */
export const sleep: Tool = async (context, flavour) => {
  const operands = context.argv.slice(1);
  if (operands.length === 0) {
    await context.stderr.write(
      flavour === 'gnu'
        ? "sleep: missing operand\nTry 'sleep --help' for more information.\n"
        : `${BUSYBOX_BANNER}\nUsage: sleep [N]...\n`,
    );
    return 1;
  }
  let total = 0;
  for (const operand of operands) {
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(operand);
    const infinite = /^inf(inity)?$/i.test(operand);
    if (!match && !infinite) {
      await context.stderr.write(
        flavour === 'gnu'
          ? `sleep: invalid time interval '${operand}'\nTry 'sleep --help' for more information.\n`
          : `sleep: invalid number '${operand}'\n`,
      );
      return 1;
    }
    total += infinite
      ? Number.POSITIVE_INFINITY
      : Number(match?.[1]) * (UNITS[match?.[2] ?? ''] ?? 1000);
  }
  await context.clock.sleep(total, context.signals.killed);
  return 0;
};

/**
 * The sandbox's `/pause`: sleeps until signalled. Like the real one (pause.c) it exits 0 on
 * SIGINT/SIGTERM and reaps children on SIGCHLD.
 */
export const pause: Tool = async (context) => {
  await new Promise<void>((resolve, reject) => {
    const killed = context.signals.killed;
    // pause.c's sigdown(): psignal(signo, "Shutting down, got signal"), then exit(0).
    const down = (name: string) => () => {
      context.stderr.write(`Shutting down, got signal: ${name}\n`).then(resolve, resolve);
    };
    context.signals.handle('SIGTERM', down('Terminated'));
    context.signals.handle('SIGINT', down('Interrupt'));
    context.signals.handle('SIGCHLD', 'ignore');
    if (killed.aborted) reject(killed.reason);
    killed.addEventListener('abort', () => reject(killed.reason), { once: true });
  });
  return 0;
};
