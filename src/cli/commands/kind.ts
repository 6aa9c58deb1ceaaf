import {
  checkedMirror,
  deleteKindCluster,
  type EnsuredKindCluster,
  ensureKindCluster,
} from '../../cluster/kind/kind-cli.js';
import { type PreloadResult, preloadImages } from '../../cluster/kind/kind-images.js';
import { openKindSession } from '../../cluster/kind/kind-session.js';
import { KindError } from '../../cluster/kind/kind-tools.js';
import {
  collectLessonImages,
  defaultLessonsDir,
  pullsEveryTime,
} from '../../cluster/kind/lesson-images.js';
import { CliError, EXIT } from '../exit-codes.js';
import { type KindMessages, kindMessages } from '../ui/kind-messages.js';
import type { Language } from '../ui/language.js';

export const KIND_OPTIONS = {
  mirror: { type: 'string' },
  preload: { type: 'boolean' },
} as const;

export interface KindValues {
  mirror?: string | undefined;
  preload?: boolean | undefined;
  json?: boolean | undefined;
}

interface Writable {
  write(chunk: string): unknown;
}

/** The process's streams and environment; tests pass their own (STYLE.md: inject streams). */
export interface KindIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Where `--preload` reads the lesson manifests; default the package's lessons/. */
  lessonsDir?: string;
}

function processIo(): KindIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * `pod-course kind create | delete`: the kind cluster `pod-course`. Exit 0 when done (an
 * existing cluster is reused, an absent one is "deleted" already), 1 when some `--preload`
 * image could not be loaded, 2 for a bad option, 3 when kind or Docker is missing, stopped or
 * failing. With `--json`, stdout carries exactly one JSON document, errors included; kind's
 * progress and every human message go to stderr.
 */
export async function runKind(
  sub: 'create' | 'delete',
  values: KindValues,
  language: Language,
  io: KindIo = processIo(),
): Promise<number> {
  const t = kindMessages(language);
  const context = {
    language,
    env: io.env,
    ...(io.platform ? { platform: io.platform } : {}),
    onProgress: (line: string) => io.stderr.write(`${line}\n`),
  };
  const print = (text: string) => io.stdout.write(`${text}\n`);
  try {
    if (sub === 'delete') {
      if (values.mirror !== undefined) throw new CliError(t.createOnly('--mirror'), EXIT.usage);
      if (values.preload) throw new CliError(t.createOnly('--preload'), EXIT.usage);
      const outcome = await deleteKindCluster(context);
      if (values.json) print(JSON.stringify(outcome));
      else print(outcome.deleted ? t.deleted(outcome.cluster) : t.nothingToDelete(outcome.cluster));
      return EXIT.ok;
    }
    // Options are checked before anything runs: a typo must not cost a cluster creation.
    const mirror = checkedMirror(values.mirror, t);
    const lessonsDir = io.lessonsDir ?? defaultLessonsDir();
    const images = values.preload && lessonsDir ? await collectLessonImages(lessonsDir) : [];
    const session = await openKindSession(context);
    const cluster = await ensureKindCluster({
      ...context,
      session,
      ...(mirror !== undefined ? { mirror } : {}),
    });
    let preload: PreloadResult[] | null = null;
    if (values.preload) {
      preload = images.length > 0 ? await preloadImages(images, { ...context, session }) : [];
      if (images.length === 0) context.onProgress(t.preloadNone());
      const refetched = images.filter(pullsEveryTime);
      if (refetched.length > 0) context.onProgress(t.preloadLatestNote(refetched.join(', ')));
    }
    const failures = preload?.filter((result) => !result.loaded).length ?? 0;
    if (failures > 0) context.onProgress(t.preloadSomeFailed(failures));
    print(
      values.json ? JSON.stringify(createdDocument(cluster, preload)) : humanSummary(cluster, t),
    );
    return failures > 0 ? EXIT.notPassed : EXIT.ok;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.stderr.write(`pod-course: ${error.message}\n`);
    if (values.json) {
      const code =
        error instanceof KindError ? error.code : error.exitCode === EXIT.usage ? 'usage' : 'error';
      print(JSON.stringify({ error: { code, message: error.message } }));
    }
    return error.exitCode;
  }
}

function createdDocument(cluster: EnsuredKindCluster, preload: PreloadResult[] | null) {
  return {
    cluster: cluster.cluster,
    context: cluster.context,
    kubeconfig: cluster.kubeconfig,
    created: cluster.created,
    image: cluster.image,
    nodes: cluster.nodes.map((node) => ({ name: node.name, role: node.role, labels: node.labels })),
    mirror: cluster.mirror ?? null,
    elapsedMs: cluster.elapsedMs,
    preload,
  };
}

function humanSummary(cluster: EnsuredKindCluster, t: KindMessages) {
  const lines = [
    cluster.created
      ? t.created(cluster.cluster, cluster.kubeconfig, Math.round(cluster.elapsedMs / 1000))
      : t.reused(cluster.cluster, cluster.kubeconfig),
  ];
  if (cluster.mirror) lines.push(t.mirrorInUse(cluster.mirror));
  return lines.join('\n');
}
