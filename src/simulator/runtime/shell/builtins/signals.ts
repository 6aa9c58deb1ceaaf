import { SIGNALS, type SignalName } from '../../process/contracts.js';
import { parseSignal, signalByNumber } from '../../process/signals.js';
import type { Shell } from '../interpreter.js';

/** `trap`, `kill`, `wait`, `jobs`. */

const short = (signal: string) => signal.replace(/^SIG/, '');

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `EXIT`/`0` or a signal; undefined when the shell would call it a bad trap. */
function trapName(text: string): string | undefined {
  if (text === '0' || text.toUpperCase() === 'EXIT') return 'EXIT';
  return parseSignal(text);
}

export async function trapBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  const state = shell.state;
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    const lines = [...state.traps]
      .sort(([a], [b]) => (SIGNALS[a as SignalName] ?? 0) - (SIGNALS[b as SignalName] ?? 0))
      .map(([name, action]) => `trap -- ${quote(action)} ${short(name)}\n`);
    await shell.write(1, lines.join(''));
    return 0;
  }
  // `trap N…` with a leading number resets those signals, as `trap - N…` does.
  const action = /^\d+$/.test(args[0] as string) ? '-' : (args.shift() as string);
  let status = 0;
  for (const text of args) {
    const name = trapName(text);
    if (!name) {
      if (shell.flavour.name === 'ash') {
        await shell.error(`${text}: invalid signal specification`, 'trap');
      } else await shell.write(2, `trap: ${text}: bad trap\n`);
      status = 1;
      continue;
    }
    if (name === 'SIGKILL' || name === 'SIGSTOP') continue;
    const signal = name === 'EXIT' ? undefined : (name as SignalName);
    if (action === '-') {
      state.traps.delete(name);
      if (signal) shell.ctx.signals.handle(signal, shell.defaultDisposition(signal));
    } else if (action === '') {
      state.traps.set(name, '');
      if (signal) shell.ctx.signals.handle(signal, 'ignore');
    } else {
      state.traps.set(name, action);
      if (signal) shell.catchSignal(signal);
    }
  }
  return status;
}

export async function killBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  let signal: SignalName | 0 = 'SIGTERM';
  if (args[0] === '-0' || (args[0] === '-s' && args[1] === '0')) {
    // Signal 0 only asks whether the process exists.
    args.splice(0, args[0] === '-0' ? 1 : 2);
    signal = 0;
  }
  const first = args[0];
  if (first === '-l' || first === '-L') {
    const status = args[1];
    if (status !== undefined) {
      const n = Number(status);
      const name = signalByNumber(n > 128 ? n - 128 : n);
      await shell.write(1, `${name ? short(name) : status}\n`);
      return 0;
    }
    const names = Object.entries(SIGNALS).map(([name, n]) => `${n}) ${short(name)}`);
    await shell.write(1, `${names.join('\n')}\n`);
    return 0;
  }
  if (first === '-s' || first === '-n') {
    args.shift();
    const parsed = parseSignal(args.shift() ?? '');
    if (!parsed) return badSignal(shell, first);
    signal = parsed;
  } else if (first?.startsWith('-') && first !== '--' && !/^-\d+$/.test(first)) {
    args.shift();
    const parsed = parseSignal(first.slice(1));
    if (!parsed) return badSignal(shell, first.slice(1));
    signal = parsed;
  } else if (first !== undefined && /^-\d+$/.test(first) && args.length > 1) {
    args.shift();
    const parsed = parseSignal(first.slice(1));
    if (!parsed) return badSignal(shell, first.slice(1));
    signal = parsed;
  }
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    if (shell.flavour.name === 'ash') {
      await shell.write(2, `${shell.state.arg0}: you need to specify whom to kill\n`);
    } else {
      await shell.error(
        'Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]',
        'kill',
      );
    }
    return shell.flavour.name === 'ash' ? 1 : 2;
  }
  let status = 0;
  for (const target of args) {
    let pid: number;
    if (target.startsWith('%')) {
      const job = shell.jobs.bySpec(target);
      if (!job) {
        if (shell.flavour.name === 'ash') await shell.error(`${target}: no such job`, 'kill');
        else await shell.error(`No such job: ${target}`, 'kill');
        status = 2;
        continue;
      }
      pid = job.pid;
    } else if (/^-?\d+$/.test(target)) pid = Number(target);
    else {
      await shell.error(`invalid number '${target}'`, 'kill');
      status = 1;
      continue;
    }
    const exists =
      signal === 0
        ? shell.ctx.processes.list().some((entry) => entry.pid === pid)
        : shell.ctx.processes.kill(pid, signal);
    if (!exists) {
      if (shell.flavour.name === 'ash') {
        await shell.write(2, `${shell.state.arg0}: can't kill pid ${pid}: No such process\n`);
      } else await shell.error('No such process', 'kill');
      status = 1;
    }
  }
  return status;
}

async function badSignal(shell: Shell, text: string): Promise<number> {
  if (shell.flavour.name === 'ash') {
    await shell.write(2, `${shell.state.arg0}: bad signal name '${text}'\n`);
  } else await shell.error(`invalid signal number or name: ${text}`, 'kill');
  return shell.flavour.name === 'ash' ? 1 : 2;
}

/**
 * `wait [pid|%job…]`: waits for background jobs. A trapped signal cuts the wait short with
 * status 128+n, and its trap runs right after — the idiom `sleep 30 & wait` relies on it.
 */
export async function waitBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const targets = argv.slice(1);
  const jobs = shell.jobs;
  const waitFor = async (exit: Promise<number>): Promise<number | 'interrupted'> => {
    const interruption = shell.interruption;
    if (interruption.aborted) return 'interrupted';
    return Promise.race([
      exit,
      new Promise<'interrupted'>((resolve) =>
        interruption.addEventListener('abort', () => resolve('interrupted'), { once: true }),
      ),
    ]);
  };
  const interrupted = () => {
    const signal = shell.takeInterruptingSignal();
    return signal ? 128 + SIGNALS[signal] : 128;
  };
  if (targets.length === 0) {
    for (const job of jobs.all()) {
      const result = await waitFor(job.process.exit);
      if (result === 'interrupted') return interrupted();
      jobs.remove(job);
    }
    return 0;
  }
  let status = 0;
  for (const target of targets) {
    const job = target.startsWith('%') ? jobs.bySpec(target) : jobs.byPid(Number(target));
    if (!job) {
      status = 127;
      continue;
    }
    const result = await waitFor(job.process.exit);
    if (result === 'interrupted') return interrupted();
    status = result;
    jobs.remove(job);
  }
  return status;
}

export async function jobsBuiltin(shell: Shell): Promise<number> {
  const all = shell.jobs.all();
  const lines = all.map((job, i) => {
    const current = i === all.length - 1 ? '+' : i === all.length - 2 ? '-' : ' ';
    const state =
      job.status === undefined ? 'Running' : job.status === 0 ? 'Done' : `Done(${job.status})`;
    return shell.flavour.name === 'ash'
      ? `[${job.id}]${current}  ${state.padEnd(26)} \n`
      : `[${job.id}] ${current} ${state.padEnd(26)} \n`;
  });
  await shell.write(1, lines.join(''));
  shell.jobs.prune();
  return 0;
}
