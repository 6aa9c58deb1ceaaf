import type { ProcessContext, SpawnedProcess } from '../process/contracts.js';
import { reason, resolvePath } from './io.js';
import type { Tool } from './tool.js';

/**
 * `stress` 1.0.4 (the polinux/stress image the Kubernetes docs use to show memory limits):
 * forks `--cpu`, `--io`, `--vm` and `--hdd` workers and waits for them. A vm worker mallocs
 * `--vm-bytes` and touches every page — charged to the container's memory cgroup, so past its
 * limit the OOM killer ends the container (OOMKilled) — then sleeps `--vm-hang` seconds and
 * frees, over and over. Messages carry stress's source line numbers, as the real one prints
 * them (`stress: FAIL: [1] (415) <-- worker 7 got signal 9`).
 */

const USAGE = `\`stress' imposes certain types of compute stress on your system

Usage: stress [OPTION [ARG]] ...
 -?, --help         show this help statement
     --version      show version statement
 -v, --verbose      be verbose
 -q, --quiet        be quiet
 -n, --dry-run      show what would have been done
 -t, --timeout N    timeout after N seconds
     --backoff N    wait factor of N microseconds before work starts
 -c, --cpu N        spawn N workers spinning on sqrt()
 -i, --io N         spawn N workers spinning on sync()
 -m, --vm N         spawn N workers spinning on malloc()/free()
     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)
     --vm-stride B  touch a byte every B bytes (default is 4096)
     --vm-hang N    sleep N secs before free (default none, 0 is inf)
     --vm-keep      redirty memory instead of freeing and reallocating
 -d, --hdd N        spawn N workers spinning on write()/unlink()
     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)

Example: stress --cpu 2 --io 1 --vm 1 --vm-bytes 128M --timeout 10s

Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).
`;

const SIZE: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const TIME: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, y: 31536000 };
/** Pages are touched in steps of this much, each step a scheduling point. */
const TOUCH_STEP = 4 * 1024 * 1024;

interface Options {
  cpu: number;
  io: number;
  vm: number;
  hdd: number;
  vmBytes: number;
  vmHang: number;
  vmKeep: boolean;
  hddBytes: number;
  timeout: number;
  quiet: boolean;
  dryRun: boolean;
}

function suffixed(value: string | undefined, table: Record<string, number>): number | undefined {
  const match = /^(\d+)([a-zA-Z]?)$/.exec(value ?? '');
  const unit = match ? table[(match[2] ?? '').toLowerCase()] : undefined;
  return match && unit !== undefined ? Number(match[1]) * unit : undefined;
}

export const stress: Tool = async (context) => {
  const args = context.argv.slice(1);
  const me = context.pid;
  const out = (line: string) => context.stdout.write(`stress: info: [${me}] ${line}\n`);
  const fail = (line: number, text: string) =>
    context.stderr.write(`stress: FAIL: [${me}] (${line}) ${text}\n`);
  if (args.length === 0 || args.includes('-?') || args.includes('--help')) {
    await context.stdout.write(USAGE);
    return 0;
  }
  if (args.includes('--version')) {
    await context.stdout.write('stress 1.0.4\n');
    return 0;
  }
  const options: Options = {
    cpu: 0,
    io: 0,
    vm: 0,
    hdd: 0,
    vmBytes: 256 * 1024 * 1024,
    vmHang: -1,
    vmKeep: false,
    hddBytes: 1024 ** 3,
    timeout: 0,
    quiet: false,
    dryRun: false,
  };
  const counts: Record<string, 'cpu' | 'io' | 'vm' | 'hdd'> = {
    '-c': 'cpu',
    '--cpu': 'cpu',
    '-i': 'io',
    '--io': 'io',
    '-m': 'vm',
    '--vm': 'vm',
    '-d': 'hdd',
    '--hdd': 'hdd',
  };
  while (args.length > 0) {
    const arg = args.shift() as string;
    const count = counts[arg];
    const bad = async () => {
      await context.stderr.write(USAGE);
      return 1;
    };
    if (count) {
      const n = suffixed(args.shift(), { '': 1 });
      if (n === undefined) return bad();
      options[count] = n;
    } else if (arg === '--vm-bytes' || arg === '--hdd-bytes') {
      const bytes = suffixed(args.shift(), SIZE);
      if (bytes === undefined) return bad();
      if (arg === '--vm-bytes') options.vmBytes = bytes;
      else options.hddBytes = bytes;
    } else if (arg === '--vm-stride' || arg === '--backoff') {
      args.shift();
    } else if (arg === '--vm-hang') {
      const seconds = suffixed(args.shift(), TIME);
      if (seconds === undefined) return bad();
      options.vmHang = seconds;
    } else if (arg === '-t' || arg === '--timeout') {
      const seconds = suffixed(args.shift(), TIME);
      if (seconds === undefined) return bad();
      options.timeout = seconds;
    } else if (arg === '--vm-keep') options.vmKeep = true;
    else if (arg === '-q' || arg === '--quiet') options.quiet = true;
    else if (arg === '-n' || arg === '--dry-run') options.dryRun = true;
    else if (arg !== '-v' && arg !== '--verbose') {
      await context.stdout.write(USAGE);
      return 1;
    }
  }
  const started = context.clock.now().getTime();
  if (!options.quiet) {
    await out(
      `dispatching hogs: ${options.cpu} cpu, ${options.io} io, ${options.vm} vm, ${options.hdd} hdd`,
    );
  }
  const workers: SpawnedProcess[] = [];
  const fork = (work: (worker: ProcessContext) => Promise<number>) => {
    workers.push(
      context.spawn({
        argv: context.argv,
        env: context.env,
        cwd: context.cwd,
        stdin: context.stdin,
        stdout: context.stdout,
        stderr: context.stderr,
        program: async (worker) => {
          // alarm(timeout): the worker dies of SIGALRM, which the parent counts as normal.
          if (options.timeout > 0) {
            void worker.clock
              .sleep(options.timeout * 1000, worker.signals.killed)
              .then(() => worker.processes.kill(worker.pid, 'SIGALRM'))
              .catch(() => {});
          }
          return options.dryRun ? 0 : work(worker);
        },
      }),
    );
  };
  for (let i = 0; i < options.cpu; i++) fork(spin);
  for (let i = 0; i < options.io; i++) fork(spin);
  for (let i = 0; i < options.vm; i++) fork((worker) => hogVm(worker, options));
  for (let i = 0; i < options.hdd; i++) fork((worker) => hogHdd(worker, options));
  let failed = 0;
  context.signals.handle('SIGUSR1', 'ignore');
  // wait(2) for whichever worker ends first.
  const pending = new Map(workers.map((worker) => [worker, worker.exit.then(() => worker)]));
  while (pending.size > 0) {
    const worker = await Promise.race(pending.values());
    pending.delete(worker);
    const status = await worker.exit;
    const signal = worker.termSignal?.();
    if (signal === 'SIGALRM' || signal === 'SIGUSR1' || (signal === undefined && status === 0))
      continue;
    failed++;
    if (signal === undefined) await fail(416, `<-- worker ${worker.pid} returned error ${status}`);
    else await fail(415, `<-- worker ${worker.pid} got signal ${status - 128}`);
    await context.stderr.write(`stress: WARN: [${me}] (417) now reaping child worker processes\n`);
    if (!context.processes.kill(-me, 'SIGUSR1')) await fail(421, 'kill error: No such process');
  }
  const seconds = Math.floor((context.clock.now().getTime() - started) / 1000);
  if (failed > 0) {
    await fail(451, `failed run completed in ${seconds}s`);
    return 1;
  }
  if (!options.quiet) await out(`successful run completed in ${seconds}s`);
  return 0;
};

/** A cpu or io hog: runs until it is stopped, giving the CPU back as the scheduler asks. */
async function spin(worker: ProcessContext): Promise<number> {
  while (!worker.signals.killed.aborted) await worker.yield();
  return 0;
}

async function hogVm(worker: ProcessContext, options: Options): Promise<number> {
  let held = 0;
  for (;;) {
    if (held === 0 || !options.vmKeep) {
      // malloc, then touch every page: the charge grows page by page until the limit.
      for (let touched = 0; touched < options.vmBytes; touched += TOUCH_STEP) {
        const step = Math.min(TOUCH_STEP, options.vmBytes - touched);
        worker.memory?.allocate(step);
        held += step;
        await worker.yield();
      }
    } else await worker.yield();
    const killed = worker.signals.killed;
    if (options.vmHang === 0) await worker.clock.sleep(Number.POSITIVE_INFINITY, killed);
    if (options.vmHang > 0) await worker.clock.sleep(options.vmHang * 1000, killed);
    if (!options.vmKeep) {
      worker.memory?.release(held);
      held = 0;
    }
  }
}

async function hogHdd(worker: ProcessContext, options: Options): Promise<number> {
  const path = resolvePath(worker.cwd, `stress.${worker.pid}`);
  const chunk = new Uint8Array(1024 * 1024).fill(0x5a);
  for (;;) {
    try {
      worker.fs.writeFile(path, new Uint8Array(0));
      for (let written = 0; written < options.hddBytes; written += chunk.length) {
        worker.fs.writeFile(
          path,
          chunk.subarray(0, Math.min(chunk.length, options.hddBytes - written)),
          {
            append: true,
          },
        );
        await worker.yield();
      }
      worker.fs.unlink(path);
    } catch (error) {
      const why = reason(error);
      try {
        worker.fs.unlink(path);
      } catch {
        // Nothing was created.
      }
      await worker.stderr.write(`stress: FAIL: [${worker.pid}] (591) write failed: ${why}\n`);
      return 1;
    }
  }
}
