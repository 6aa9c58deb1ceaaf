import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { cat } from './cat.js';
import { cp, mv } from './copy-move.js';
import { ls } from './ls.js';
import { mkdir } from './mkdir.js';
import { run, World } from './programs.test-support.js';
import { rm } from './rm.js';
import { bindTool } from './tool.js';
import { ln, touch } from './touch-ln.js';

const busybox = () => new World({ image: pullImage('busybox:1.36').layer });
const debian = () => new World({ image: pullImage('debian:bookworm').layer });

describe('cat', () => {
  it('prints files and stdin', async () => {
    const world = busybox();
    world.fs.writeFile('/tmp/a', 'one\n');
    const result = await run(world, bindTool(cat, 'busybox'), ['cat', '/tmp/a', '-'], {
      stdin: 'two\n',
    });
    expect(result).toEqual({ status: 0, stdout: 'one\ntwo\n', stderr: '' });
  });

  it('says what busybox and coreutils say about missing files and directories', async () => {
    const bb = await run(busybox(), bindTool(cat, 'busybox'), ['cat', '/nope', '/etc']);
    expect(bb.stderr).toBe(
      "cat: can't open '/nope': No such file or directory\ncat: read error: Is a directory\n",
    );
    expect(bb.status).toBe(1);
    const gnu = await run(debian(), bindTool(cat, 'gnu'), ['cat', '/nope', '/etc']);
    expect(gnu.stderr).toBe('cat: /nope: No such file or directory\ncat: /etc: Is a directory\n');
  });
});

describe('ls', () => {
  it('lists one name per line, -a adds . and ..', async () => {
    const world = busybox();
    world.fs.mkdir('/data');
    world.fs.writeFile('/data/b', 'x');
    world.fs.writeFile('/data/.hidden', '');
    world.fs.writeFile('/data/a', '');
    expect((await run(world, bindTool(ls, 'busybox'), ['ls', '/data'])).stdout).toBe('a\nb\n');
    expect((await run(world, bindTool(ls, 'busybox'), ['ls', '-a', '/data'])).stdout).toBe(
      '.\n..\n.hidden\na\nb\n',
    );
  });

  it('-l in busybox fixed columns, with symlinks', async () => {
    const world = busybox();
    world.fs.mkdir('/data');
    world.fs.writeFile('/data/index.html', 'x'.repeat(615));
    world.fs.symlink('index.html', '/data/link');
    const result = await run(world, bindTool(ls, 'busybox'), ['ls', '-l', '/data']);
    expect(result.stdout).toBe(
      'total 4\n' +
        '-rw-r--r--    1 root     root           615 May 14 10:21 index.html\n' +
        'lrwxrwxrwx    1 root     root            10 May 14 10:21 link -> index.html\n',
    );
  });

  it('-l in coreutils widths; old files show the year', async () => {
    const world = debian();
    world.fs.mkdir('/data');
    world.fs.writeFile('/data/big', 'x'.repeat(12345));
    world.fs.writeFile('/data/s', 'x');
    const result = await run(world, bindTool(ls, 'gnu'), ['ls', '-l', '/data', '/etc/passwd']);
    expect(result.stdout).toBe(
      '-rw-r--r-- 1 root root 839 Nov 11  2024 /etc/passwd\n' +
        '\n/data:\n' +
        'total 20\n' +
        '-rw-r--r-- 1 root root 12345 May 14 10:21 big\n' +
        '-rw-r--r-- 1 root root     1 May 14 10:21 s\n',
    );
  });

  it('-R walks directories with headers', async () => {
    const world = busybox();
    world.fs.mkdir('/d/e', { recursive: true });
    world.fs.writeFile('/d/e/f', '');
    expect((await run(world, bindTool(ls, 'busybox'), ['ls', '-R', '/d'])).stdout).toBe(
      '/d:\ne\n\n/d/e:\nf\n',
    );
  });

  it('reports missing operands per flavour', async () => {
    const bb = await run(busybox(), bindTool(ls, 'busybox'), ['ls', '/x']);
    expect(bb).toEqual({ status: 1, stdout: '', stderr: 'ls: /x: No such file or directory\n' });
    const gnu = await run(debian(), bindTool(ls, 'gnu'), ['ls', '/x']);
    expect(gnu).toEqual({
      status: 2,
      stdout: '',
      stderr: "ls: cannot access '/x': No such file or directory\n",
    });
  });
});

describe('mkdir, rm, cp, mv, touch, ln', () => {
  it('mkdir -p builds parents; plain mkdir complains per flavour', async () => {
    const world = busybox();
    expect((await run(world, bindTool(mkdir, 'busybox'), ['mkdir', '-p', '/a/b/c'])).status).toBe(
      0,
    );
    expect(world.fs.stat('/a/b/c').type).toBe('directory');
    expect((await run(world, bindTool(mkdir, 'busybox'), ['mkdir', '/a'])).stderr).toBe(
      "mkdir: can't create directory '/a': File exists\n",
    );
    expect((await run(world, bindTool(mkdir, 'gnu'), ['mkdir', '/x/y'])).stderr).toBe(
      "mkdir: cannot create directory '/x/y': No such file or directory\n",
    );
  });

  it('rm -rf removes trees and ignores missing files', async () => {
    const world = busybox();
    world.fs.mkdir('/a/b', { recursive: true });
    world.fs.writeFile('/a/b/f', 'x');
    expect(await run(world, bindTool(rm, 'busybox'), ['rm', '-rf', '/a', '/missing'])).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(world.fs.exists('/a')).toBe(false);
    world.fs.mkdir('/d');
    expect((await run(world, bindTool(rm, 'busybox'), ['rm', '/d', '/nope'])).stderr).toBe(
      "rm: '/d' is a directory\nrm: can't remove '/nope': No such file or directory\n",
    );
    expect((await run(world, bindTool(rm, 'gnu'), ['rm', '/d'])).stderr).toBe(
      "rm: cannot remove '/d': Is a directory\n",
    );
  });

  it('cp and mv copy into directories and name what is missing', async () => {
    const world = debian();
    world.fs.writeFile('/tmp/a', 'A');
    world.fs.mkdir('/tmp/dir');
    await run(world, bindTool(cp, 'gnu'), ['cp', '/tmp/a', '/tmp/dir']);
    expect(new TextDecoder().decode(world.fs.readFile('/tmp/dir/a'))).toBe('A');
    await run(world, bindTool(mv, 'gnu'), ['mv', '/tmp/a', '/tmp/b']);
    expect(world.fs.exists('/tmp/a')).toBe(false);
    expect((await run(world, bindTool(cp, 'gnu'), ['cp', '/tmp/zz', '/tmp/b'])).stderr).toBe(
      "cp: cannot stat '/tmp/zz': No such file or directory\n",
    );
    expect((await run(world, bindTool(cp, 'gnu'), ['cp', '/tmp/dir', '/tmp/e'])).stderr).toBe(
      "cp: -r not specified; omitting directory '/tmp/dir'\n",
    );
    expect((await run(world, bindTool(cp, 'busybox'), ['cp', '/tmp/dir', '/tmp/e'])).stderr).toBe(
      "cp: omitting directory '/tmp/dir'\n",
    );
  });

  it('touch creates files, ln -s makes links', async () => {
    const world = busybox();
    await run(world, bindTool(touch, 'busybox'), ['touch', '/tmp/new']);
    expect(world.fs.stat('/tmp/new').size).toBe(0);
    await run(world, bindTool(ln, 'busybox'), ['ln', '-s', '/tmp/new', '/tmp/link']);
    expect(world.fs.readlink('/tmp/link')).toBe('/tmp/new');
    expect((await run(world, bindTool(touch, 'gnu'), ['touch', '/no/such'])).stderr).toBe(
      "touch: cannot touch '/no/such': No such file or directory\n",
    );
  });
});
