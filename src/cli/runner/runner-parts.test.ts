import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendOptions, currentContextOf } from './backend-question.js';
import { minorVersion } from './cluster-summary.js';
import { localeSaysLanguage } from './language-choice.js';
import { progressBar } from './lesson-menu.js';
import { StatusFile } from './status-file.js';

describe('the runner, piece by piece', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-runner-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('draws a lesson progress bar', () => {
    expect(progressBar(0, 4)).toBe('░░░░ 0/4');
    expect(progressBar(2, 5)).toBe('██░░░ 2/5');
  });

  it('shortens the cluster version to its minor', () => {
    expect(minorVersion('v1.32.5')).toBe('v1.32');
    expect(minorVersion('v1.31.0+k3s1')).toBe('v1.31');
    expect(minorVersion('unknown')).toBe('unknown');
  });

  it('asks for the language only when the locale says nothing', () => {
    expect(localeSaysLanguage({ LANG: 'zh_CN.UTF-8' })).toBe(true);
    expect(localeSaysLanguage({ LANG: 'en_GB.UTF-8' })).toBe(true);
    expect(localeSaysLanguage({ LC_ALL: 'de_DE', LANG: 'C' })).toBe(true);
    expect(localeSaysLanguage({ LANG: 'C.UTF-8' })).toBe(false);
    expect(localeSaysLanguage({ LANG: 'POSIX' })).toBe(false);
    expect(localeSaysLanguage({})).toBe(false);
  });

  it('keeps the status file whole, writes it only on change, and removes it', async () => {
    const status = new StatusFile(join(dir, 'runner-status.txt'));
    await Promise.all([status.write('✓✗ still to do: a'), status.write('✓✓ still to do: b')]);
    expect(await readFile(status.path, 'utf8')).toBe('✓✓ still to do: b\n');
    await status.write('✓✓ still to do: b');
    await status.remove();
    expect(existsSync(status.path)).toBe(false);
  });

  it("reads the current kubeconfig context without client-node, ignoring the course's own", async () => {
    const kubeconfig = join(dir, 'config');
    await writeFile(kubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: minikube\n');
    expect(await currentContextOf(kubeconfig)).toBe('minikube');
    expect(await currentContextOf(join(dir, 'missing'))).toBeUndefined();
    const empty = join(dir, 'empty-path');
    expect(await backendOptions({ KUBECONFIG: kubeconfig, PATH: empty })).toEqual({
      kind: false,
      kubeconfig,
      context: 'minikube',
    });
    await writeFile(kubeconfig, 'current-context: pod-course-sim\n');
    expect((await backendOptions({ KUBECONFIG: kubeconfig, PATH: empty })).context).toBeUndefined();
  });
});
