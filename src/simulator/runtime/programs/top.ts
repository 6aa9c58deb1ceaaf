import type { ProcessContext, ProcessEntry } from '../process/contracts.js';
import { MACHINE } from './machine.js';
import { toolOptions } from './options.js';
import { commOf, passwdOf, userName, virtualKb } from './process-view.js';
import type { Tool } from './tool.js';

/**
 * busybox `top` (default build: decimals, the CPU column): the node's memory, CPU split and
 * load, then the processes of the PID namespace by %CPU, VSZ. `-b` prints plain frames (`top
 * -b -n 1` for one); without it frames repaint the screen every `-d` seconds of simulated
 * time until `q` or Ctrl-C arrives, or forever when input has ended (as `top </dev/null`
 * does). The simulation does not account CPU time per process, so the node looks idle.
 */

const HOME_CLEAR = '\x1b[H\x1b[J';
const QUIT_KEYS = [0x71, 0x51, 0x03, 0x04];
/** The tasks of the node outside any pod (kernel threads, kubelet, containerd…). */
const NODE_TASKS = 230;

interface Screen {
  batch: boolean;
  width: number;
  lines: number;
}

export const top: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'top', { flags: 'bmH', values: 'dn' });
  if (!options) return 1;
  const delayText = options.values.get('d')?.replace(/^-/, '') ?? '5';
  const countText = options.values.get('n')?.replace(/^-/, '') ?? '0';
  const bad = [delayText, countText].find((value) => !/^\d+(\.\d+)?$/.test(value));
  if (bad !== undefined) {
    await context.stderr.write(`top: invalid number '${bad}'\n`);
    return 1;
  }
  const delayMs = Number(delayText) * 1000;
  let iterations = Math.floor(Number(countText));
  const batch = options.flags.has('b');
  const screen: Screen = batch
    ? { batch, width: 1022, lines: Number.POSITIVE_INFINITY }
    : {
        batch,
        width: Math.min(1022, Number(context.env.COLUMNS) || 79),
        lines: Number(context.env.LINES) || 24,
      };
  let inputEnded = batch;
  for (;;) {
    await context.stdout.write(frame(context, screen));
    if (iterations > 0 && --iterations === 0) break;
    // `-d 0` repaints without pause: give the other processes their turn.
    await context.yield();
    if (!inputEnded) {
      const key = await waitForKey(context, delayMs);
      if (key === 'quit') break;
      // Any other key repaints at once; the end of input leaves only the timer.
      if (key !== 'eof') continue;
      inputEnded = true;
    }
    await context.clock.sleep(delayMs);
  }
  await context.stdout.write('\n');
  return 0;
};

/**
 * What /proc/loadavg holds and top's `Load average:` line repeats: the node's load, running
 * over all tasks (this namespace's and the node's own), and the last pid handed out.
 */
export function loadAverageFigures(entries: readonly ProcessEntry[]): string {
  const running = Math.max(1, entries.filter((entry) => entry.state === 'R').length);
  const lastPid = Math.max(0, ...entries.map((entry) => entry.pid));
  return `${MACHINE.loadAverage} ${running}/${entries.length + NODE_TASKS} ${lastPid}`;
}

/** One screenful: header lines, the column titles, one line per process. */
function frame(context: ProcessContext, screen: Screen): string {
  const entries = context.processes.list();
  const memory = MACHINE.memory;
  const header = [
    `Mem: ${memory.totalKb - memory.freeKb}K used, ${memory.freeKb}K free, ${memory.sharedKb}K shrd, ${memory.buffersKb}K buff, ${memory.cachedKb}K cached`,
    'CPU:  0.0% usr  0.0% sys  0.0% nic  100% idle  0.0% io  0.0% irq  0.0% sirq',
    `Load average: ${loadAverageFigures(entries)}`,
  ].map((line) => `${line.slice(0, screen.width)}\n`);
  const titles = '  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND'.slice(0, screen.width);
  // By %CPU (all idle here), then VSZ, largest first.
  const sorted = [...entries].sort((a, b) => virtualKb(b) - virtualKb(a) || a.pid - b.pid);
  const room = Math.max(0, screen.lines - 4);
  const passwd = passwdOf(context);
  const rows = sorted
    .slice(0, room)
    .map((entry) => `\n${row(entry, memory.totalKb, passwd).slice(0, screen.width)}`);
  return screen.batch
    ? `${header.join('')}${titles}${rows.join('')}\n`
    : `${HOME_CLEAR}${header.join('')}\x1b[7m${titles}\x1b[m${rows.join('')}\r`;
}

function row(entry: ProcessEntry, memoryKb: number, passwd: string): string {
  const vsz = virtualKb(entry);
  const permille = Math.round((vsz * 1000) / memoryKb);
  const percentOfMemory = `${String(Math.floor(permille / 10)).padStart(3)}.${permille % 10}`;
  const cpu = String(entry.pid % MACHINE.cpus).padStart(3);
  const command = entry.state === 'Z' ? `[${commOf(entry)}]` : entry.command;
  return (
    `${String(entry.pid).padStart(5)}${String(entry.ppid).padStart(6)} ${userName(entry.user, passwd).slice(0, 8).padEnd(8)} ` +
    `${entry.state.padEnd(3)}  ${sizeText(vsz)}${percentOfMemory} ${cpu}  0.0 ${command}`
  );
}

/** busybox's smart_ulltoa5: five columns, `12345`, then `123m`, `9.9g`-style scaled forms. */
export function sizeText(kb: number): string {
  if (kb <= 99999) return String(kb).padStart(5);
  let value = kb * 10;
  let unit = 0;
  do {
    value = Math.floor(value / 1024);
    unit++;
  } while (value >= 100000);
  const suffix = ' mgtpezy'[unit] ?? '?';
  const whole = Math.floor(value / 10);
  if (whole >= 100) return `${String(whole).padStart(4)}${suffix}`;
  return `${String(whole).padStart(2)}.${value % 10}${suffix}`;
}

/**
 * Waits up to `ms` of simulated time for a key: `q` or the terminal's interrupt/EOF keys quit,
 * any other key repaints at once, end of input means no key will ever come.
 */
async function waitForKey(
  context: ProcessContext,
  ms: number,
): Promise<'quit' | 'key' | 'timeout' | 'eof'> {
  const stop = new AbortController();
  const swallow = (error: unknown) => {
    if (stop.signal.aborted) return undefined;
    throw error;
  };
  const timer = context.clock.sleep(ms, stop.signal).then(() => 'timeout' as const, swallow);
  const readKey = async () => {
    for (;;) {
      const chunk = await context.stdin.read(stop.signal);
      if (chunk === null) return 'eof' as const;
      // q, Q and the terminal's interrupt (^C) and end-of-file (^D) keys quit; an empty
      // read is no key press.
      if (chunk.length > 0) return chunk.some((b) => QUIT_KEYS.includes(b)) ? 'quit' : 'key';
    }
  };
  const key = readKey().catch(swallow);
  try {
    const first = await Promise.race([timer, key]);
    return first ?? 'timeout';
  } finally {
    stop.abort();
  }
}
