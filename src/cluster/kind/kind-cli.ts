import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliError, EXIT } from '../../cli/exit-codes.js';
import { type KindMessages, kindMessages } from '../../cli/ui/kind-messages.js';
import { resolveLanguage } from '../../cli/ui/language.js';
import { podCourseHome } from '../../home.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import {
  createClusterArgs,
  deleteClusterArgs,
  exportKubeconfigArgs,
  getClustersArgs,
  parseClusterList,
} from './kind-commands.js';
import {
  KIND_CLUSTER_NAME,
  KIND_CONTEXT,
  KIND_KUBERNETES_VERSION,
  KIND_NODE_IMAGE,
  KIND_NODES,
  type KindNode,
  kindClusterConfig,
  mirrorFromHostsToml,
  mirrorHostsToml,
  normalizeMirror,
} from './kind-config.js';
import {
  type KindOptions,
  type KindSession,
  openKindSession,
  runKindOrFail,
} from './kind-session.js';

export type { KindOptions, KindSession } from './kind-session.js';

export interface EnsureKindOptions extends KindOptions {
  /** A Docker Hub mirror for the nodes' containerd; kept as it was when not given. */
  mirror?: string;
  /** An already opened session (tools found and checked), to check them only once. */
  session?: KindSession;
}

export interface EnsuredKindCluster {
  kubeconfig: string;
  context: string;
  /** False when the cluster already existed and was reused. */
  created: boolean;
  cluster: string;
  image: string;
  nodes: readonly KindNode[];
  /** The Docker Hub mirror in effect, if any. */
  mirror: string | undefined;
  /** Time spent in `kind create cluster` (0 when reused). */
  elapsedMs: number;
}

/** Where pod-course keeps the kind cluster's files: `<home>/kind/`. */
export function kindPaths(env: NodeJS.ProcessEnv = process.env) {
  const dir = join(resolve(podCourseHome(env)), 'kind');
  const dockerHubHostsDir = join(dir, 'certs.d', 'docker.io');
  return {
    dir,
    kubeconfig: join(dir, 'kubeconfig'),
    config: join(dir, 'cluster.yaml'),
    dockerHubHostsDir,
    hostsToml: join(dockerHubHostsDir, 'hosts.toml'),
  };
}

export async function kindClusterExists(session: KindSession): Promise<boolean> {
  const listed = await runKindOrFail(session, getClustersArgs());
  return parseClusterList(listed.stdout).includes(KIND_CLUSTER_NAME);
}

/** A mirror given by a user, checked; a usage error (exit 2) names a bad one. */
export function checkedMirror(value: string | undefined, t: KindMessages): string | undefined {
  if (value === undefined) return undefined;
  const mirror = normalizeMirror(value);
  if (mirror === undefined) throw new CliError(t.badMirror(value), EXIT.usage);
  return mirror;
}

async function currentMirror(hostsToml: string): Promise<string | undefined> {
  try {
    return mirrorFromHostsToml(await readFile(hostsToml, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The kind cluster `pod-course` for the engine (`--kind`) and `pod-course kind create`: the
 * existing one when `kind get clusters` lists it, else a new one from KIND_NODES. Its
 * kubeconfig is `<home>/kind/kubeconfig` with context `kind-pod-course`; the user's own
 * kubeconfig is never touched. Fails with a KindError (exit 3) that says what to do.
 */
export async function ensureKindCluster(
  options: EnsureKindOptions = {},
): Promise<EnsuredKindCluster> {
  const env = options.env ?? process.env;
  const t = kindMessages(options.language ?? resolveLanguage(undefined, env));
  const mirror = checkedMirror(options.mirror, t);
  const session = options.session ?? (await openKindSession(options));
  const paths = kindPaths(session.env);
  // The kubeconfig's directory is private; the hosts directory is mounted into the nodes,
  // whose containerd must read it whatever user the container runtime maps it to.
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await mkdir(paths.dockerHubHostsDir, { recursive: true, mode: 0o755 });
  const exists = await kindClusterExists(session);
  const result = {
    kubeconfig: paths.kubeconfig,
    context: KIND_CONTEXT,
    cluster: KIND_CLUSTER_NAME,
    image: KIND_NODE_IMAGE,
    nodes: KIND_NODES,
  };
  if (exists) {
    // The hosts directory is bind-mounted into the nodes, so a new mirror applies at once.
    if (mirror !== undefined) await writeFileAtomic(paths.hostsToml, mirrorHostsToml(mirror));
    await runKindOrFail(session, exportKubeconfigArgs(KIND_CLUSTER_NAME, paths.kubeconfig));
    return {
      ...result,
      created: false,
      mirror: await currentMirror(paths.hostsToml),
      elapsedMs: 0,
    };
  }
  // A new cluster starts from what this command says, not from a mirror a deleted one used.
  await writeFileAtomic(paths.hostsToml, mirrorHostsToml(mirror));
  await writeFileAtomic(
    paths.config,
    kindClusterConfig({ dockerHubHostsDir: paths.dockerHubHostsDir }),
  );
  session.progress(t.creating(KIND_CLUSTER_NAME, KIND_KUBERNETES_VERSION));
  const began = performance.now();
  await runKindOrFail(
    session,
    createClusterArgs({
      name: KIND_CLUSTER_NAME,
      configPath: paths.config,
      kubeconfig: paths.kubeconfig,
    }),
    true,
  );
  const elapsedMs = Math.round(performance.now() - began);
  return { ...result, created: true, mirror, elapsedMs };
}

export interface DeletedKindCluster {
  cluster: string;
  /** False when there was no such cluster. */
  deleted: boolean;
}

/** `pod-course kind delete`: removes the cluster and the kubeconfig pod-course wrote for it. */
export async function deleteKindCluster(
  options: KindOptions & { session?: KindSession } = {},
): Promise<DeletedKindCluster> {
  const session = options.session ?? (await openKindSession(options));
  const paths = kindPaths(session.env);
  if (!(await kindClusterExists(session))) return { cluster: KIND_CLUSTER_NAME, deleted: false };
  session.progress(session.t.deleting(KIND_CLUSTER_NAME));
  await runKindOrFail(session, deleteClusterArgs(KIND_CLUSTER_NAME, paths.kubeconfig), true);
  // kind leaves an empty kubeconfig behind; an absent file says "no cluster" more plainly.
  await rm(paths.kubeconfig, { force: true });
  return { cluster: KIND_CLUSTER_NAME, deleted: true };
}
