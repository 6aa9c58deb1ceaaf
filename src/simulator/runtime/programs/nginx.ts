import {
  type HttpRequest,
  type ProcessContext,
  SIGNALS,
  type SignalName,
} from '../process/contracts.js';
import { text } from './io.js';
import { KERNEL } from './machine.js';
import { type NginxSettings, readNginxSettings } from './nginx-config.js';
import { errorTime, respond } from './nginx-static.js';
import { passwdOf } from './process-view.js';
import type { Tool } from './tool.js';

/** CPUs the simulated node reports (`worker_processes auto` starts one worker per CPU). */
const NODE_CPUS = 2;
const SIGNAL_FOR: Record<string, SignalName> = {
  stop: 'SIGTERM',
  quit: 'SIGQUIT',
  reload: 'SIGHUP',
  reopen: 'SIGUSR1',
};

/**
 * nginx as the official image runs it: a master (`nginx: master process nginx -g daemon off;`)
 * and `worker_processes auto` workers, the error log on stderr and the access log on stdout
 * (the image links both to /dev/std*), static files from the configured root. SIGTERM/SIGINT
 * stop at once, SIGQUIT (the image's STOPSIGNAL) gracefully, SIGHUP reloads.
 */
export const nginx: Tool = async (context) => {
  const version = context.env.NGINX_VERSION ?? '1.27.5';
  const args = context.argv.slice(1);
  const option = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  if (args.includes('-v') || args.includes('-V')) {
    await context.stderr.write(`nginx version: nginx/${version}\n`);
    if (args.includes('-V'))
      await context.stderr.write('built by gcc 12.2.0 (Debian 12.2.0-14) \n');
    return 0;
  }
  const confPath = option('-c') ?? '/etc/nginx/nginx.conf';
  const settings = loadSettings(context, confPath);
  if (args.includes('-t') || args.includes('-T')) {
    await context.stderr.write(
      `nginx: the configuration file ${confPath} syntax is ok\nnginx: configuration file ${confPath} test is successful\n`,
    );
    return 0;
  }
  const signalName = option('-s');
  if (signalName !== undefined) return sendSignal(context, settings, signalName);
  const daemonOff = /daemon\s+off\s*;/.test(option('-g') ?? '');
  if (!daemonOff) {
    // Without `daemon off;` the master forks into the background and the command returns.
    context.spawn({
      ...childIo(context),
      argv: context.argv,
      program: (child) => master(child, version, confPath),
    });
    return 0;
  }
  return master(context, version, confPath);
};

function childIo(context: ProcessContext) {
  return {
    env: context.env,
    cwd: context.cwd,
    stdin: context.stdin,
    stdout: context.stdout,
    stderr: context.stderr,
  };
}

function loadSettings(context: ProcessContext, confPath: string): NginxSettings {
  const read = (path: string) => {
    try {
      return text(context.fs.readFile(path));
    } catch {
      return '';
    }
  };
  let servers: string[] = [];
  try {
    servers = context.fs
      .readdir('/etc/nginx/conf.d')
      .filter((name) => name.endsWith('.conf'))
      .map((name) => read(`/etc/nginx/conf.d/${name}`));
  } catch {
    servers = [];
  }
  return readNginxSettings(read(confPath), servers, NODE_CPUS);
}

async function sendSignal(
  context: ProcessContext,
  settings: NginxSettings,
  name: string,
): Promise<number> {
  const log = (level: string, message: string) =>
    context.stderr.write(
      `${errorTime(context.clock.now())} [${level}] ${context.pid}#${context.pid}: ${message}\n`,
    );
  const signal = SIGNAL_FOR[name];
  if (!signal) {
    await context.stderr.write(`nginx: invalid option: "-s ${name}"\n`);
    return 1;
  }
  await log('notice', 'signal process started');
  let pidText: string;
  try {
    pidText = text(context.fs.readFile(settings.pidFile)).trim();
  } catch {
    await log('error', `open() "${settings.pidFile}" failed (2: No such file or directory)`);
    return 1;
  }
  if (!context.processes.kill(Number(pidText), signal)) {
    await log('error', `kill(${pidText}, ${SIGNALS[signal]}) failed (3: No such process)`);
    return 1;
  }
  return 0;
}

interface Worker {
  pid: number;
  stop: (graceful: boolean) => void;
  exit: Promise<number>;
}

async function master(context: ProcessContext, version: string, confPath: string): Promise<number> {
  const me = `${context.pid}#${context.pid}`;
  const log = (who: string, level: string, message: string) =>
    context.stderr.write(`${errorTime(context.clock.now())} [${level}] ${who}: ${message}\n`);
  let settings = loadSettings(context, confPath);
  const closers: (() => void)[] = [];
  let connection = 0;
  let workers: Worker[] = [];
  const serve = (request: HttpRequest) => {
    connection++;
    return respond(context, settings, version, request, workers[0]?.pid ?? context.pid, connection);
  };
  for (const port of settings.ports) {
    let bound = false;
    for (let attempt = 0; attempt < 5 && !bound; attempt++) {
      try {
        closers.push(context.network.listen(port, serve));
        bound = true;
      } catch {
        const message = `bind() to 0.0.0.0:${port} failed (98: Address already in use)`;
        await log(me, 'emerg', message);
        await context.stderr.write(`nginx: [emerg] ${message}\n`);
        await context.clock.sleep(500, context.signals.killed);
      }
    }
    if (!bound) {
      await log(me, 'emerg', 'still could not bind()');
      await context.stderr.write('nginx: [emerg] still could not bind()\n');
      for (const close of closers) close();
      return 1;
    }
  }
  try {
    context.fs.writeFile(settings.pidFile, `${context.pid}\n`);
  } catch {
    // A read-only root still runs nginx in this simulation; the real one would fail here.
  }
  context.setTitle(`nginx: master process ${context.argv.join(' ')}`);
  await log(me, 'notice', 'using the "epoll" event method');
  await log(me, 'notice', `nginx/${version}`);
  await log(me, 'notice', 'built by gcc 12.2.0 (Debian 12.2.0-14) ');
  await log(me, 'notice', `OS: Linux ${KERNEL.release}`);
  await log(me, 'notice', 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  const startWorkers = async () => {
    await log(me, 'notice', 'start worker processes');
    const started: Worker[] = [];
    const user = workerUid(context, settings.user);
    for (let i = 0; i < settings.workers; i++) {
      const worker = startWorker(context, log, user);
      await log(me, 'notice', `start worker process ${worker.pid}`);
      started.push(worker);
    }
    return started;
  };
  workers = await startWorkers();
  const stopWorkers = async (graceful: boolean, old: Worker[]) => {
    for (const worker of old) {
      worker.stop(graceful);
      await worker.exit;
    }
    for (const worker of old) {
      await log(me, 'notice', `signal 17 (SIGCHLD) received from ${worker.pid}`);
      await log(me, 'notice', `worker process ${worker.pid} exited with code 0`);
    }
  };
  // Signal handlers only queue work: the loop below logs and acts in order.
  const queue: SignalName[] = [];
  let wake: (() => void) | undefined;
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR1'] as const) {
    context.signals.handle(signal, () => {
      queue.push(signal);
      wake?.();
    });
  }
  try {
    for (;;) {
      const signal = queue.shift();
      if (signal === undefined) {
        await new Promise<void>((resolve, reject) => {
          wake = resolve;
          const killed = context.signals.killed;
          if (killed.aborted) reject(killed.reason);
          killed.addEventListener('abort', () => reject(killed.reason), { once: true });
        });
        continue;
      }
      if (signal === 'SIGHUP') {
        await log(me, 'notice', 'signal 1 (SIGHUP) received, reconfiguring');
        await log(me, 'notice', 'reconfiguring');
        settings = loadSettings(context, confPath);
        const old = workers;
        workers = await startWorkers();
        await stopWorkers(true, old);
        continue;
      }
      if (signal === 'SIGUSR1') {
        await log(me, 'notice', 'signal 10 (SIGUSR1) received, reopening');
        await log(me, 'notice', 'reopening logs');
        continue;
      }
      const graceful = signal === 'SIGQUIT';
      const number = SIGNALS[signal];
      await log(
        me,
        'notice',
        `signal ${number} (${signal}) received, ${graceful ? 'shutting down' : 'exiting'}`,
      );
      await stopWorkers(graceful, workers);
      await log(me, 'notice', 'exit');
      return 0;
    }
  } finally {
    for (const close of closers) close();
    for (const worker of workers) worker.stop(false);
    try {
      context.fs.unlink(settings.pidFile);
    } catch {
      // Already gone, or a read-only root.
    }
  }
}

/**
 * The uid the workers switch to (ngx_worker_process_init's setuid), from the container's
 * /etc/passwd: `nginx` is 101 in the official image. Digits are taken as a uid already.
 */
function workerUid(context: ProcessContext, user: string): string {
  if (/^\d+$/.test(user)) return user;
  for (const line of passwdOf(context).split('\n')) {
    const [name, , uid] = line.split(':');
    if (name === user && uid !== undefined) return uid === '0' ? 'root' : uid;
  }
  return user;
}

function startWorker(
  context: ProcessContext,
  log: (who: string, level: string, message: string) => Promise<void>,
  user: string,
): Worker {
  let stop: (graceful: boolean) => void = () => undefined;
  const stopped = new Promise<boolean>((resolve) => {
    stop = resolve;
  });
  const spawned = context.spawn({
    ...childIo(context),
    argv: context.argv,
    ignoredSignals: [],
    user,
    program: async (worker) => {
      worker.setTitle('nginx: worker process');
      const graceful = await Promise.race([
        stopped,
        new Promise<boolean>((_resolve, reject) => {
          const killed = worker.signals.killed;
          if (killed.aborted) reject(killed.reason);
          killed.addEventListener('abort', () => reject(killed.reason), { once: true });
        }),
      ]);
      const me = `${worker.pid}#${worker.pid}`;
      if (graceful) await log(me, 'notice', 'gracefully shutting down');
      await log(me, 'notice', 'exiting');
      await log(me, 'notice', 'exit');
      return 0;
    },
  });
  return { pid: spawned.pid, stop: (graceful) => stop(graceful), exit: spawned.exit };
}
