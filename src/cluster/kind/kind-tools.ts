import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { CliError, EXIT } from '../../cli/exit-codes.js';

/** Why the kind backend could not do what was asked; the message is already localized. */
export type KindErrorCode =
  | 'kind-missing'
  | 'provider-missing'
  | 'provider-not-running'
  | 'provider-permission'
  | 'kind-failed';

/**
 * A failure of the kind backend the user can act on. It is a CliError with exit code 3
 * ("cluster unreachable or failed to start", CLI.md), so any command that calls
 * ensureKindCluster reports it the way it reports a simulator that cannot start.
 */
export class KindError extends CliError {
  constructor(
    readonly code: KindErrorCode,
    message: string,
  ) {
    super(message, EXIT.clusterUnavailable);
  }
}

/**
 * The first `name` on PATH that is an executable file (with PATHEXT on Windows), as a shell
 * would find it; undefined when there is none. Checked up front so a missing kind gets install
 * instructions instead of a spawn ENOENT.
 */
export async function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  if (isAbsolute(name)) return (await isExecutable(name, platform)) ? name : undefined;
  const path = (platform === 'win32' ? (env.Path ?? env.PATH) : env.PATH) ?? '';
  const extensions =
    platform === 'win32'
      ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
      : [''];
  for (const directory of path.split(platform === 'win32' ? ';' : delimiter)) {
    if (directory === '') continue;
    for (const extension of extensions) {
      const candidate = join(directory, `${name}${extension}`);
      if (await isExecutable(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

async function isExecutable(path: string, platform: NodeJS.Platform) {
  try {
    if (!(await stat(path)).isFile()) return false;
    if (platform !== 'win32') await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The container runtime kind will drive, as kind chooses it. */
export interface Provider {
  /** `docker`, `podman` or `nerdctl`: the word used in messages. */
  name: string;
  /** Its executable, or undefined when it is not installed. */
  path: string | undefined;
}

const PROVIDERS = ['docker', 'podman', 'nerdctl'];

/**
 * kind honours KIND_EXPERIMENTAL_PROVIDER, else uses docker when present, else podman or
 * nerdctl; pod-course checks the same runtime kind will use, so "not running" names the
 * right program.
 */
export async function detectProvider(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<Provider> {
  const forced = env.KIND_EXPERIMENTAL_PROVIDER?.trim();
  if (forced && PROVIDERS.includes(forced)) {
    return { name: forced, path: await findExecutable(forced, env, platform) };
  }
  for (const name of PROVIDERS) {
    const path = await findExecutable(name, env, platform);
    if (path) return { name, path };
  }
  return { name: 'docker', path: undefined };
}

/**
 * Classifies why `docker info` failed from Docker's own words: a daemon that is not running
 * (Linux socket, Docker Desktop's named pipe or context) or a socket the user may not open.
 */
export function classifyProviderFailure(
  output: string,
): 'provider-permission' | 'provider-not-running' {
  return /permission denied/i.test(output) ? 'provider-permission' : 'provider-not-running';
}

/** The last meaningful line of a program's error output, for a one-line quote. */
export function lastLine(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/** The last `count` lines, indented, to quote a failing command under its message. */
export function tailLines(output: string, count = 12): string {
  return output
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .map((line) => `  ${line}`)
    .join('\n');
}
