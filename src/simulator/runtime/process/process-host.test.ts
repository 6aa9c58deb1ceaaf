import { describe, expect, it } from 'vitest';
import { SimClock } from '../../clock.js';
import { programTable } from '../programs/catalogue.js';
import type { ProcessContext, Program } from './contracts.js';
import { MapCatalogue } from './map-catalogue.js';
import { MemoryFileSystem } from './memory-file-system.test-support.js';
import { ProcessHost } from './process-host.js';
import { BufferOutput, emptyInput } from './streams.js';

const settle = async (turns = 10) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
};

function world(extra: Record<string, Program> = {}) {
  const clock = new SimClock({ speed: 0, start: new Date('2024-01-01T00:00:00Z') });
  const host = new ProcessHost({ clock });
  const fs = new MemoryFileSystem({ '/tmp/': '' });
  const catalogue = new MapCatalogue({ ...programTable('busybox'), ...extra });
  const cgroup = host.createCgroup('c', catalogue);
  const start = (argv: string[], namespace = host.createNamespace(), group = cgroup) => {
    const stdout = new BufferOutput();
    const stderr = new BufferOutput();
    const started = host.start({
      argv,
      env: { PATH: '/usr/bin:/bin' },
      cwd: '/',
      stdin: emptyInput,
      stdout,
      stderr,
      fs,
      namespace,
      cgroup: group,
    });
    return { started, stdout, stderr, namespace };
  };
  return { clock, host, fs, catalogue, cgroup, start };
}

describe('ProcessHost', () => {
  it('reports a command it cannot resolve as not found, status 127', async () => {
    const { start } = world();
    const { started } = start(['nosuch']);
    expect(started.notFound).toBe(true);
    expect(await started.exit).toBe(127);
  });

  it('runs sleep on the simulated clock', async () => {
    const { start, clock } = world();
    const { started } = start(['sleep', '30']);
    let done = false;
    void started.exit.then(() => {
      done = true;
    });
    await clock.advance(29_000);
    expect(done).toBe(false);
    await clock.advance(1_000);
    expect(await started.exit).toBe(0);
  });

  it('lets PID 1 ignore SIGTERM without a handler; SIGKILL from the runtime still ends it', async () => {
    const { start } = world();
    const { started } = start(['sleep', 'infinity']);
    await settle();
    started.kill('SIGTERM');
    await settle();
    expect(started.process.exited).toBe(false);
    started.kill('SIGKILL');
    expect(await started.exit).toBe(137);
    expect(started.termSignal?.()).toBe('SIGKILL');
  });

  it('does not let a process inside the namespace SIGKILL its init', async () => {
    const { start } = world();
    const { started, namespace } = start(['sleep', 'infinity']);
    await settle();
    expect(namespace.kill(1, 'SIGKILL')).toBe(true);
    await settle();
    expect(started.process.exited).toBe(false);
    started.kill('SIGKILL');
    await started.exit;
  });

  it('kills a process that is not PID 1 with the default action: 128+n', async () => {
    const { host, start } = world();
    const pod = host.createNamespace();
    const pause = start(['/pause'], pod);
    const app = start(['sleep', 'infinity'], pod);
    await settle();
    expect(pause.started.pid).toBe(1);
    expect(app.started.pid).toBe(2);
    expect(pod.list().map((e) => [e.pid, e.command])).toEqual([
      [1, '/pause'],
      [2, 'sleep infinity'],
    ]);
    pod.kill(2, 'SIGTERM');
    expect(await app.started.exit).toBe(143);
    expect(app.started.termSignal?.()).toBe('SIGTERM');
    // pause handles SIGTERM itself: it shuts down cleanly.
    pause.started.kill('SIGTERM');
    expect(await pause.started.exit).toBe(0);
    expect(pause.stderr.text()).toBe('Shutting down, got signal: Terminated\n');
  });

  it('takes every process of a namespace down when its init exits', async () => {
    const parentOf: Program = async (context) => {
      context.spawn({ ...io(context), argv: ['sleep', 'infinity'] });
      await context.clock.sleep(1000);
      return 0;
    };
    const { start, clock } = world({ '/bin/parent': parentOf });
    const { started, namespace } = start(['parent']);
    await settle();
    expect(namespace.list()).toHaveLength(2);
    await clock.advance(1000);
    expect(await started.exit).toBe(0);
    await settle();
    expect(namespace.list()).toHaveLength(0);
  });

  it('delivers a caught signal to the handler instead of killing', async () => {
    const handled: Program = async (context) => {
      const stop = new AbortController();
      context.signals.handle('SIGTERM', () => stop.abort());
      await context.clock.sleep(Number.POSITIVE_INFINITY, stop.signal).catch(() => {});
      await context.stdout.write('graceful\n');
      return 0;
    };
    const { start } = world({ '/bin/handled': handled });
    const { started, stdout } = start(['handled']);
    await settle();
    started.kill('SIGTERM');
    expect(await started.exit).toBe(0);
    expect(stdout.text()).toBe('graceful\n');
  });

  it('kills a whole container with its cgroup', async () => {
    const { start, cgroup } = world();
    const a = start(['sleep', 'infinity']);
    const b = start(['sleep', 'infinity']);
    await settle();
    expect(cgroup.size).toBe(2);
    cgroup.killAll('SIGKILL');
    expect(await a.started.exit).toBe(137);
    expect(await b.started.exit).toBe(137);
    expect(cgroup.size).toBe(0);
  });

  it('keeps the pid and shows the new argv after exec', async () => {
    const execer: Program = async (context) =>
      context.exec({ ...io(context), argv: ['sleep', '5'], executable: '/bin/sleep' });
    const { start, clock } = world({ '/bin/execer': execer });
    const { started, namespace } = start(['execer']);
    await settle();
    expect(namespace.list().map((e) => [e.pid, e.command])).toEqual([[1, 'sleep 5']]);
    await clock.advance(5000);
    expect(await started.exit).toBe(0);
  });

  it('suspends a busy process so timers on the event loop still fire', async () => {
    let iterations = 0;
    const busy: Program = async (context) => {
      for (;;) {
        iterations++;
        await context.yield();
      }
    };
    const { start } = world({ '/bin/busy': busy });
    const { started } = start(['busy']);
    const fired = await new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5));
    expect(fired).toBe(true);
    expect(iterations).toBeGreaterThan(0);
    started.kill('SIGKILL');
    expect(await started.exit).toBe(137);
  });

  it('shares the processor between busy containers', async () => {
    const counts = { a: 0, b: 0 };
    const busy =
      (key: 'a' | 'b'): Program =>
      async (context) => {
        for (;;) {
          counts[key]++;
          await context.yield();
        }
      };
    const { host, start, catalogue } = world();
    const first = start(
      ['a'],
      undefined,
      host.createCgroup('a', catalogue.set('/bin/a', busy('a'))),
    );
    const second = start(
      ['b'],
      undefined,
      host.createCgroup('b', catalogue.set('/bin/b', busy('b'))),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.b).toBeGreaterThan(0);
    first.started.kill('SIGKILL');
    second.started.kill('SIGKILL');
  });
});

function io(context: ProcessContext) {
  return {
    env: context.env,
    cwd: context.cwd,
    stdin: context.stdin,
    stdout: context.stdout,
    stderr: context.stderr,
  };
}

describe('process groups', () => {
  it('signals a whole group through a negative pid', async () => {
    const spawner: Program = async (context) => {
      context.spawn({ ...io(context), argv: ['sleep', 'infinity'] });
      context.spawn({ ...io(context), argv: ['sleep', 'infinity'] });
      await context.clock.sleep(Number.POSITIVE_INFINITY);
      return 0;
    };
    const { host, start, catalogue } = world();
    catalogue.set('/bin/spawner', spawner);
    const pod = host.createNamespace();
    start(['/pause'], pod);
    const { started } = start(['spawner'], pod);
    await settle();
    expect(pod.list().map((e) => e.command)).toEqual([
      '/pause',
      'spawner',
      'sleep infinity',
      'sleep infinity',
    ]);
    expect(pod.kill(-started.pid, 'SIGTERM')).toBe(true);
    expect(await started.exit).toBe(143);
    await settle();
    expect(pod.list().map((e) => e.command)).toEqual(['/pause']);
  });
});
