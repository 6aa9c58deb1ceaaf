import type { Registry } from '../apiserver/registry/registry.js';
import type { KubeObject } from '../kube-object.js';
import type { CoreEvent, EventType } from './core-event.js';
import { LegacyEventRecorder } from './legacy-recorder.js';
import type { ObjectReference } from './object-reference.js';
import { SeriesEventRecorder } from './series-recorder.js';
import type { TimerClock } from './timer-clock.js';

/** A reporter using client-go's legacy recorder: the kubelet, kube-controller-manager's controllers. */
export interface LegacySource {
  /** `kubelet`, `replicaset-controller`, … */
  component: string;
  /** The node, for the kubelet; absent for controllers. */
  host?: string;
}

/** A reporter using the events.k8s.io recorder: kube-scheduler. */
export interface SeriesSource {
  reportingController: string;
  reportingInstance: string;
  /** `Scheduling`, `Binding`, … */
  action: string;
  related?: KubeObject | ObjectReference;
  /** managedFields manager; defaults to the reporting controller. */
  fieldManager?: string;
}

export type RecordSource = LegacySource | SeriesSource;

export interface EventRecorderOptions {
  /** The simulator's clock. Without `setTimer`, series are never refreshed or finished. */
  clock: Pick<TimerClock, 'now'> & Partial<Pick<TimerClock, 'setTimer'>>;
  onError?: (error: unknown) => void;
}

/**
 * One entry point for every simulated component that reports events: the `source` says who
 * reports and so which of client-go's two recorders writes the event — `{component, host}` for
 * the legacy one (kubelet, controllers), `{reportingController, reportingInstance, action}` for
 * the events.k8s.io one (scheduler).
 */
export class EventRecorder {
  private readonly legacy: LegacyEventRecorder;
  private readonly series = new Map<string, SeriesEventRecorder>();
  private stopped = false;

  constructor(
    private readonly registry: Registry,
    private readonly options: EventRecorderOptions,
  ) {
    this.legacy = new LegacyEventRecorder(registry, {
      now: () => options.clock.now(),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  /** Records one occurrence; resolves once it is written, merged into an earlier one, or dropped. */
  async recordEvent(
    involvedObject: KubeObject | ObjectReference,
    type: EventType,
    reason: string,
    message: string,
    source: RecordSource,
  ): Promise<void> {
    if (this.stopped) return;
    if ('component' in source) {
      await this.legacy.recordEvent(involvedObject, type, reason, message, source);
      return;
    }
    await this.seriesRecorder(source).recordEvent(
      involvedObject,
      source.related,
      type,
      reason,
      source.action,
      message,
    );
  }

  /** Resolves once everything recorded so far is written. */
  async idle() {
    await this.legacy.idle();
    await Promise.all([...this.series.values()].map((r) => r.idle()));
  }

  /**
   * Shutdown: timers stop and events not yet written are dropped, so nothing writes to a store
   * that is about to close. Await `idle()` after it for a write already under way.
   */
  stop() {
    this.stopped = true;
    this.legacy.stop();
    for (const recorder of this.series.values()) recorder.stop();
  }

  private seriesRecorder(source: SeriesSource) {
    const key = `${source.reportingController}\u0000${source.reportingInstance}`;
    let recorder = this.series.get(key);
    if (!recorder) {
      const { clock } = this.options;
      const setTimer = clock.setTimer?.bind(clock);
      recorder = new SeriesEventRecorder(this.registry, {
        clock: {
          now: () => clock.now(),
          setTimer: (ms, callback) => setTimer?.(ms, callback) ?? { due: Infinity, cancel() {} },
        },
        reportingController: source.reportingController,
        reportingInstance: source.reportingInstance,
        fieldManager: source.fieldManager ?? source.reportingController,
        ...(this.options.onError ? { onError: this.options.onError } : {}),
      });
      if (setTimer) recorder.start();
      this.series.set(key, recorder);
    }
    return recorder;
  }
}

export type { CoreEvent, EventType };
