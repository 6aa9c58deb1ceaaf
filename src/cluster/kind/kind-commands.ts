/**
 * The argv of every kind (and Docker) command pod-course runs, built by pure functions so the
 * exact command lines are tested without kind installed. Every kind command names the cluster
 * and the kubeconfig explicitly: pod-course never touches ~/.kube/config or the current context.
 */

/** How long `kind create cluster` waits for the control plane to be Ready. */
export const KIND_WAIT = '5m';

export function getClustersArgs(): string[] {
  return ['get', 'clusters'];
}

export function versionArgs(): string[] {
  return ['version'];
}

export function createClusterArgs(options: {
  name: string;
  configPath: string;
  kubeconfig: string;
  wait?: string;
}): string[] {
  return [
    'create',
    'cluster',
    '--name',
    options.name,
    '--config',
    options.configPath,
    '--kubeconfig',
    options.kubeconfig,
    '--wait',
    options.wait ?? KIND_WAIT,
  ];
}

export function exportKubeconfigArgs(name: string, kubeconfig: string): string[] {
  return ['export', 'kubeconfig', '--name', name, '--kubeconfig', kubeconfig];
}

export function deleteClusterArgs(name: string, kubeconfig: string): string[] {
  return ['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig];
}

export function loadImageArgs(image: string, name: string): string[] {
  return ['load', 'docker-image', image, '--name', name];
}

/**
 * `docker info`: fails fast, with Docker's own words, when the daemon is not running. The
 * format keeps Docker's output to one line; podman and nerdctl name that field differently.
 */
export function providerInfoArgs(provider: string): string[] {
  return provider === 'docker' ? ['info', '--format', '{{.ServerVersion}}'] : ['info'];
}

/** `kind load docker-image` needs the image in the local Docker store first. */
export function imagePresentArgs(image: string): string[] {
  return ['image', 'inspect', '--format', '{{.Id}}', image];
}

export function pullImageArgs(image: string): string[] {
  return ['pull', image];
}

/**
 * `kind get clusters` prints one name per line on stdout; with none it prints "No kind clusters
 * found." on stderr, so stdout alone is the list.
 */
export function parseClusterList(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('No kind clusters'));
}

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

/** `kind version` prints e.g. `kind v0.31.0 go1.25.5 linux/amd64`. */
export function parseKindVersion(stdout: string): SemVer | undefined {
  const match = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(stdout.replace(/\bgo\d+\.\d+(\.\d+)?/g, ''));
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function olderThan(version: SemVer, minimum: SemVer): boolean {
  if (version.major !== minimum.major) return version.major < minimum.major;
  if (version.minor !== minimum.minor) return version.minor < minimum.minor;
  return version.patch < minimum.patch;
}

export function formatVersion(version: SemVer): string {
  return `v${version.major}.${version.minor}.${version.patch}`;
}

/** Renders an argv the way a user would type it, for messages ("kind create cluster …"). */
export function commandLine(file: string, args: readonly string[]): string {
  const quote = (word: string) =>
    /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
  return [file, ...args].map(quote).join(' ');
}
