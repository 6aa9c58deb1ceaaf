import { ALPINE_PACKAGES } from '../images/alpine-image.js';
import type { ProcessContext } from '../process/contracts.js';
import { text } from './io.js';
import { resolveHost } from './name-resolution.js';
import type { Tool } from './tool.js';

/** apk-tools of each Alpine release, by /etc/alpine-release's branch. */
const APK_TOOLS: Record<string, string> = { '3.20': '2.14.4', '3.21': '2.14.6' };

/**
 * apk-tools 2.14 with no way to reach a repository: the pod network has no internet, so the
 * index fetch of every repository fails as a failed DNS lookup does, and `apk add` of anything
 * not installed ends in `unable to select packages`, exactly as on a cluster without egress.
 * `apk info` and `apk --version` read what the image has.
 */
export const apk: Tool = async (context) => {
  const args = context.argv.slice(1);
  const words = args.filter((arg) => !arg.startsWith('-'));
  if (args.includes('--version') || args.includes('-V')) {
    await context.stdout.write(`apk-tools ${apkVersion(context)}, compiled for x86_64.\n`);
    return 0;
  }
  const [command, ...packages] = words;
  switch (command) {
    case 'add':
      return add(context, packages);
    case 'update':
      return update(context);
    case 'info':
      await context.stdout.write(ALPINE_PACKAGES.map((name) => `${name}\n`).join(''));
      return 0;
    case undefined:
      await context.stdout.write(
        `apk-tools ${apkVersion(context)}, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n`,
      );
      return 1;
    default:
      await context.stderr.write(
        `apk: '${command}' is not simulated (apk add, update, info and --version are)\n`,
      );
      return 1;
  }
};

function apkVersion(context: ProcessContext): string {
  const release = readFile(context, '/etc/alpine-release').trim();
  return APK_TOOLS[release.split('.').slice(0, 2).join('.')] ?? '2.14.6';
}

function readFile(context: ProcessContext, path: string): string {
  try {
    return text(context.fs.readFile(path));
  } catch {
    return '';
  }
}

/** `fetch …` then apk's warning, for each repository of /etc/apk/repositories; how many failed. */
async function fetchIndexes(context: ProcessContext): Promise<number> {
  const repositories = readFile(context, '/etc/apk/repositories')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  let unavailable = 0;
  for (const repository of repositories) {
    await context.stdout.write(`fetch ${repository}/x86_64/APKINDEX.tar.gz\n`);
    const host = /^[a-z]+:\/\/([^/:]+)/.exec(repository)?.[1] ?? '';
    const address = host === '' ? undefined : await resolveHost(context, host);
    // Even when a name resolves (a hosts entry), nothing outside the cluster answers.
    const error = address === undefined ? 'DNS lookup error' : 'temporary error (try again later)';
    await context.stderr.write(`WARNING: updating and opening ${repository}: ${error}\n`);
    unavailable++;
  }
  return unavailable;
}

async function update(context: ProcessContext): Promise<number> {
  const unavailable = await fetchIndexes(context);
  const prefix = unavailable > 0 ? `${unavailable} unavailable, 0 stale; ` : '';
  await context.stdout.write(`${prefix}${ALPINE_PACKAGES.length} distinct packages available\n`);
  return unavailable;
}

async function add(context: ProcessContext, packages: string[]): Promise<number> {
  await fetchIndexes(context);
  const installed = new Set<string>(ALPINE_PACKAGES);
  const missing = packages.filter((name) => !installed.has(name.split(/[<>=~]/)[0] ?? name));
  if (missing.length === 0) {
    await context.stdout.write(`OK: 8 MiB in ${ALPINE_PACKAGES.length} packages\n`);
    return 0;
  }
  await context.stderr.write(
    `ERROR: unable to select packages:\n${missing
      .map((name) => `  ${name} (no such package):\n    required by: world[${name}]\n`)
      .join('')}`,
  );
  return 1;
}
