/**
 * kube-scheduler for the simulated cluster: pods with no `spec.nodeName` whose `schedulerName`
 * is `default-scheduler` are filtered against every node, bound to the best one through the
 * binding the API server does for `pods/binding`, and reported with `Scheduled`; a pod that fits
 * nowhere gets `PodScheduled=False` (Unschedulable, with the FitError text) and a
 * `FailedScheduling` event, and waits in the scheduling queue for a change that may help.
 *
 * Like the real one it works from its own informer caches (the store's watches), so a scheduling
 * cycle sees one consistent snapshot, and it schedules one pod at a time.
 */
import { asObject, asString } from '../admission/json-access.js';
import type { Registry } from '../apiserver/registry/registry.js';
import { ApiError } from '../apiserver/status.js';
import { NODES } from '../cluster-shape.js';
import { SeriesEventRecorder } from '../events/series-recorder.js';
import type { TimerClock } from '../events/timer-clock.js';
import type { KubeObject } from '../kube-object.js';
import { findNodesThatFit, pickNode } from './filters.js';
import { fitErrorMessage, preemptionMessage } from './fit-error.js';
import { interPodAffinityScores } from './inter-pod-affinity-score.js';
import { boundNode, isTerminal, snapshot } from './node-info.js';
import { namespaceLister, sameLabels } from './pod-affinity-term.js';
import { bindPod, markUnschedulable } from './pod-binding.js';
import { podKey, type QueuedPod, SchedulingQueue } from './scheduling-queue.js';

export const DEFAULT_SCHEDULER = 'default-scheduler';

/** `validation.NoteLengthLimit`: longer event notes are cut (`truncateMessage`). */
const NOTE_LENGTH_LIMIT = 1024;

export interface SchedulerOptions {
  clock: TimerClock;
  /** Where events go; by default a recorder like kube-scheduler's on the control-plane node. */
  recorder?: SeriesEventRecorder;
  /** Unexpected failures (never the pod's fault); scheduling goes on. */
  onError?: (error: unknown) => void;
}

export class Scheduler {
  private readonly queue: SchedulingQueue;
  private readonly recorder: SeriesEventRecorder;
  private readonly ownsRecorder: boolean;
  private readonly nodes = new Map<string, KubeObject>();
  private readonly pods = new Map<string, KubeObject>();
  private readonly stops: (() => void)[] = [];
  /** Namespace labels, for pod affinity's namespace selectors: few objects, read when asked. */
  private readonly namespaces = namespaceLister(
    () => this.registry.storage.list('namespaces').items,
    (name) => this.registry.storage.get('namespaces', '', name),
  );
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly registry: Registry,
    private readonly options: SchedulerOptions,
  ) {
    this.queue = new SchedulingQueue(options.clock, () => this.kick());
    const controlPlane = NODES.find((n) => n.controlPlane)?.name ?? 'localhost';
    this.ownsRecorder = options.recorder === undefined;
    this.recorder =
      options.recorder ??
      new SeriesEventRecorder(registry, {
        clock: options.clock,
        reportingController: DEFAULT_SCHEDULER,
        // `<profile>-<hostname>`: kube-scheduler runs on the control-plane node, host network.
        reportingInstance: `${DEFAULT_SCHEDULER}-${controlPlane}`,
        fieldManager: 'kube-scheduler',
        ...(options.onError ? { onError: options.onError } : {}),
      });
  }

  /** Lists nodes and pods, then follows their changes; pending pods are queued at once. */
  start() {
    const storage = this.registry.storage;
    const from = storage.resourceVersion;
    for (const node of storage.list('nodes').items) this.nodes.set(node.metadata.name ?? '', node);
    for (const pod of storage.list('pods').items) this.onPod(undefined, pod);
    this.stops.push(this.watch('nodes', from, (type, node) => this.onNodeEvent(type, node)));
    this.stops.push(
      this.watch('pods', from, (type, pod) => {
        const key = podKey(pod);
        const old = this.pods.get(key);
        if (type === 'DELETED') this.onPod(old, undefined);
        else this.onPod(old, pod);
      }),
    );
    this.queue.start();
    if (this.ownsRecorder) this.recorder.start();
  }

  stop() {
    this.stopped = true;
    for (const stop of this.stops.splice(0)) stop();
    this.queue.stop();
    if (this.ownsRecorder) this.recorder.stop();
  }

  /** Resolves once no pod is ready to be tried and every write and event is done. */
  async idle() {
    for (;;) {
      while (this.running !== undefined) await this.running;
      await this.recorder.idle();
      if (this.running === undefined && (this.stopped || this.queue.activeCount === 0)) return;
    }
  }

  private watch(
    resource: string,
    from: string,
    onChange: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject) => void,
  ) {
    const w = this.registry.storage.watch(resource, {
      fromResourceVersion: from,
      onEvent: (event) => {
        if (event.type !== 'EXPIRED') onChange(event.type, event.object);
      },
      onError: (error) => this.options.onError?.(error),
    });
    return () => w.stop();
  }

  private onNodeEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', node: KubeObject) {
    const name = node.metadata.name ?? '';
    const old = this.nodes.get(name);
    if (type === 'DELETED') {
      this.nodes.delete(name);
      return;
    }
    if (old && !isNewer(node, old)) return;
    this.nodes.set(name, node);
    this.queue.clusterChanged({ kind: 'node', old, node });
  }

  /**
   * One pod changed (`old`/`pod` undefined: added/deleted). The scheduler's two informers —
   * bound pods for the cache, unbound ones of this scheduler for the queue — both skip
   * finished pods, so a pod that finishes is gone for them.
   */
  private onPod(old: KubeObject | undefined, pod: KubeObject | undefined) {
    if (pod && old && !isNewer(pod, old)) return;
    const key = podKey((pod ?? old) as KubeObject);
    if (pod) this.pods.set(key, pod);
    else this.pods.delete(key);

    const wasBound = old !== undefined && boundNode(old) !== '' && !isTerminal(old);
    const isBound = pod !== undefined && boundNode(pod) !== '' && !isTerminal(pod);
    if (wasBound && !isBound && old)
      this.queue.clusterChanged({ kind: 'assigned-pod-gone', pod: old });
    if (isBound && pod && !wasBound) this.assignedPodAdded(pod);
    if (isBound && pod && wasBound && old && !sameLabels(old, pod)) {
      const namespaceLabels = this.namespaceLabels(pod);
      this.queue.clusterChanged({ kind: 'assigned-pod-updated', old, pod, namespaceLabels });
    }

    const pending = pod !== undefined && this.isPending(pod);
    if (!pending) {
      if (old) this.queue.delete(old);
      return;
    }
    if (old && this.isPending(old)) this.queue.update(old, pod);
    else this.queue.add(pod);
  }

  /** A pod newly bound (by this scheduler or anyone): pods waiting for a peer may fit now. */
  private assignedPodAdded(pod: KubeObject) {
    const namespaceLabels = this.namespaceLabels(pod);
    this.queue.clusterChanged({ kind: 'assigned-pod-added', pod, namespaceLabels });
  }

  private namespaceLabels(pod: KubeObject) {
    return this.namespaces.labels(pod.metadata.namespace ?? '') ?? {};
  }

  private isPending(pod: KubeObject) {
    const schedulerName = asString(asObject(pod.spec)?.schedulerName) || DEFAULT_SCHEDULER;
    return boundNode(pod) === '' && !isTerminal(pod) && schedulerName === DEFAULT_SCHEDULER;
  }

  private kick() {
    if (this.running !== undefined || this.stopped) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.queue.activeCount > 0) this.kick();
    });
  }

  private async drain() {
    // Let a burst of watch events land before the first cycle.
    await Promise.resolve();
    for (let info = this.queue.pop(); info && !this.stopped; info = this.queue.pop()) {
      try {
        await this.scheduleOne(info);
      } catch (error) {
        this.options.onError?.(error);
        this.queue.addUnschedulable(info, new Set());
      }
    }
  }

  /** `scheduleOne`: one scheduling cycle and, when a node fits, its binding. */
  private async scheduleOne(info: QueuedPod) {
    const pod = this.pods.get(info.key);
    // Gone, bound meanwhile, or being deleted (`skipPodSchedule`): nothing to do.
    if (!pod || !this.isPending(pod) || pod.metadata.deletionTimestamp) {
      this.queue.done(info.key);
      return;
    }
    info.pod = pod;
    const nodeInfos = snapshot(this.nodes.values(), this.pods.values());
    if (nodeInfos.length === 0) {
      this.queue.addUnschedulable(info, new Set());
      await this.reportFailure(pod, 'SchedulerError', 'no nodes available to schedule pods');
      return;
    }
    const { feasible, diagnosis, state } = findNodesThatFit(pod, nodeInfos, this.namespaces);
    const scores =
      feasible.length > 1
        ? interPodAffinityScores(pod, feasible, nodeInfos, this.namespaces)
        : undefined;
    const chosen = pickNode(feasible, scores);
    if (!chosen) {
      const message = fitErrorMessage(
        nodeInfos.length,
        diagnosis,
        preemptionMessage(pod, nodeInfos, diagnosis, state),
      );
      this.queue.addUnschedulable(info, diagnosis.unschedulablePlugins);
      await this.reportFailure(pod, 'Unschedulable', message);
      return;
    }
    await this.bind(info, pod, chosen.name);
  }

  private async bind(info: QueuedPod, pod: KubeObject, nodeName: string) {
    // The assumed pod: what the event refers to (the pod as queued, with the node set).
    const assumed = structuredClone(pod);
    (assumed.spec as Record<string, unknown>).nodeName = nodeName;
    // Counted on the node at once, so the next cycle sees it before the watch reports it.
    this.pods.set(info.key, assumed);
    try {
      const bound = await bindPod(this.registry, pod, nodeName, this.options.clock.now());
      const cached = this.pods.get(info.key);
      if (cached === assumed || (cached && isNewer(bound, cached))) this.pods.set(info.key, bound);
    } catch (error) {
      if (this.pods.get(info.key) === assumed) this.pods.set(info.key, pod);
      if (!(error instanceof ApiError)) throw error;
      const current = this.registry.storage.get(
        'pods',
        pod.metadata.namespace ?? '',
        pod.metadata.name ?? '',
      );
      if (error.code === 404 || !current || boundNode(current) !== '') {
        this.queue.done(info.key);
        return;
      }
      this.queue.addUnschedulable(info, new Set());
      await this.reportFailure(
        pod,
        'SchedulerError',
        `running Bind plugin "DefaultBinder": ${error.message}`,
      );
      return;
    }
    this.queue.done(info.key);
    // The cache held the assumed pod, so the watch will not see this as an add: say it here.
    this.assignedPodAdded(assumed);
    void this.recorder.recordEvent(
      assumed,
      undefined,
      'Normal',
      'Scheduled',
      'Binding',
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
    );
  }

  /** `handleSchedulingFailure`: the FailedScheduling event, then the PodScheduled condition. */
  private async reportFailure(pod: KubeObject, reason: string, message: string) {
    void this.recorder.recordEvent(
      pod,
      undefined,
      'Warning',
      'FailedScheduling',
      'Scheduling',
      truncateMessage(message),
    );
    await markUnschedulable(this.registry, pod, reason, message, this.options.clock.now());
  }
}

function truncateMessage(message: string) {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  const suffix = ' ...';
  return message.slice(0, NOTE_LENGTH_LIMIT - suffix.length) + suffix;
}

/** Watch events can trail the scheduler's own writes: keep the newest copy. */
function isNewer(object: KubeObject, than: KubeObject) {
  return Number(object.metadata.resourceVersion ?? 0) > Number(than.metadata.resourceVersion ?? 0);
}
