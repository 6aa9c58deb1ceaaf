import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { grep } from './grep.js';
import { head, tail } from './head-tail.js';
import { Collector, run, settle, World } from './programs.test-support.js';
import { sed } from './sed.js';
import { sort, uniq } from './sort-uniq.js';
import { bindTool } from './tool.js';
import { cut, tr } from './tr-cut.js';
import { wc } from './wc.js';

const world = () => new World({ image: pullImage('busybox:1.36').layer });
const lines = '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n';

describe('head and tail', () => {
  it('take lines from either end', async () => {
    const w = world();
    expect(
      (await run(w, bindTool(head, 'busybox'), ['head', '-n', '2'], { stdin: lines })).stdout,
    ).toBe('1\n2\n');
    expect((await run(w, bindTool(head, 'busybox'), ['head', '-3'], { stdin: lines })).stdout).toBe(
      '1\n2\n3\n',
    );
    expect(
      (await run(w, bindTool(tail, 'busybox'), ['tail', '-n', '2'], { stdin: lines })).stdout,
    ).toBe('11\n12\n');
    expect(
      (await run(w, bindTool(tail, 'gnu'), ['tail', '-n', '+11'], { stdin: lines })).stdout,
    ).toBe('11\n12\n');
    expect(
      (await run(w, bindTool(head, 'gnu'), ['head', '-c', '3'], { stdin: 'abcdef' })).stdout,
    ).toBe('abc');
  });

  it('print headers for several files and complain per flavour', async () => {
    const w = world();
    w.fs.writeFile('/a', 'A\n');
    w.fs.writeFile('/b', 'B\n');
    expect((await run(w, bindTool(head, 'gnu'), ['head', '/a', '/b'])).stdout).toBe(
      '==> /a <==\nA\n\n==> /b <==\nB\n',
    );
    expect((await run(w, bindTool(head, 'gnu'), ['head', '/x'])).stderr).toBe(
      "head: cannot open '/x' for reading: No such file or directory\n",
    );
    expect((await run(w, bindTool(tail, 'busybox'), ['tail', '/x'])).stderr).toBe(
      "tail: can't open '/x': No such file or directory\n",
    );
  });

  it('tail -f gives up when no file opens (a log reader without its volume)', async () => {
    const w = world();
    const busybox = await run(w, bindTool(tail, 'busybox'), ['tail', '-f', '/logs/catalina*.log']);
    expect(busybox.stderr).toBe(
      "tail: can't open '/logs/catalina*.log': No such file or directory\ntail: no files\n",
    );
    expect(busybox.status).toBe(1);
    const gnu = await run(w, bindTool(tail, 'gnu'), ['tail', '-f', '/x']);
    expect(gnu.stderr).toContain('tail: no files remaining\n');
    expect(gnu.status).toBe(1);
  });

  it('tail -f follows appends until killed', async () => {
    const w = world();
    w.fs.writeFile('/log', 'one\n');
    const stdout = new Collector();
    const handle = w.start(bindTool(tail, 'busybox'), ['tail', '-f', '/log'], { stdout });
    await settle();
    expect(stdout.text).toBe('one\n');
    w.fs.writeFile('/log', 'two\n', { append: true });
    await settle();
    w.fs.writeFile('/log', 'three\n', { append: true });
    await settle();
    expect(stdout.text).toBe('one\ntwo\nthree\n');
    w.kill(handle.pid, 'SIGTERM');
    expect(await handle.exit).toBe(143);
  });
});

describe('wc', () => {
  it('pads like each flavour', async () => {
    const w = world();
    w.fs.writeFile('/f', 'a b\nc\n');
    expect((await run(w, bindTool(wc, 'gnu'), ['wc', '-l'], { stdin: 'x\ny\n' })).stdout).toBe(
      '2\n',
    );
    expect((await run(w, bindTool(wc, 'gnu'), ['wc'], { stdin: 'hi\n' })).stdout).toBe(
      '      1       1       3\n',
    );
    expect((await run(w, bindTool(wc, 'gnu'), ['wc', '/f'])).stdout).toBe('2 3 6 /f\n');
    expect((await run(w, bindTool(wc, 'busybox'), ['wc'], { stdin: 'hi\n' })).stdout).toBe(
      '        1         1         3\n',
    );
  });
});

describe('grep', () => {
  const env = 'APP_MODE=prod\nHOME=/root\nAPP_PORT=80\n';
  it('matches BRE/ERE, -v, -c, -n, -i and sets the status', async () => {
    const w = world();
    const g = bindTool(grep, 'busybox');
    expect((await run(w, g, ['grep', 'APP'], { stdin: env })).stdout).toBe(
      'APP_MODE=prod\nAPP_PORT=80\n',
    );
    expect((await run(w, g, ['grep', '-c', 'APP'], { stdin: env })).stdout).toBe('2\n');
    expect((await run(w, g, ['grep', '-n', '-v', 'APP'], { stdin: env })).stdout).toBe(
      '2:HOME=/root\n',
    );
    expect((await run(w, g, ['grep', '-i', 'home'], { stdin: env })).stdout).toBe('HOME=/root\n');
    expect((await run(w, g, ['grep', '-E', 'MODE|PORT'], { stdin: env })).stdout).toBe(
      'APP_MODE=prod\nAPP_PORT=80\n',
    );
    expect((await run(w, g, ['grep', 'MODE|PORT'], { stdin: env })).status).toBe(1);
    expect((await run(w, g, ['grep', '^APP_[[:upper:]]\\{4\\}='], { stdin: env })).stdout).toBe(
      'APP_MODE=prod\nAPP_PORT=80\n',
    );
    const missing = await run(w, g, ['grep', 'x', '/nope']);
    expect(missing).toEqual({
      status: 2,
      stdout: '',
      stderr: 'grep: /nope: No such file or directory\n',
    });
  });
});

describe('sed', () => {
  it('substitutes, prints and deletes', async () => {
    const w = world();
    const s = bindTool(sed, 'gnu');
    expect((await run(w, s, ['sed', 's/o/0/g'], { stdin: 'foo\nbor\n' })).stdout).toBe(
      'f00\nb0r\n',
    );
    expect((await run(w, s, ['sed', 's/o/0/'], { stdin: 'foo\n' })).stdout).toBe('f0o\n');
    expect((await run(w, s, ['sed', '-n', '2p'], { stdin: 'a\nb\nc\n' })).stdout).toBe('b\n');
    expect((await run(w, s, ['sed', '/b/d'], { stdin: 'a\nb\nc\n' })).stdout).toBe('a\nc\n');
    expect((await run(w, s, ['sed', '2,$d'], { stdin: 'a\nb\nc\n' })).stdout).toBe('a\n');
    expect(
      (await run(w, s, ['sed', '-E', 's/([a-z]+)=(.*)/\\2=\\1/'], { stdin: 'k=v\n' })).stdout,
    ).toBe('v=k\n');
    expect((await run(w, s, ['sed', 's/x/[&]/'], { stdin: 'axb\n' })).stdout).toBe('a[x]b\n');
  });

  it('edits files in place', async () => {
    const w = world();
    w.fs.writeFile('/conf', 'listen 80;\n');
    await run(w, bindTool(sed, 'busybox'), ['sed', '-i', 's/80/8080/', '/conf']);
    expect(new TextDecoder().decode(w.fs.readFile('/conf'))).toBe('listen 8080;\n');
  });
});

describe('sort, uniq, tr, cut', () => {
  it('sort in byte order, -n, -r, -u', async () => {
    const w = world();
    const s = bindTool(sort, 'gnu');
    expect((await run(w, s, ['sort'], { stdin: 'b\nB\na\n' })).stdout).toBe('B\na\nb\n');
    expect((await run(w, s, ['sort', '-n'], { stdin: '10\n9\n100\n' })).stdout).toBe(
      '9\n10\n100\n',
    );
    expect((await run(w, s, ['sort', '-rn'], { stdin: '10\n9\n100\n' })).stdout).toBe(
      '100\n10\n9\n',
    );
    expect((await run(w, s, ['sort', '-u'], { stdin: 'b\na\nb\n' })).stdout).toBe('a\nb\n');
    expect((await run(w, s, ['sort', '-t', ':', '-k', '2'], { stdin: 'x:2\ny:1\n' })).stdout).toBe(
      'y:1\nx:2\n',
    );
  });

  it('uniq -c counts adjacent lines', async () => {
    const w = world();
    expect(
      (await run(w, bindTool(uniq, 'gnu'), ['uniq', '-c'], { stdin: 'a\na\nb\na\n' })).stdout,
    ).toBe('      2 a\n      1 b\n      1 a\n');
  });

  it('tr maps, deletes and squeezes', async () => {
    const w = world();
    const t = bindTool(tr, 'gnu');
    expect((await run(w, t, ['tr', 'a-z', 'A-Z'], { stdin: 'hello\n' })).stdout).toBe('HELLO\n');
    expect((await run(w, t, ['tr', '-d', '[:digit:]'], { stdin: 'a1b2\n' })).stdout).toBe('ab\n');
    expect((await run(w, t, ['tr', '-s', ' '], { stdin: 'a   b\n' })).stdout).toBe('a b\n');
  });

  it('cut fields and characters', async () => {
    const w = world();
    const c = bindTool(cut, 'gnu');
    expect((await run(w, c, ['cut', '-d:', '-f1,3'], { stdin: 'root:x:0:0\n' })).stdout).toBe(
      'root:0\n',
    );
    expect((await run(w, c, ['cut', '-d', '=', '-f', '2-'], { stdin: 'A=b=c\n' })).stdout).toBe(
      'b=c\n',
    );
    expect((await run(w, c, ['cut', '-c', '1-3'], { stdin: 'abcdef\n' })).stdout).toBe('abc\n');
  });
});
