import { readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export interface SessionKubeconfig {
  /** What KUBECONFIG points at in the shell. */
  path: string;
  /** True when `path` is a session copy (removed with the session directory). */
  copied: boolean;
  /** The context the shell's kubectl uses. */
  context: string;
}

/**
 * The kubeconfig for the learner's shell, such that plain `kubectl` (and so `k`) works in the
 * course's namespace without `-n`.
 *
 * The learner's kubeconfig is never modified. When its context already has that namespace
 * (the simulator's and kind's kubeconfigs, written by pod-course, say `default`, or nothing,
 * which means `default`), KUBECONFIG points at the file itself. Otherwise (any cluster, where
 * the course works in `pod-course-<user>`) a copy whose current context has that namespace is
 * written to the session directory (mode 0600, removed when the shell exits). The copy names
 * every file it refers to by absolute path, since kubectl reads relative paths as relative to
 * the kubeconfig that holds them.
 *
 * Why not a one-context overlay listed before the original in KUBECONFIG: kubectl would merge
 * them, but `@kubernetes/client-node` refuses two entries with one name, and the learner may
 * run pod-course itself in this shell.
 */
export async function sessionKubeconfig(
  source: string,
  namespace: string,
  sessionDir: string,
  context?: string,
): Promise<SessionKubeconfig> {
  const path = resolve(source);
  const document = parse(await readFile(path, 'utf8')) as unknown;
  if (!isRecord(document)) throw new Error(`${path} is not a kubeconfig`);
  const current =
    typeof document['current-context'] === 'string' ? document['current-context'] : '';
  const wanted = context ?? current;
  if (wanted === '') throw new Error(`${path} has no current context`);
  const entry = namedEntries(document.contexts).find((item) => item.name === wanted);
  if (entry === undefined) throw new Error(`${path} has no context named "${wanted}"`);
  const settings = isRecord(entry.context) ? entry.context : {};
  const present =
    typeof settings.namespace === 'string' && settings.namespace !== ''
      ? settings.namespace
      : 'default';
  if (present === namespace && wanted === current) return { path, copied: false, context: wanted };

  entry.context = { ...settings, namespace };
  document['current-context'] = wanted;
  absolutizePaths(document, dirname(path));
  const copy = join(sessionDir, 'kubeconfig');
  await writeFile(copy, stringify(document), { mode: 0o600 });
  return { path: copy, copied: true, context: wanted };
}

/**
 * The file references client-go resolves against the kubeconfig's own directory
 * (`ResolvePaths`: certificate-authority, client-certificate, client-key, tokenFile, and an exec
 * plugin's command when it contains a path separator).
 */
function absolutizePaths(document: Record<string, unknown>, base: string) {
  const fix = (holder: Record<string, unknown>, key: string) => {
    const value = holder[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) {
      holder[key] = resolve(base, value);
    }
  };
  for (const cluster of namedEntries(document.clusters)) {
    if (isRecord(cluster.cluster)) fix(cluster.cluster, 'certificate-authority');
  }
  for (const user of namedEntries(document.users)) {
    if (!isRecord(user.user)) continue;
    for (const key of ['client-certificate', 'client-key', 'tokenFile']) fix(user.user, key);
    const exec = user.user.exec;
    if (isRecord(exec) && typeof exec.command === 'string' && /[\\/]/.test(exec.command)) {
      fix(exec, 'command');
    }
  }
}

function namedEntries(list: unknown): Record<string, unknown>[] {
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
