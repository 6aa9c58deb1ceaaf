import { chmod, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findKubectl, kubectlInstallHint } from './kubectl-install.js';

describe('findKubectl', () => {
  let root: string;
  beforeEach(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'pod-course-which-')));
    for (const dir of ['a', 'b', 'c']) await mkdir(join(root, dir));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function file(path: string, mode: number) {
    await writeFile(join(root, path), '#!/bin/sh\n');
    await chmod(join(root, path), mode);
  }

  it('takes the first executable kubectl on PATH, skipping files that cannot run', async () => {
    await file('a/kubectl', 0o644);
    await file('b/kubectl', 0o755);
    await file('c/kubectl', 0o755);
    const PATH = ['a', 'b', 'c'].map((dir) => join(root, dir)).join(':');
    expect(findKubectl({ PATH }, 'linux')).toBe(join(root, 'b', 'kubectl'));
  });

  it('skips a directory named kubectl', async () => {
    await mkdir(join(root, 'a', 'kubectl'));
    expect(findKubectl({ PATH: join(root, 'a') }, 'linux')).toBeUndefined();
  });

  it('is undefined when PATH has none', () => {
    expect(findKubectl({ PATH: join(root, 'a') }, 'darwin')).toBeUndefined();
    expect(findKubectl({}, 'linux')).toBeUndefined();
  });

  it('on Windows: the Path variable in any case, quoted entries and PATHEXT', async () => {
    // Windows decides by extension, not by mode bits.
    await file('b/kubectl.cmd', 0o644);
    await file('c/kubectl.exe', 0o644);
    const env = {
      Path: [join(root, 'a'), `"${join(root, 'b')}"`, join(root, 'c')].join(';'),
      PathExt: '.EXE;.CMD',
    };
    expect(findKubectl(env, 'win32')).toBe(join(root, 'b', 'kubectl.cmd'));
    expect(findKubectl({ ...env, PathExt: '.EXE' }, 'win32')).toBe(join(root, 'c', 'kubectl.exe'));
  });
});

describe('kubectlInstallHint', () => {
  it('Linux: the documented curl download pinned to 1.32 for the CPU, then install', () => {
    const hint = kubectlInstallHint('linux', 'en', 'arm64');
    expect(hint).toContain(
      'curl -LO "https://dl.k8s.io/release/$(curl -L -s https://dl.k8s.io/release/stable-1.32.txt)/bin/linux/arm64/kubectl"',
    );
    expect(hint).toContain('sudo install -o root -g root -m 0755 kubectl /usr/local/bin/kubectl');
    expect(kubectlInstallHint('linux', 'en', 'x64')).toContain('/bin/linux/amd64/kubectl"');
  });

  it('macOS: Homebrew, or the pinned download for Apple silicon or Intel', () => {
    const hint = kubectlInstallHint('darwin', 'en', 'arm64');
    expect(hint).toContain('brew install kubectl');
    expect(hint).toContain('/bin/darwin/arm64/kubectl"');
    expect(kubectlInstallHint('darwin', 'en', 'x64')).toContain('/bin/darwin/amd64/kubectl"');
  });

  it('Windows: winget or Chocolatey', () => {
    const hint = kubectlInstallHint('win32', 'en', 'x64');
    expect(hint).toContain('winget install -e --id Kubernetes.kubectl');
    expect(hint).toContain('choco install kubernetes-cli');
  });

  it('speaks Chinese with the same commands', () => {
    const zh = kubectlInstallHint('linux', 'zh-CN', 'x64');
    expect(zh).toContain('下载与课程集群版本 (1.32) 一致的 kubectl');
    const commands = (text: string) => text.split('\n').filter((line) => line.startsWith('  '));
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(commands(kubectlInstallHint(platform, 'zh-CN', 'x64'))).toEqual(
        commands(kubectlInstallHint(platform, 'en', 'x64')),
      );
    }
  });
});
