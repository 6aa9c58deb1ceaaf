import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { run, World } from './programs.test-support.js';
import { readlink } from './readlink.js';
import { bindTool } from './tool.js';

const busybox = () => new World({ image: pullImage('busybox:1.36').layer });
const debian = () => new World({ image: pullImage('debian:bookworm').layer });
const bb = bindTool(readlink, 'busybox');
const gnu = bindTool(readlink, 'gnu');

describe('readlink', () => {
  it('prints a symlink’s target as stored, and fails quietly on a file that is none', async () => {
    const world = busybox();
    world.fs.symlink('../etc/passwd', '/tmp/link');
    expect(await run(world, bb, ['readlink', '/tmp/link'])).toEqual({
      status: 0,
      stdout: '../etc/passwd\n',
      stderr: '',
    });
    expect(await run(world, bb, ['readlink', '/etc/passwd'])).toEqual({
      status: 1,
      stdout: '',
      stderr: '',
    });
    expect((await run(world, bb, ['readlink', '-v', '/etc/passwd'])).stderr).toBe(
      'readlink: /etc/passwd: Invalid argument\n',
    );
    expect((await run(world, bb, ['readlink', '-n', '/tmp/link'])).stdout).toBe('../etc/passwd');
  });

  it('-f canonicalizes through every symlink; busybox takes one FILE only', async () => {
    const world = busybox();
    world.fs.symlink('/etc', '/tmp/etc');
    world.fs.symlink('etc/passwd', '/tmp/pw');
    expect((await run(world, bb, ['readlink', '-f', '/tmp/etc/passwd'])).stdout).toBe(
      '/etc/passwd\n',
    );
    // The last component may be missing under -f.
    expect((await run(world, bb, ['readlink', '-f', '/tmp/etc/nope'])).stdout).toBe('/etc/nope\n');
    const usage = await run(world, bb, ['readlink', '/a', '/b']);
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('Usage: readlink [-fnv] FILE\n');
  });

  it('coreutils: several files, -e and -m, and its missing operand', async () => {
    const world = debian();
    world.fs.symlink('/etc', '/tmp/etc');
    expect(await run(world, gnu, ['readlink', '-e', '/tmp/etc/passwd', '/tmp/etc/nope'])).toEqual({
      status: 1,
      stdout: '/etc/passwd\n',
      stderr: '',
    });
    expect((await run(world, gnu, ['readlink', '-m', '/tmp/etc/a/b/../c'])).stdout).toBe(
      '/etc/a/c\n',
    );
    expect((await run(world, gnu, ['readlink', '-f', '/tmp/etc/a/b'])).status).toBe(1);
    expect((await run(world, gnu, ['readlink'])).stderr).toBe(
      "readlink: missing operand\nTry 'readlink --help' for more information.\n",
    );
  });
});
