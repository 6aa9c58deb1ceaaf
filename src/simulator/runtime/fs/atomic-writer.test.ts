import { describe, expect, it } from 'vitest';
import { timestampDirName, writeAtomically } from './atomic-writer.js';
import { container, expectFsError, manualClock, text, volume } from './fs-test-helpers.js';

function sequence(...values: number[]) {
  return () => {
    const next = values.shift();
    if (next === undefined) throw new Error('out of random numbers');
    return next;
  };
}

describe('writeAtomically (the kubelet atomic writer)', () => {
  it('names the timestamp directory exactly like Go MkdirTemp with the UTC time', () => {
    const at = new Date(Date.UTC(2024, 4, 14, 10, 21, 33, 999));
    expect(timestampDirName(at, 1234567890)).toBe('..2024_05_14_10_21_33.1234567890');
    expect(timestampDirName(new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), 7)).toBe(
      '..2025_01_02_03_04_05.7',
    );
    expect(timestampDirName(at, 2 ** 32 - 1)).toBe('..2024_05_14_10_21_33.4294967295');
  });

  it('lays out the timestamp directory, ..data and one symlink per top-level entry', () => {
    const clock = manualClock();
    const config = volume(clock);
    const wrote = writeAtomically(
      config.fs,
      '/',
      [
        { path: 'color', data: 'blue' },
        { path: 'ui/theme', data: 'dark', mode: 0o400 },
      ],
      { clock, random: sequence(1234567890) },
    );
    expect(wrote).toBe(true);
    const ts = '..2024_05_14_10_21_33.1234567890';
    expect(config.fs.readdir('/')).toEqual([ts, '..data', 'color', 'ui']);
    expect(config.fs.readlink('/..data')).toBe(ts);
    expect(config.fs.readlink('/color')).toBe('..data/color');
    expect(config.fs.readlink('/ui')).toBe('..data/ui');
    expect(config.fs.stat(`/${ts}`).mode).toBe(0o755);
    expect(config.fs.stat(`/${ts}/ui`).mode).toBe(0o755);
    expect(config.fs.stat('/color').mode).toBe(0o644);
    expect(config.fs.stat('/ui/theme').mode).toBe(0o400);
    expect(config.fs.lstat('/color').mode).toBe(0o777);

    const fs = container({ mounts: [{ path: '/etc/config', tree: config.tree, readOnly: true }] });
    expect(text(fs.readFile('/etc/config/color'))).toBe('blue');
    expect(text(fs.readFile('/etc/config/ui/theme'))).toBe('dark');
    expect(fs.realpath('/etc/config/color')).toBe(`/etc/config/${ts}/color`);
  });

  it('updates by swapping ..data; user-visible symlinks stay the same inodes', () => {
    const clock = manualClock();
    const config = volume(clock);
    const options = { clock, random: sequence(1, 2) };
    writeAtomically(
      config.fs,
      '/',
      [
        { path: 'color', data: 'blue' },
        { path: 'size', data: 'L' },
      ],
      options,
    );
    const colorLink = config.fs.lstat('/color').ino;
    clock.advance(61_000);
    writeAtomically(
      config.fs,
      '/',
      [
        { path: 'color', data: 'red' },
        { path: 'shape', data: 'round' },
      ],
      options,
    );
    expect(config.fs.readdir('/')).toEqual(['..2024_05_14_10_22_34.2', '..data', 'color', 'shape']);
    expect(config.fs.lstat('/color').ino).toBe(colorLink);
    expect(text(config.fs.readFile('/color'))).toBe('red');
    expect(config.fs.exists('/size')).toBe(false);
  });

  it('keeps paths into the old directory valid until it is removed', () => {
    const clock = manualClock();
    const config = volume(clock);
    const options = { clock, random: sequence(1, 2) };
    writeAtomically(config.fs, '/', [{ path: 'color', data: 'blue' }], options);
    const app = container({ mounts: [{ path: '/etc/config', tree: config.tree, readOnly: true }] });
    // A reader that resolved the file before the update holds this path.
    const held = app.realpath('/etc/config/color');
    expect(held).toBe('/etc/config/..2024_05_14_10_21_33.1/color');

    const seen: string[] = [];
    app.watch('/etc/config', () => {
      const data = app.readlink('/etc/config/..data');
      const old = app.exists(held) ? text(app.readFile(held)) : 'gone';
      seen.push(`${data} ${text(app.readFile('/etc/config/color'))} ${old}`);
    });
    clock.advance(1000);
    writeAtomically(config.fs, '/', [{ path: 'color', data: 'red' }], options);
    const swapped = seen.indexOf('..2024_05_14_10_21_34.2 red blue');
    expect(swapped).toBeGreaterThanOrEqual(0);
    // Before the swap readers saw only the old set, after it only the new one.
    expect(seen.slice(0, swapped).every((line) => line.endsWith('blue blue'))).toBe(true);
    expect(seen.slice(swapped).every((line) => line.includes(' red '))).toBe(true);
    expect(seen.at(-1)).toBe('..2024_05_14_10_21_34.2 red gone');
    expectFsError(() => app.readFile(held), 'ENOENT');
  });

  it('never updates a subPath mount, which holds the old file', () => {
    const clock = manualClock();
    const config = volume(clock);
    const options = { clock, random: sequence(1, 2) };
    writeAtomically(config.fs, '/', [{ path: 'app.conf', data: 'v1' }], options);
    const app = container({
      mounts: [{ path: '/etc/app.conf', tree: config.tree, source: 'app.conf', readOnly: true }],
    });
    writeAtomically(config.fs, '/', [{ path: 'app.conf', data: 'v2' }], options);
    expect(text(config.fs.readFile('/app.conf'))).toBe('v2');
    expect(text(app.readFile('/etc/app.conf'))).toBe('v1');
  });

  it('writes nothing when the content is unchanged, even if a mode changed', () => {
    const clock = manualClock();
    const config = volume(clock);
    const options = { clock, random: sequence(1, 2) };
    writeAtomically(config.fs, '/', [{ path: 'color', data: 'blue' }], options);
    const same = writeAtomically(
      config.fs,
      '/',
      [{ path: 'color', data: 'blue', mode: 0o400 }],
      options,
    );
    expect(same).toBe(false);
    expect(config.fs.readlink('/..data')).toBe('..2024_05_14_10_21_33.1');
  });

  it('applies ownership (fsGroup) and writes below a sub-directory of a tree', () => {
    const clock = manualClock();
    const node = volume(clock);
    node.fs.mkdir('/pods/uid/volumes/sec', { recursive: true });
    writeAtomically(
      node.fs,
      '/pods/uid/volumes/sec',
      [{ path: 'password', data: 's3cr3t', mode: 0o440, gid: 2000 }],
      { clock, random: sequence(5) },
    );
    const file = node.fs.stat('/pods/uid/volumes/sec/password');
    expect([file.mode, file.uid, file.gid]).toEqual([0o440, 0, 2000]);
  });

  it('rejects the paths the kubelet rejects', () => {
    const clock = manualClock();
    const config = volume(clock);
    const write = (path: string) =>
      writeAtomically(config.fs, '/', [{ path, data: '' }], { clock });
    expect(() => write('')).toThrow('invalid path: must not be empty');
    expect(() => write('/etc/x')).toThrow('invalid path: must be relative path: /etc/x');
    expect(() => write('a/../b')).toThrow("invalid path: must not contain '..': a/../b");
    expect(() => write('..data')).toThrow("invalid path: must not start with '..': ..data");
    expect(config.fs.readdir('/')).toEqual([]);
  });
});
