import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { echo } from './echo.js';
import { hostname } from './hostname.js';
import { kill, pause, ps, sleep } from './process-tools.js';
import { Collector, run, settle, World } from './programs.test-support.js';
import { basename, dirname, seq } from './small-tools.js';
import { date, env, id, printenv, uname } from './system-info.js';
import { test } from './test-tool.js';
import { bindTool } from './tool.js';

const busybox = () => new World({ image: pullImage('busybox:1.36').layer });
const debian = () => new World({ image: pullImage('debian:bookworm').layer });

describe('date and sleep follow the simulated clock', () => {
  it('date prints the default format and +%s', async () => {
    const w = busybox();
    expect((await run(w, bindTool(date, 'busybox'), ['date'])).stdout).toBe(
      'Tue May 14 10:21:33 UTC 2024\n',
    );
    expect((await run(w, bindTool(date, 'gnu'), ['date', '+%s'])).stdout).toBe('1715682093\n');
    expect((await run(w, bindTool(date, 'gnu'), ['date', '+%Y-%m-%dT%H:%M:%S'])).stdout).toBe(
      '2024-05-14T10:21:33\n',
    );
  });

  it('sleep ends when the clock has moved, dies of SIGTERM', async () => {
    const w = busybox();
    const handle = w.start(bindTool(sleep, 'busybox'), ['sleep', '1m', '30']);
    let done = false;
    void handle.exit.then(() => {
      done = true;
    });
    await w.clock.advance(89_000);
    expect(done).toBe(false);
    await w.clock.advance(1_000);
    expect(await handle.exit).toBe(0);
    const forever = w.start(bindTool(sleep, 'gnu'), ['sleep', 'infinity']);
    await settle();
    w.kill(forever.pid, 'SIGTERM');
    expect(await forever.exit).toBe(143);
    expect((await run(w, bindTool(sleep, 'gnu'), ['sleep', 'x'])).stderr).toBe(
      "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n",
    );
  });
});

describe('environment and identity', () => {
  it('env and printenv print the environment', async () => {
    const w = busybox();
    const vars = { PATH: '/bin', APP: 'one' };
    expect((await run(w, bindTool(env, 'busybox'), ['env'], { env: vars })).stdout).toBe(
      'PATH=/bin\nAPP=one\n',
    );
    expect(
      (await run(w, bindTool(printenv, 'busybox'), ['printenv', 'APP'], { env: vars })).stdout,
    ).toBe('one\n');
    expect(
      (await run(w, bindTool(printenv, 'busybox'), ['printenv', 'NOPE'], { env: vars })).status,
    ).toBe(1);
  });

  it('env runs a command with changed variables', async () => {
    const w = new World({
      image: pullImage('busybox:1.36').layer,
      programs: { printenv: bindTool(printenv, 'busybox') },
    });
    const result = await run(w, bindTool(env, 'busybox'), ['env', 'X=1', 'printenv', 'X'], {
      env: { PATH: '/bin' },
    });
    expect(result.stdout).toBe('1\n');
    expect((await run(w, bindTool(env, 'gnu'), ['env', 'nope'])).stderr).toBe(
      "env: 'nope': No such file or directory\n",
    );
  });

  it('hostname, id and uname describe the pod', async () => {
    const w = busybox();
    expect((await run(w, bindTool(hostname, 'busybox'), ['hostname'])).stdout).toBe('web\n');
    expect((await run(w, bindTool(hostname, 'busybox'), ['hostname', '-i'])).stdout).toBe(
      '10.244.1.5\n',
    );
    expect((await run(w, bindTool(id, 'busybox'), ['id'])).stdout).toBe(
      'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n',
    );
    expect((await run(debian(), bindTool(id, 'gnu'), ['id'])).stdout).toBe(
      'uid=0(root) gid=0(root) groups=0(root)\n',
    );
    expect((await run(w, bindTool(uname, 'busybox'), ['uname', '-a'])).stdout).toBe(
      'Linux web 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n',
    );
  });
});

describe('processes', () => {
  it('ps shows the table as busybox formats it', async () => {
    const w = busybox();
    w.start(bindTool(pause, 'busybox'), ['/pause']);
    const result = await run(w, bindTool(ps, 'busybox'), ['ps', 'aux']);
    expect(result.stdout).toBe(
      'PID   USER     TIME  COMMAND\n    1 root      0:00 /pause\n    2 root      0:00 ps aux\n',
    );
  });

  it('kill signals by number and name; /pause exits 0 on SIGTERM', async () => {
    const w = busybox();
    const stderr = new Collector();
    const paused = w.start(bindTool(pause, 'busybox'), ['/pause'], { stderr });
    await settle();
    expect((await run(w, bindTool(kill, 'busybox'), ['kill', '-TERM', '1'])).status).toBe(0);
    expect(await paused.exit).toBe(0);
    expect(stderr.text).toBe('Shutting down, got signal: Terminated\n');
    expect((await run(w, bindTool(kill, 'busybox'), ['kill', '-9', '77'])).stderr).toBe(
      "kill: can't kill pid 77: No such process\n",
    );
  });
});

describe('small tools', () => {
  it('echo, seq, basename, dirname', async () => {
    const w = busybox();
    expect((await run(w, bindTool(echo, 'busybox'), ['echo', '-n', 'a', 'b'])).stdout).toBe('a b');
    expect((await run(w, bindTool(echo, 'gnu'), ['echo', '-e', 'a\\tb\\c', 'x'])).stdout).toBe(
      'a\tb',
    );
    expect((await run(w, bindTool(seq, 'gnu'), ['seq', '3'])).stdout).toBe('1\n2\n3\n');
    expect((await run(w, bindTool(seq, 'gnu'), ['seq', '-s', ',', '2', '2', '6'])).stdout).toBe(
      '2,4,6\n',
    );
    expect((await run(w, bindTool(seq, 'gnu'), ['seq', '-w', '8', '10'])).stdout).toBe(
      '08\n09\n10\n',
    );
    expect((await run(w, bindTool(basename, 'gnu'), ['basename', '/a/b.txt', '.txt'])).stdout).toBe(
      'b\n',
    );
    expect((await run(w, bindTool(dirname, 'gnu'), ['dirname', '/a/b/'])).stdout).toBe('/a\n');
    expect((await run(w, bindTool(dirname, 'gnu'), ['dirname', 'file'])).stdout).toBe('.\n');
  });

  it('test and [ evaluate expressions', async () => {
    const w = busybox();
    const t = bindTool(test, 'busybox');
    expect((await run(w, t, ['test', '-d', '/tmp'])).status).toBe(0);
    expect((await run(w, t, ['[', '-f', '/tmp', ']'])).status).toBe(1);
    expect((await run(w, t, ['[', '3', '-gt', '2', '-a', 'x', '=', 'x', ']'])).status).toBe(0);
    expect((await run(w, t, ['[', '!', '-e', '/nope', ']'])).status).toBe(0);
    expect(await run(w, t, ['[', '1', '=', '1'])).toEqual({
      status: 2,
      stdout: '',
      stderr: '[: missing ]\n',
    });
    expect((await run(w, bindTool(test, 'gnu'), ['[', 'x'])).stderr).toBe("[: missing ']'\n");
  });
});
