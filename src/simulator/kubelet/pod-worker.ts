/**
 * One pod on one node, from binding to removal: volumes, sandbox, image pulls, init
 * containers one at a time, then the app containers; restarts per `restartPolicy` with the
 * crash-loop back-off; graceful termination when the pod is deleted. Each change of what the
 * kubelet knows is written back as the pod's status. Syncs run one at a time per pod; a sync
 * asked for while one runs runs again after it.
 */
import type { KubeObject } from '../kube-object.js';
import { awaitsRestart, restartChangedContainers } from './container-changes.js';
import { type LifecycleHost, type Slot, startOrBackOff } from './container-lifecycle.js';
import type { ContainerInstance, PodSandbox } from './container-runtime.js';
import type { KubeletContext } from './kubelet-context.js';
import { resumeAfterReboot, SANDBOX_CHANGED_MESSAGE } from './node-reboot.js';
import { stopSandbox } from './pod-sandbox.js';
import { gracePeriodMs, KillDeadline, signalStop } from './pod-termination.js';
import { closeSandboxNetwork, openSandboxNetwork } from './sandbox-network.js';
import { SidecarSet } from './sidecar-containers.js';
import {
  buildPodStatus,
  type ContainerRecord,
  type PodRuntimeView,
  podPhase,
} from './status-builder.js';
import { terminationMessage } from './termination-message.js';
import { POD_RESYNC_MS, refreshVolumes } from './volume-refresh.js';
import { MountError, type PodVolume, setUpVolumes } from './volume-setup.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * What makes the kubelet's pod config source pass an update on (checkAndUpdatePod): status
 * changes — mostly its own writes — do not, so a status write never triggers a sync.
 */
function syncRelevant(pod: KubeObject): string {
  const meta = pod.metadata;
  return JSON.stringify([
    pod.spec,
    meta.labels,
    meta.annotations,
    meta.deletionTimestamp,
    meta.deletionGracePeriodSeconds,
  ]);
}

export class PodWorker {
  private pod: KubeObject;
  private readonly slots: Slot[];
  private volumes: Map<string, PodVolume> | undefined;
  private sandbox: PodSandbox | undefined;
  private startTime: number | undefined;
  private syncing: Promise<void> | undefined;
  private again = false;
  private timer: { cancel(): void; due: number } | undefined;
  private resync: { cancel(): void } | undefined;
  private terminating = false;
  private done = false;
  private mountDelayMs = 500;
  private readonly sidecars: SidecarSet;
  private readonly deadline: KillDeadline;

  constructor(
    private readonly kubelet: KubeletContext,
    pod: KubeObject,
  ) {
    this.deadline = new KillDeadline(kubelet, () => {
      for (const slot of this.slots) slot.instance?.cgroup.killAll('SIGKILL');
      this.maybeFinishTermination();
    });
    // The first update() must sync: compare against nothing.
    this.pod = { ...pod, spec: undefined } as KubeObject;
    const spec = asRecord(pod.spec);
    const hasInit = asList(spec.initContainers).length > 0;
    const slot = (c: Json, init: boolean): Slot => ({
      spec: c,
      starting: false,
      record: {
        name: str(c.name),
        init,
        ...(init && c.restartPolicy === 'Always' ? { sidecar: true } : {}),
        specImage: str(c.image),
        state: { kind: 'waiting', reason: hasInit ? 'PodInitializing' : 'ContainerCreating' },
        restartCount: 0,
      },
    });
    this.slots = [
      ...asList(spec.initContainers).map((c) => slot(c, true)),
      ...asList(spec.containers).map((c) => slot(c, false)),
    ];
    // A simulator restart finds pods that ran before: resumed as after a node reboot.
    const resumed = resumeAfterReboot(
      pod,
      this.slots.map((s) => s.record),
      kubelet.clock.now().getTime(),
    );
    this.startTime = resumed.startTime;
    if (resumed.sandboxChanged) {
      kubelet.event(pod, undefined, 'Normal', 'SandboxChanged', SANDBOX_CHANGED_MESSAGE);
    }
    this.sidecars = new SidecarSet(this.slots);
  }

  get uid(): string {
    return this.pod.metadata.uid ?? '';
  }

  get current(): KubeObject {
    return this.pod;
  }

  /** The running (or last) instance of a container, and the one before it. */
  instances(name: string): { instance?: ContainerInstance; previous?: ContainerInstance } {
    const slot = this.slots.find((s) => s.record.name === name);
    return {
      ...(slot?.instance ? { instance: slot.instance } : {}),
      ...(slot?.previous ? { previous: slot.previous } : {}),
    };
  }

  record(name: string): ContainerRecord | undefined {
    return this.slots.find((s) => s.record.name === name)?.record;
  }

  /** A newer version of the pod from the API. */
  update(pod: KubeObject): void {
    if (this.done) return;
    const changed = syncRelevant(this.pod) !== syncRelevant(pod);
    this.pod = pod;
    if (pod.metadata.deletionTimestamp && !this.terminating) this.terminate();
    else if (this.terminating) this.deadline.arm(gracePeriodMs(pod));
    else if (changed) {
      restartChangedContainers(this.kubelet, pod, this.slots);
      this.requestSync();
    }
  }

  /** The pod is gone from the API (forced deletion): stop everything now, report nothing. */
  forget(): void {
    if (this.done) return;
    this.done = true;
    this.timer?.cancel();
    this.stopResync();
    this.deadline.cancel();
    for (const slot of this.slots) slot.instance?.cgroup.killAll('SIGKILL');
    this.teardownSandbox();
  }

  /** A sync or the final teardown is under way. */
  get busy(): boolean {
    return this.syncing !== undefined || (this.terminationFinishing && !this.done);
  }

  /** Resolves once no sync is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.syncing !== undefined) await this.syncing;
  }

  requestSync(delayMs = 0): void {
    if (this.done || this.terminating) return;
    if (delayMs > 0) {
      const due = this.kubelet.clock.now().getTime() + delayMs;
      if (this.timer && this.timer.due <= due) return;
      this.timer?.cancel();
      this.timer = this.kubelet.clock.setTimer(delayMs, () => {
        this.timer = undefined;
        this.requestSync();
      });
      return;
    }
    if (this.syncing !== undefined) {
      this.again = true;
      return;
    }
    this.syncing = (async () => {
      do {
        this.again = false;
        try {
          await this.sync();
        } catch (error) {
          this.kubelet.onError(error);
        }
      } while (this.again && !this.done && !this.terminating);
      this.syncing = undefined;
      // A start that was under way when the pod was deleted (a pull) has given up: if nothing
      // runs, the pod can go now rather than at the end of its grace period.
      if (this.terminating) this.maybeFinishTermination();
    })();
  }

  private now(): number {
    return this.kubelet.clock.now().getTime();
  }

  private async sync(): Promise<void> {
    if (this.done || this.terminating) return;
    const phase = str(asRecord(this.pod.status).phase);
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (this.sidecars.stopping) return this.finishPod();
    this.startTime ??= this.now();
    if (!this.volumes) {
      try {
        this.volumes = setUpVolumes(this.pod, this.kubelet.volumeContext);
      } catch (error) {
        if (!(error instanceof MountError)) throw error;
        this.kubelet.event(this.pod, undefined, 'Warning', 'FailedMount', error.message);
        await this.writeStatus();
        this.requestSync(this.mountDelayMs);
        this.mountDelayMs = Math.min(this.mountDelayMs * 2, 122_000);
        return;
      }
    } else {
      refreshVolumes(this.pod, this.volumes, this.kubelet.volumeContext, (error) =>
        this.kubelet.event(this.pod, undefined, 'Warning', 'FailedMount', error.message),
      );
    }
    this.armResync();
    if (!this.sandbox) {
      this.sandbox = this.kubelet.runtime.createSandbox(
        this.pod,
        openSandboxNetwork(this.kubelet, this.pod),
      );
      await this.writeStatus();
    }
    const restartPolicy = str(asRecord(this.pod.spec).restartPolicy) || 'Always';
    const inits = this.slots.filter((s) => s.record.init);
    for (const slot of inits) {
      const state = slot.record.state;
      if (slot.record.sidecar) {
        if (!(await this.sidecars.sync(this.lifecycleHost(), slot))) return this.writeStatus();
        if (this.terminating || this.done) return;
        continue;
      }
      if (state.kind === 'terminated' && state.exitCode === 0) continue;
      if (slot.instance && state.kind === 'running') return this.writeStatus();
      if (slot.starting) return;
      if (state.kind === 'terminated' && restartPolicy === 'Never') return this.finishPod();
      await startOrBackOff(this.lifecycleHost(), slot);
      return this.writeStatus();
    }
    for (const slot of this.slots.filter((s) => !s.record.init)) {
      if (this.terminating || this.done) return;
      const state = slot.record.state;
      if (slot.starting || (state.kind === 'running' && !awaitsRestart(slot))) continue;
      if (state.kind === 'terminated') {
        const failed = state.exitCode !== 0;
        if (restartPolicy === 'Never' || (restartPolicy === 'OnFailure' && !failed)) continue;
      }
      await startOrBackOff(this.lifecycleHost(), slot);
    }
    const apps = this.slots.filter((s) => !s.record.init);
    const allStopped = apps.every((s) => s.record.state.kind === 'terminated');
    if (allStopped && this.isTerminalNow()) return this.finishPod();
    await this.writeStatus();
  }

  /** The periodic sync of a running pod, which also refreshes its volumes. */
  private armResync(): void {
    if (this.resync) return;
    this.resync = this.kubelet.clock.setTimer(POD_RESYNC_MS, () => {
      this.resync = undefined;
      this.requestSync();
    });
  }

  private stopResync(): void {
    this.resync?.cancel();
    this.resync = undefined;
  }

  /** Whether every app container is terminated and none will restart (sidecars aside). */
  private isTerminalNow(): boolean {
    const view = this.view(false);
    const phase = podPhase(this.pod, { ...view, records: view.records.filter((r) => !r.sidecar) });
    return phase === 'Succeeded' || phase === 'Failed';
  }

  /** The pod ran to completion: sidecars stop first, then the sandbox goes, the phase becomes terminal. */
  private async finishPod(): Promise<void> {
    if (this.sidecars.stopForCompletion(this.kubelet, this.pod)) return this.writeStatus();
    this.stopResync();
    this.teardownSandbox();
    await this.writeStatus(true);
  }

  /** This worker as the container lifecycle sees it, for one sync. */
  private lifecycleHost(): LifecycleHost {
    const worker = this;
    return {
      kubelet: this.kubelet,
      get pod() {
        return worker.pod;
      },
      sandbox: this.sandbox as PodSandbox,
      volumes: this.volumes ?? new Map(),
      get stopping() {
        return worker.terminating || worker.done;
      },
      requestSync: (delayMs) => this.requestSync(delayMs),
      writeStatus: () => this.writeStatus(),
      exited: (slot, instance, code) => this.onExit(slot, instance, code),
    };
  }

  private onExit(slot: Slot, instance: ContainerInstance, code: number): void {
    slot.stopProbes?.();
    instance.cgroup.killAll('SIGKILL');
    instance.log.close();
    if (slot.instance !== instance || this.done) return;
    // The runtime saw the cgroup's OOM kill: containerd reports it whatever the exit code.
    const reason = instance.cgroup.memory.oomKilled
      ? 'OOMKilled'
      : code === 0
        ? 'Completed'
        : 'Error';
    const message = terminationMessage({
      container: slot.spec,
      file: instance.terminationLog,
      log: instance.log,
      exitCode: code,
      reason,
    });
    const terminated = {
      exitCode: code,
      reason,
      ...(message ? { message } : {}),
      startedAt: instance.startedAt,
      finishedAt: this.now(),
      containerID: instance.id,
    };
    if (slot.specChanged && !this.terminating) {
      // Killed to take its new image: the kubelet kills and starts it in one sync, so no status
      // ever shows it stopped (which under `Never` would end the pod); it reports it anew.
      slot.record.lastState = terminated;
      this.requestSync();
      return;
    }
    slot.record.state = { kind: 'terminated', ...terminated };
    if (this.terminating) {
      this.maybeFinishTermination();
      return;
    }
    this.requestSync();
  }

  /** Graceful deletion: stop signal to every container now, SIGKILL at the deadline. */
  private terminate(): void {
    this.terminating = true;
    this.timer?.cancel();
    this.stopResync();
    for (const slot of this.slots) slot.stopProbes?.();
    // Sidecars outlive the app containers: they are stopped once those have exited.
    signalStop(
      this.kubelet,
      this.pod,
      this.slots.filter((s) => !s.record.sidecar),
      this.deadline,
    );
    this.deadline.arm(gracePeriodMs(this.pod));
    // Containers still waiting to start never will; then see whether anything runs at all.
    void Promise.resolve().then(() => this.maybeFinishTermination());
  }

  private terminationFinishing = false;

  private maybeFinishTermination(): void {
    if (this.done || this.terminationFinishing) return;
    if (this.sidecars.stopForDeletion(this.kubelet, this.pod)) return;
    this.terminationFinishing = true;
    void (async () => {
      try {
        await this.idle();
        this.teardownSandbox();
        await this.writeStatus(true);
        await this.kubelet.removePod(this.pod);
      } catch (error) {
        this.kubelet.onError(error);
      } finally {
        this.done = true;
        this.kubelet.forgetWorker(this);
      }
    })();
  }

  private teardownSandbox(): void {
    if (!this.sandbox || this.sandboxClosed) return;
    stopSandbox(this.sandbox);
    closeSandboxNetwork(this.kubelet, this.pod, this.sandbox.network);
    this.sandboxClosed = true;
  }

  private sandboxClosed = false;

  private view(terminal: boolean): PodRuntimeView {
    return {
      hostIP: this.kubelet.hostIP,
      ...(this.sandbox ? { podIP: this.sandbox.network.podIP } : {}),
      ...(this.startTime !== undefined ? { startTime: this.startTime } : {}),
      sandboxReady: this.sandbox !== undefined && !this.sandboxClosed,
      terminal,
      records: this.slots.map((s) => s.record),
    };
  }

  /** Writes the status through `pods/status` when it changed. */
  async writeStatus(terminal = this.sandboxClosed): Promise<void> {
    await this.kubelet.writeStatus(this.pod, (stored: KubeObject) =>
      buildPodStatus(stored, this.view(terminal), this.now()),
    );
  }
}
