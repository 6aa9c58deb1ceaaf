import { describe, expect, it } from 'vitest';
import { createPipe } from '../process/pipe.js';
import { BufferOutput } from '../process/streams.js';
import { ShellWorld } from './shell-world.test-support.js';

const ps = (world: ShellWorld) =>
  world.namespace.list().map((e) => `${e.pid} ${e.ppid} ${e.command}`);

describe('pipelines', () => {
  it('stops a producer that writes forever once its reader exits (SIGPIPE)', async () => {
    const world = new ShellWorld('ash');
    expect(await world.run('yes | head -n 3; set -o pipefail; yes | head -n 1; echo $?')).toEqual({
      stdout: 'y\ny\ny\ny\n141\n',
      stderr: '',
      status: 0,
    });
  });

  it('ends a shell loop writing into a closed pipe', async () => {
    const world = new ShellWorld('dash');
    const result = await world.run('while true; do echo line; done | head -n 2; echo done');
    expect(result).toEqual({ stdout: 'line\nline\ndone\n', stderr: '', status: 0 });
  });

  it('streams output as it is produced, not when the script ends', async () => {
    const world = new ShellWorld('ash');
    const { process, stdout } = world.start(['sh', '-c', 'echo first; sleep 1; echo second']);
    await world.settle();
    expect(stdout.text()).toBe('first\n');
    await world.advance(1000);
    expect(await process.exit).toBe(0);
    expect(stdout.text()).toBe('first\nsecond\n');
  });

  it('keeps a runaway command substitution from eating memory', async () => {
    const world = new ShellWorld('ash');
    const result = await world.run('x=$(yes); echo status $?');
    expect(result.stdout).toBe('status 1\n');
  });
});

describe('signals and jobs', () => {
  it("runs `trap 'echo bye' TERM` once the running command finishes", async () => {
    const world = new ShellWorld('dash');
    const { process, stdout } = world.start([
      'sh',
      '-c',
      "trap 'echo bye' TERM; echo ready; while true; do sleep 1; done",
    ]);
    await world.settle();
    process.kill('SIGTERM');
    await world.settle();
    expect(stdout.text()).toBe('ready\n');
    await world.advance(1000);
    expect(stdout.text()).toBe('ready\nbye\n');
    // The trap did not exit: the loop goes on, and the shell is PID 1 with a handler.
    expect(process.process.exited).toBe(false);
    process.kill('SIGKILL');
    expect(await process.exit).toBe(137);
  });

  it('ignores SIGTERM as PID 1 without a trap, and dies of it otherwise', async () => {
    for (const flavour of ['ash', 'dash'] as const) {
      const world = new ShellWorld(flavour);
      const { process } = world.start(['sh', '-c', 'echo hi; sleep 3600']);
      await world.settle();
      process.kill('SIGTERM');
      await world.advance(2000);
      expect(process.process.exited).toBe(false);
      // busybox execs the last command, so PID 1 is sleep itself; dash waits for it.
      expect(ps(world)).toEqual(
        flavour === 'ash'
          ? ['1 0 sleep 3600']
          : ['1 0 sh -c echo hi; sleep 3600', '2 1 sleep 3600'],
      );
      if (flavour === 'dash') {
        world.kill(2, 'SIGTERM');
        await world.settle();
        expect(await process.exit).toBe(143);
      } else {
        process.kill('SIGKILL');
        expect(await process.exit).toBe(137);
      }
    }
  });

  it('waits for `sleep 30 &` on the simulated clock', async () => {
    const world = new ShellWorld('ash');
    const { process, stdout } = world.start([
      'sh',
      '-c',
      'sleep 30 & echo "started $!"; wait; echo "waited $?"',
    ]);
    await world.settle();
    expect(stdout.text()).toBe('started 2\n');
    expect(ps(world)).toEqual([
      '1 0 sh -c sleep 30 & echo "started $!"; wait; echo "waited $?"',
      '2 1 sleep 30',
    ]);
    await world.advance(29_000);
    expect(stdout.text()).toBe('started 2\n');
    await world.advance(1_000);
    expect(await process.exit).toBe(0);
    expect(stdout.text()).toBe('started 2\nwaited 0\n');
  });

  it('lets a trapped signal cut `wait` short (128+n), then runs the trap', async () => {
    const world = new ShellWorld('dash');
    const { process, stdout } = world.start([
      'sh',
      '-c',
      'trap \'echo caught\' TERM; sleep 30 & wait; echo "wait said $?"',
    ]);
    await world.settle();
    process.kill('SIGTERM');
    expect(await process.exit).toBe(0);
    expect(stdout.text()).toBe('caught\nwait said 143\n');
  });

  it('prints what killed a foreground command, as both shells do', async () => {
    const world = new ShellWorld('ash');
    const { process, stderr, stdout } = world.start(['sh', '-c', 'sleep 100; echo "status $?"']);
    await world.settle();
    world.kill(2, 'SIGKILL');
    expect(await process.exit).toBe(0);
    expect(stderr.text()).toBe('Killed\n');
    expect(stdout.text()).toBe('status 137\n');
  });

  it('never blocks the event loop with `while true; do :; done`', async () => {
    const world = new ShellWorld('ash');
    const { process } = world.start(['sh', '-c', 'while true; do :; done']);
    const fired = await new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 10));
    expect(fired).toBe(true);
    expect(world.cgroup.cpu.usedMs).toBeGreaterThan(0);
    process.kill('SIGKILL');
    expect(await process.exit).toBe(137);
  });
});

describe('set -e, exec, subshells', () => {
  it('exits on the first failing command, but not in conditions', async () => {
    const world = new ShellWorld('dash');
    const script = 'set -e; if false; then :; fi; false || echo recovered; false; echo never';
    expect(await world.run(script)).toEqual({ stdout: 'recovered\n', stderr: '', status: 1 });
  });

  it('makes exec redirections permanent and exec COMMAND replace the shell', async () => {
    const world = new ShellWorld('dash');
    const { process, stdout } = world.start([
      'sh',
      '-c',
      'exec 2>/tmp/err; nosuch; exec >/tmp/log; echo into-log; exec sleep 5; echo never',
    ]);
    await world.settle();
    expect(ps(world)).toEqual(['1 0 sleep 5']);
    await world.advance(5000);
    expect(await process.exit).toBe(0);
    expect(stdout.text()).toBe('');
    expect(world.fs.text('/tmp/err')).toBe('sh: 1: nosuch: not found\n');
    expect(world.fs.text('/tmp/log')).toBe('into-log\n');
  });

  it('runs a script file without #! in a subshell, with its arguments', async () => {
    const world = new ShellWorld('ash', { '/tmp/s': 'echo "args: $*"; exit 3' });
    world.fs.chmod('/tmp/s', 0o755);
    expect(await world.run('/tmp/s a b; echo "got $?"; /tmp; echo $?')).toEqual({
      stdout: 'args: a b\ngot 3\n126\n',
      stderr: 'sh: /tmp: Permission denied\n',
      status: 0,
    });
  });
});

describe('the notes’ container commands', () => {
  it('writes index.html for nginx: sh -c "echo … > /pod-data/index.html"', async () => {
    const world = new ShellWorld('dash', { '/pod-data/': '' });
    const { process } = world.start([
      '/bin/sh',
      '-c',
      'echo Hello from the debian container > /pod-data/index.html && sleep 999',
    ]);
    await world.settle();
    expect(world.fs.text('/pod-data/index.html')).toBe('Hello from the debian container\n');
    expect(ps(world)[1]).toBe('2 1 sleep 999');
    await world.advance(999_000, 100_000);
    expect(await process.exit).toBe(0);
  });

  it('appends the date every second: while true; do echo $(date) >> …; sleep 1; done', async () => {
    const world = new ShellWorld('ash', { '/html/': '' });
    world.start(['sh', '-c', 'while true; do echo $(date) >> /html/index.html; sleep 1; done']);
    await world.settle();
    await world.advance(2000);
    expect(world.fs.text('/html/index.html')).toBe(
      'Tue May 14 10:21:33 UTC 2024\nTue May 14 10:21:34 UTC 2024\nTue May 14 10:21:35 UTC 2024\n',
    );
  });

  it('prints the downward API labels with [[ ]] on busybox; dash has no [[', async () => {
    const script =
      "while true; do\n  if [[ -e /etc/podinfo/labels ]]; then\n    echo -en '\\n\\n'; cat /etc/podinfo/labels; fi;\n  sleep 5;\ndone;";
    const files = { '/etc/podinfo/labels': 'app="web"\ntier="frontend"' };
    const ash = new ShellWorld('ash', files);
    const busybox = ash.start(['sh', '-c', script]);
    await ash.settle();
    await ash.advance(5000);
    expect(busybox.stdout.text()).toBe('\n\napp="web"\ntier="frontend"'.repeat(2));
    const debian = new ShellWorld('dash', files);
    const dash = debian.start(['sh', '-c', script]);
    await debian.settle();
    expect(dash.stdout.text()).toBe('');
    expect(dash.stderr.text()).toBe('sh: 2: [[: not found\n');
  });

  it('words "not found" each shell’s way', async () => {
    expect((await new ShellWorld('ash').run('foo')).stderr).toBe('sh: foo: not found\n');
    expect((await new ShellWorld('dash').run('\nfoo')).stderr).toBe('sh: 2: foo: not found\n');
    expect((await new ShellWorld('dash').run('foo', { argv0: '/bin/sh' })).stderr).toBe(
      '/bin/sh: 1: foo: not found\n',
    );
  });

  it('prints the environment with env', async () => {
    const world = new ShellWorld('ash');
    const { process, stdout } = world.start(['sh', '-c', 'env'], {
      env: { APPLOGLEVEL: 'info', APPDATADIR: '/var/data' },
    });
    expect(await process.exit).toBe(0);
    expect(stdout.text()).toBe(
      'SHLVL=1\nAPPLOGLEVEL=info\nAPPDATADIR=/var/data\nPATH=/sbin:/usr/sbin:/bin:/usr/bin\nPWD=/\n',
    );
  });
});

describe('interactive shell (kubectl exec -it … -- sh)', () => {
  async function session(flavour: 'ash' | 'dash') {
    const world = new ShellWorld(flavour);
    const input = createPipe();
    const terminal = new BufferOutput({ isTerminal: true });
    const process = world.host.start({
      argv: ['sh'],
      env: { PATH: '/bin:/usr/bin', HOME: '/root' },
      cwd: '/',
      stdin: input.reader,
      stdout: terminal,
      stderr: terminal,
      fs: world.fs,
      namespace: world.namespace,
      cgroup: world.cgroup,
    });
    const type = async (text: string) => {
      await input.writer.write(text);
      await world.settle();
    };
    await world.settle();
    return { world, process, terminal, type, input };
  }

  it('prompts, continues incomplete commands with "> ", and keeps going after errors', async () => {
    for (const flavour of ['ash', 'dash'] as const) {
      const { process, terminal, type } = await session(flavour);
      await type('echo hello\nfoo\nif true\nthen echo multi\nfi\ncd /tmp\nfi\nexit 4\n');
      expect(await process.exit).toBe(4);
      expect(terminal.text()).toBe(
        flavour === 'ash'
          ? '/ # hello\n/ # sh: foo: not found\n/ # > > multi\n/ # /tmp # sh: syntax error: unexpected "fi"\n/tmp # '
          : '# hello\n# sh: 2: foo: not found\n# > > multi\n# # sh: 7: Syntax error: "fi" unexpected\n# ',
      );
    }
  });

  it('abandons the running command on Ctrl-C (SIGINT) and ignores SIGTERM', async () => {
    const { world, process, terminal, type, input } = await session('ash');
    await type('while true; do :; done\n');
    process.kill('SIGTERM');
    process.kill('SIGINT');
    await world.settle();
    await type('echo back $?\n');
    expect(terminal.text()).toBe('/ # \n/ # back 130\n/ # ');
    input.writer.close();
    expect(await process.exit).toBe(0);
  });
});
