import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { cat } from './cat.js';
import { run, World } from './programs.test-support.js';
import { BUSYBOX_BANNER, bindTool } from './tool.js';

const busybox = () => new World({ image: pullImage('busybox:1.36').layer });
const debian = () => new World({ image: pullImage('debian:bookworm').layer });
const gnuCat = bindTool(cat, 'gnu');
const bbCat = bindTool(cat, 'busybox');

describe('GNU cat options (coreutils 9.1)', () => {
  const text = 'a\n\n\nb\tc\n';

  it('numbers all lines with -n and nonempty ones with -b, which wins over -n', async () => {
    const w = debian();
    expect((await run(w, gnuCat, ['cat', '-n'], { stdin: text })).stdout).toBe(
      '     1\ta\n     2\t\n     3\t\n     4\tb\tc\n',
    );
    expect((await run(w, gnuCat, ['cat', '-bn'], { stdin: text })).stdout).toBe(
      '     1\ta\n\n\n     2\tb\tc\n',
    );
    expect((await run(w, gnuCat, ['cat', '--number'], { stdin: 'x' })).stdout).toBe('     1\tx');
  });

  it('squeezes blank runs, marks ends and tabs, and keeps counting across files', async () => {
    const w = debian();
    expect((await run(w, gnuCat, ['cat', '-s'], { stdin: text })).stdout).toBe('a\n\nb\tc\n');
    expect((await run(w, gnuCat, ['cat', '-ET'], { stdin: text })).stdout).toBe(
      'a$\n$\n$\nb^Ic$\n',
    );
    w.fs.writeFile('/f1', 'x');
    w.fs.writeFile('/f2', 'y\nz\n');
    expect((await run(w, gnuCat, ['cat', '-n', '/f1', '/f2'])).stdout).toBe(
      '     1\txy\n     2\tz\n',
    );
  });

  it('shows nonprinting bytes in ^ and M- notation with -v, -e, -t and -A', async () => {
    const w = debian();
    w.fs.writeFile('/bin.dat', Uint8Array.from([0x61, 0x09, 0x01, 0x7f, 0xff, 0xe9, 0x0a]));
    expect((await run(w, gnuCat, ['cat', '-v', '/bin.dat'])).stdout).toBe('a\t^A^?M-^?M-i\n');
    expect((await run(w, gnuCat, ['cat', '-A', '/bin.dat'])).stdout).toBe('a^I^A^?M-^?M-i$\n');
    expect((await run(w, gnuCat, ['cat', '-e', '/bin.dat'])).stdout).toBe('a\t^A^?M-^?M-i$\n');
    expect((await run(w, gnuCat, ['cat', '-t', '/bin.dat'])).stdout).toBe('a^I^A^?M-^?M-i\n');
  });

  it('answers --help on stdout and rejects unknown options with a pointer to it', async () => {
    const w = debian();
    const help = await run(w, gnuCat, ['cat', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cat \[OPTION\]\.\.\. \[FILE\]\.\.\.\nConcatenate/);
    expect(help.stdout).toContain(
      '  -s, --squeeze-blank      suppress repeated empty output lines\n',
    );
    const bad = await run(w, gnuCat, ['cat', '-z']);
    expect(bad).toEqual({
      status: 1,
      stdout: '',
      stderr: "cat: invalid option -- 'z'\nTry 'cat --help' for more information.\n",
    });
  });
});

describe('busybox cat options (1.36)', () => {
  it('numbers whole lines with -n and -b, ending the last line', async () => {
    const w = busybox();
    expect((await run(w, bbCat, ['cat', '-n'], { stdin: 'a\n\nb' })).stdout).toBe(
      '     1\ta\n     2\t\n     3\tb\n',
    );
    expect((await run(w, bbCat, ['cat', '-b'], { stdin: 'a\n\nb\n' })).stdout).toBe(
      '     1\ta\n\n     2\tb\n',
    );
  });

  it('shows control characters with -e and -t, tabs only with -t, and numbers catv-style', async () => {
    const w = busybox();
    w.fs.writeFile('/d', Uint8Array.from([0x61, 0x09, 0x01, 0xff, 0x0a]));
    expect((await run(w, bbCat, ['cat', '-e', '/d'])).stdout).toBe('a\t^AM-^?$\n');
    expect((await run(w, bbCat, ['cat', '-A', '/d'])).stdout).toBe('a^I^AM-^?$\n');
    expect((await run(w, bbCat, ['cat', '-vn', '/d'])).stdout).toBe('     1  a\t^AM-^?\n');
  });

  it('prints its usage on stderr for --help (status 0) and after a bad option (status 1)', async () => {
    const w = busybox();
    const usage = `${BUSYBOX_BANNER}\nUsage: cat [-nbvteA] [FILE]...\n\nPrint FILEs to stdout\n\n\t-n\tNumber output lines\n\t-b\tNumber nonempty lines\n\t-v\tShow nonprinting characters as ^x or M-x\n\t-t\t...and tabs as ^I\n\t-e\t...and end lines with $\n\t-A\tSame as -vte\n`;
    expect(await run(w, bbCat, ['cat', '--help'])).toEqual({
      status: 0,
      stdout: '',
      stderr: usage,
    });
    expect(await run(w, bbCat, ['cat', '-E'])).toEqual({
      status: 1,
      stdout: '',
      stderr: `cat: invalid option -- 'E'\n${usage}`,
    });
  });
});
