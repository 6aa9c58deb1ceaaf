import { describe, expect, it } from 'vitest';
import { ShellWorld } from '../shell/shell-world.test-support.js';
import { LineDiscipline } from './line-discipline.js';
import { PseudoTerminal } from './pseudo-terminal.js';

/** A shell of `flavour` on a terminal, as `kubectl exec -it … -- sh` starts it. */
async function session(flavour: 'ash' | 'dash' = 'ash') {
  const world = new ShellWorld(flavour);
  let screen = '';
  const terminal = new PseudoTerminal({
    write: (data) => {
      screen += Buffer.from(data).toString('utf8');
    },
  });
  const started = world.host.start({
    argv: ['sh'],
    env: { PATH: '/bin', HOME: '/root', TERM: 'xterm' },
    cwd: '/',
    stdin: terminal.input,
    stdout: terminal.output,
    stderr: terminal.output,
    fs: world.fs,
    namespace: world.namespace,
    cgroup: world.cgroup,
  });
  terminal.setSession(started.process);
  await world.settle();
  return {
    world,
    terminal,
    started,
    screen: () => screen,
    /** Keys as a raw client terminal sends them (Enter is `\r`). */
    type: async (keys: string) => {
      terminal.type(keys);
      await world.settle();
    },
  };
}

describe('line discipline', () => {
  it('edits a line: DEL erases a character, ^W a word, ^U the line; Enter completes it', () => {
    const ld = new LineDiscipline();
    const echoed: string[] = [];
    const feed = (keys: string) => {
      for (const effect of ld.receive(Buffer.from(keys))) {
        if ('echo' in effect) echoed.push(Buffer.from(effect.echo).toString());
      }
    };
    feed('ecx\x7fho one two\x17three\r');
    expect(Buffer.from(ld.take() as Uint8Array).toString()).toBe('echo one three\n');
    expect(echoed.join('')).toBe('ecx\b \bho one two\b \b\b \b\b \bthree\n');
    feed('junk\x15');
    expect(ld.pending()).toBe('');
    expect(ld.take()).toBeUndefined();
  });

  it('turns ^D on an empty line into end of file and ^D after text into a partial read', () => {
    const ld = new LineDiscipline();
    ld.receive(Buffer.from('ab\x04\x04'));
    expect(Buffer.from(ld.take() as Uint8Array).toString()).toBe('ab');
    expect(ld.take()).toBe('eof');
  });

  it('echoes control characters as ^X and turns ^C and ^\\ into signals, flushing input', () => {
    const ld = new LineDiscipline();
    const effects = (keys: string) =>
      ld
        .receive(Buffer.from(keys))
        .map((e) => ('echo' in e ? `echo ${Buffer.from(e.echo).toString()}` : e.signal));
    expect(effects('half\x1b\x03')).toEqual(['echo half^[', 'SIGINT', 'echo ^C']);
    expect(ld.pending()).toBe('');
    expect(effects('\x1c')).toEqual(['SIGQUIT', 'echo ^\\']);
  });

  it('keeps multi-byte characters whole when erasing', () => {
    const ld = new LineDiscipline();
    ld.receive(Buffer.from('né\x7f\r'));
    expect(Buffer.from(ld.take() as Uint8Array).toString()).toBe('n\n');
  });
});

describe('an interactive shell on a pseudo-terminal', () => {
  it('echoes, prompts, and keeps the working directory and variables between lines', async () => {
    const s = await session('ash');
    await s.type('cd /tmp\r');
    await s.type('X=42; export Y=7\r');
    await s.type('echo $X $Y $PWD\r');
    await s.type('exit 3\r');
    expect(await s.started.exit).toBe(3);
    await s.terminal.flush();
    expect(s.screen()).toBe(
      '/ # cd /tmp\r\n/tmp # X=42; export Y=7\r\n/tmp # echo $X $Y $PWD\r\n42 7 /tmp\r\n/tmp # exit 3\r\n',
    );
  });

  it('interrupts a foreground sleep on Ctrl-C and comes back to the prompt with $? 130', async () => {
    const s = await session('ash');
    await s.type('sleep 100\r');
    await s.world.advance(2000);
    await s.type('\x03');
    await s.type('echo $?\r');
    await s.terminal.flush();
    expect(s.screen()).toBe('/ # sleep 100\r\n^C\r\n/ # echo $?\r\n130\r\n/ # ');
  });

  it('abandons a half-typed line on Ctrl-C', async () => {
    const s = await session('dash');
    await s.type('echo never\x03');
    await s.type('echo ok\r');
    await s.terminal.flush();
    expect(s.screen()).toBe('# echo never^C\r\n# echo ok\r\nok\r\n# ');
  });

  it('exits on Ctrl-D at an empty prompt with the last status, after a newline', async () => {
    const s = await session('ash');
    await s.type('false\r');
    await s.type('\x04');
    expect(await s.started.exit).toBe(1);
    await s.terminal.flush();
    expect(s.screen()).toBe('/ # false\r\n/ # \r\n');
  });

  it('ends a cat on Ctrl-D and keeps the shell', async () => {
    const s = await session('ash');
    await s.type('cat\r');
    await s.type('hello\r');
    await s.type('\x04');
    await s.type('echo done\r');
    await s.terminal.flush();
    expect(s.screen()).toBe('/ # cat\r\nhello\r\nhello\r\n/ # echo done\r\ndone\r\n/ # ');
  });

  it('reports the window size to stty, and busybox redraws its prompt on SIGWINCH', async () => {
    const s = await session('ash');
    await s.type('stty size\r');
    s.terminal.resize({ rows: 30, cols: 100 });
    await s.world.settle();
    await s.type('ec');
    s.terminal.resize({ rows: 40, cols: 120 });
    await s.world.settle();
    await s.type('ho\r');
    await s.type('stty size; tty; [ -t 0 ] && echo terminal\r');
    await s.terminal.flush();
    expect(s.screen()).toBe(
      '/ # stty size\r\n0 0\r\n/ # \r/ # \x1b[Jec\r/ # ec\x1b[Jho\r\n\r\n/ # stty size; tty; [ -t 0 ] && echo terminal\r\n40 120\r\n/dev/pts/0\r\nterminal\r\n/ # ',
    );
  });

  it('turns echo off with stty -echo', async () => {
    const s = await session('dash');
    await s.type('stty -echo\r');
    await s.type('echo secret\r');
    await s.terminal.flush();
    expect(s.screen()).toBe('# stty -echo\r\n# secret\r\n# ');
  });

  it('hangs up: SIGHUP ends the shell and its foreground command', async () => {
    const s = await session('ash');
    await s.type('sleep 100\r');
    s.terminal.hangup();
    expect(await s.started.exit).toBe(129);
  });
});
