import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyProviderFailure,
  detectProvider,
  findExecutable,
  lastLine,
  tailLines,
} from './kind-tools.js';

describe.skipIf(process.platform === 'win32')(
  'finding kind and the container runtime on PATH',
  () => {
    let dir: string;
    let first: string;
    let second: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pod-course-kind-tools-'));
      first = join(dir, 'first');
      second = join(dir, 'second');
      await mkdir(first);
      await mkdir(second);
      await writeFile(join(first, 'kind'), 'not executable');
      await writeFile(join(second, 'kind'), '#!/bin/sh\n');
      await chmod(join(second, 'kind'), 0o755);
      await mkdir(join(first, 'docker'));
      await writeFile(join(second, 'podman'), '#!/bin/sh\n');
      await chmod(join(second, 'podman'), 0o755);
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('takes the first executable file, skipping non-executables and directories', async () => {
      const env = { PATH: `${first}:${second}` };
      expect(await findExecutable('kind', env)).toBe(join(second, 'kind'));
      expect(await findExecutable('docker', env)).toBeUndefined();
      expect(await findExecutable('kind', { PATH: '' })).toBeUndefined();
      expect(await findExecutable('kind', {})).toBeUndefined();
    });

    it('picks the runtime kind would: forced by KIND_EXPERIMENTAL_PROVIDER, else the first present', async () => {
      expect(await detectProvider({ PATH: `${first}:${second}` })).toEqual({
        name: 'podman',
        path: join(second, 'podman'),
      });
      expect(await detectProvider({ PATH: first })).toEqual({ name: 'docker', path: undefined });
      expect(
        await detectProvider({ PATH: `${first}:${second}`, KIND_EXPERIMENTAL_PROVIDER: 'nerdctl' }),
      ).toEqual({ name: 'nerdctl', path: undefined });
    });
  },
);

describe('reading Docker’s complaints', () => {
  it('tells a stopped daemon from a forbidden socket', () => {
    expect(
      classifyProviderFailure(
        'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      ),
    ).toBe('provider-not-running');
    expect(
      classifyProviderFailure(
        'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock',
      ),
    ).toBe('provider-permission');
  });

  it('quotes the last line, or the last lines indented', () => {
    expect(lastLine('a\nb\n\n')).toBe('b');
    expect(lastLine('')).toBe('');
    expect(tailLines('1\n2\n3\n', 2)).toBe('  2\n  3');
  });
});
