import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../ui/language.js';

/**
 * Where `kubectl` is on PATH, as a shell would find it; undefined when it is not there.
 * On Windows every PATHEXT extension is tried (`kubectl.exe`, `kubectl.cmd`, …) and the
 * variables are looked up without regard to case (`Path`), as Windows does.
 */
export function findKubectl(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const windows = platform === 'win32';
  // The separator is the platform's; joining uses this machine's rules (the same on Windows).
  const delimiter = windows ? ';' : ':';
  const search = lookup(env, 'PATH', windows) ?? '';
  const extensions = windows
    ? ['', ...(lookup(env, 'PATHEXT', true) ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
    : [''];
  for (const rawDir of search.split(delimiter)) {
    // Windows PATH entries may be quoted; an empty POSIX entry means the current directory.
    const dir = windows ? rawDir.replace(/^"(.*)"$/, '$1') : rawDir || '.';
    if (dir === '') continue;
    for (const extension of extensions) {
      // Windows file names ignore case; try the extension as written and in lower case.
      for (const variant of new Set([extension, extension.toLowerCase()])) {
        const candidate = join(dir, `kubectl${variant}`);
        if (isRunnable(candidate, windows)) return candidate;
      }
    }
  }
  return undefined;
}

function lookup(env: NodeJS.ProcessEnv, name: string, ignoreCase: boolean) {
  if (!ignoreCase) return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

function isRunnable(file: string, windows: boolean) {
  try {
    if (!statSync(file).isFile()) return false;
    if (!windows) accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The course's cluster serves Kubernetes 1.32; kubectl is supported within one minor version. */
const KUBECTL_MINOR = '1.32';

/**
 * How to install kubectl on this OS, as the Kubernetes docs ("Install and Set Up kubectl")
 * give it. Linux gets the documented curl + `install` steps, pinned to the newest 1.32 patch
 * (`stable-1.32.txt`) because package managers install the newest kubectl, which may be more
 * than one minor version away from the cluster; macOS gets Homebrew, with the same pinned
 * download as the alternative; Windows gets winget or Chocolatey.
 */
export function kubectlInstallHint(
  platform: NodeJS.Platform,
  language: Language,
  arch: string = process.arch,
): string {
  const zh = language === 'zh-CN';
  const version = `$(curl -L -s https://dl.k8s.io/release/stable-${KUBECTL_MINOR}.txt)`;
  if (platform === 'darwin') {
    const cpu = arch === 'arm64' ? 'arm64' : 'amd64';
    return [
      zh ? '用 Homebrew 安装:' : 'With Homebrew:',
      '  brew install kubectl',
      zh
        ? `或者下载与课程集群版本 (${KUBECTL_MINOR}) 一致的 kubectl:`
        : `Or download the kubectl that matches the course's cluster (${KUBECTL_MINOR}):`,
      `  curl -LO "https://dl.k8s.io/release/${version}/bin/darwin/${cpu}/kubectl"`,
      '  chmod +x ./kubectl',
      '  sudo mv ./kubectl /usr/local/bin/kubectl',
      '  sudo chown root: /usr/local/bin/kubectl',
      '  kubectl version --client',
    ].join('\n');
  }
  if (platform === 'win32') {
    return [
      zh ? '在 PowerShell 中用 winget 安装:' : 'In PowerShell, with winget:',
      '  winget install -e --id Kubernetes.kubectl',
      zh ? '或者用 Chocolatey:' : 'Or with Chocolatey:',
      '  choco install kubernetes-cli',
      zh
        ? '然后打开一个新的终端，运行: kubectl version --client'
        : 'Then open a new terminal and run: kubectl version --client',
    ].join('\n');
  }
  const cpu = LINUX_ARCH[arch] ?? 'amd64';
  return [
    zh
      ? `下载与课程集群版本 (${KUBECTL_MINOR}) 一致的 kubectl 并安装:`
      : `Download the kubectl that matches the course's cluster (${KUBECTL_MINOR}) and install it:`,
    `  curl -LO "https://dl.k8s.io/release/${version}/bin/linux/${cpu}/kubectl"`,
    '  sudo install -o root -g root -m 0755 kubectl /usr/local/bin/kubectl',
    '  kubectl version --client',
    zh
      ? '没有 root 权限时，装到 ~/.local/bin (并确保它在 PATH 中):'
      : 'Without root, install it in ~/.local/bin (and make sure that is on your PATH):',
    '  mkdir -p ~/.local/bin && install -m 0755 kubectl ~/.local/bin/kubectl',
  ].join('\n');
}

/** Node's `process.arch` → the directory names under dl.k8s.io/release/<v>/bin/linux/. */
const LINUX_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
};
