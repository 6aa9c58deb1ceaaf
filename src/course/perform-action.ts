import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ApiFailure } from '../cluster/api-failure.js';
import { applyObject, parseManifest } from '../cluster/apply-manifest.js';
import type { ClusterClient, KubeObject } from '../cluster/cluster-client.js';
import { letTimePass } from '../cluster/cluster-clock.js';
import { courseLabels } from '../cluster/course-labels.js';
import { execInPod } from '../cluster/pod-exec.js';
import type { Action, Lesson, WaitFor } from './lesson-types.js';

export interface ActionOptions {
  /** Reference solutions may recreate a Pod whose immutable fields differ; near-misses too. */
  recreateOnConflict?: boolean;
  /** Deletes skip the grace period (reset, self-test): the names are reused right after. */
  immediate?: boolean;
  /** Called with one line per action done ("pod/solo created"), for the CLI's stderr. */
  onProgress?: (line: string) => void;
}

/** An action the cluster refused or that did not reach its state in time. */
export class ActionFailed extends Error {}

/**
 * Performs one lesson action with the API, in the learner's namespace (lessons/README.md §
 * Actions). Objects created are labelled with the lesson, so `reset` finds them.
 */
export async function performAction(
  cluster: ClusterClient,
  lesson: Lesson,
  action: Action,
  options: ActionOptions = {},
): Promise<void> {
  const say = options.onProgress ?? (() => {});
  switch (action.type) {
    case 'apply': {
      const text = await readFile(join(lesson.dir, action.file), 'utf8');
      for (const object of parseManifest(text, action.file)) {
        const outcome = await applyObject(cluster, object, {
          labels: courseLabels(lesson.id),
          recreateOnConflict: options.recreateOnConflict ?? false,
        }).catch(rethrowAsActionFailed(`apply ${action.file}`));
        say(`${object.kind?.toLowerCase()}/${object.metadata?.name} ${outcome}`);
      }
      return;
    }
    case 'delete': {
      // Like kubectl delete, wait until the object is gone.
      const existed = await cluster.deleteObject(action.target.kind, action.target.name, {
        waitUntilGone: true,
        ...(options.immediate ? { gracePeriodSeconds: 0 } : {}),
      });
      if (existed) say(`${action.target.kind.toLowerCase()}/${action.target.name} deleted`);
      return;
    }
    case 'create': {
      const data: Record<string, string> = {};
      for (const file of action.fromFiles) {
        const content = await readFile(join(lesson.dir, file));
        data[basename(file)] =
          action.kind === 'Secret' ? content.toString('base64') : content.toString('utf8');
      }
      const object: KubeObject = {
        apiVersion: 'v1',
        kind: action.kind,
        metadata: { name: action.name, labels: courseLabels(lesson.id) },
        data,
      };
      const path = await cluster.paths.path('v1', action.kind, cluster.namespace);
      const what = `${action.kind.toLowerCase()}/${action.name}`;
      const live = await cluster.getObject(action.kind, action.name);
      if (!live) {
        await cluster
          .request({ method: 'POST', path, body: object })
          .catch(rethrowAsActionFailed(`create ${what}`));
        say(`${what} created`);
        return;
      }
      // The learner made it already (kubectl create): a solution brings it to the lesson's data.
      const {
        stringData: _ignored,
        binaryData: _binary,
        ...kept
      } = live as Record<string, unknown>;
      await cluster
        .request({
          method: 'PUT',
          path: `${path}/${encodeURIComponent(action.name)}`,
          body: { ...kept, data },
        })
        .catch(rethrowAsActionFailed(`replace ${what}`));
      say(`${what} replaced`);
      return;
    }
    case 'exec': {
      const outcome = await execInPod(cluster, action.pod, action.container, action.command);
      if (!outcome.ran || outcome.exitCode !== 0) {
        const why = outcome.ran
          ? `exit code ${outcome.exitCode}${outcome.stderr ? `: ${outcome.stderr.trim()}` : ''}`
          : outcome.reason;
        throw new ActionFailed(`exec in ${action.pod}/${action.container}: ${why}`);
      }
      return;
    }
    case 'advance': {
      const how = await letTimePass(cluster, action.seconds);
      say(`${action.seconds} s ${how === 'advanced' ? 'fast-forwarded' : 'waited'}`);
      return;
    }
    case 'wait':
      await waitFor(
        cluster,
        action.target.kind,
        action.target.name,
        action.for,
        action.timeoutSeconds,
      );
      return;
  }
}

function rethrowAsActionFailed(what: string) {
  return (error: unknown): never => {
    if (error instanceof ApiFailure) throw new ActionFailed(`${what}: ${error.message}`);
    throw error;
  };
}

const POLL_MS = 200;

/** Polls until the object reaches `state`, or fails naming what it last saw. */
export async function waitFor(
  cluster: ClusterClient,
  kind: string,
  name: string,
  state: WaitFor,
  timeoutSeconds: number,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let seen = 'absent';
  for (;;) {
    const object = await cluster.getObject<KubeObject & { status?: PodStatusLike }>(kind, name);
    seen = object ? describe(object.status) : 'absent';
    if (reached(object, state)) return;
    if (Date.now() >= deadline) {
      throw new ActionFailed(
        `${kind.toLowerCase()}/${name} did not become ${state} within ${timeoutSeconds} s (last seen: ${seen})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

interface PodStatusLike {
  phase?: string;
  conditions?: { type: string; status: string }[];
  containerStatuses?: { state?: { running?: unknown; terminated?: unknown } }[];
}

function reached(object: (KubeObject & { status?: PodStatusLike }) | undefined, state: WaitFor) {
  if (state === 'deleted') return object === undefined;
  if (!object) return false;
  if (state === 'exists') return true;
  const status = object.status ?? {};
  if (state === 'succeeded') return status.phase === 'Succeeded';
  if (state === 'ready') {
    return status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  }
  // running: the phase, and every container really started (not just scheduled): it runs, or
  // it already finished (a container that completed under restartPolicy Never stays so).
  const containers = status.containerStatuses ?? [];
  return (
    status.phase === 'Running' &&
    containers.length > 0 &&
    containers.every((c) => c.state?.running || c.state?.terminated)
  );
}

function describe(status: PodStatusLike | undefined) {
  return status?.phase ? `phase ${status.phase}` : 'present';
}
