/**
 * The kubelet's image manager: pull policy, the Pulling/Pulled/Failed/BackOff events with
 * 1.32's texts, and the pull back-off (10 s doubling to 300 s per pod and image) that turns
 * ErrImagePull into ImagePullBackOff. A pull takes simulated time, less than a second,
 * growing with the image's size.
 */
import type { KubeObject } from '../kube-object.js';
import type { ContainerImage } from '../runtime/images/container-image.js';
import { ImageNotFoundError } from '../runtime/images/container-image.js';
import { parseImageReference } from '../runtime/images/image-reference.js';
import { BackOff, goDuration } from './back-off.js';
import type { ContainerRuntime } from './container-runtime.js';
import type { ContainerRef, KubeletClock } from './kubelet-context.js';
import type { ContainerRecord } from './status-builder.js';

type Json = Record<string, unknown>;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

type EventSink = (
  pod: KubeObject,
  container: ContainerRef | undefined,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
) => void;

/** How long pulling `image` takes: 100 ms plus 1 ms per 100 kB, at most 1 s. */
export function pullDurationMs(image: ContainerImage): number {
  return Math.min(1000, 100 + Math.round(image.sizeBytes / 100_000));
}

/** The policy admission would default: Always for `:latest` or no tag, else IfNotPresent. */
export function pullPolicy(container: Json): string {
  const explicit = str(container.imagePullPolicy);
  if (explicit) return explicit;
  const parsed = parseImageReference(str(container.image));
  if (!parsed || parsed.digest) return 'IfNotPresent';
  return parsed.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export class ImagePuller {
  readonly backOff: BackOff;
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly clock: KubeletClock,
    private readonly event: EventSink,
  ) {
    this.backOff = new BackOff(() => clock.now().getTime());
  }

  /** When to look again after `ensure` gave nothing. */
  retryIn(pod: KubeObject, image: string): number {
    const key = `${pod.metadata.uid}/${image}`;
    const failed = this.failures.get(key);
    if (failed === undefined) return 10_000;
    const now = this.clock.now().getTime();
    if (now - failed < 1000) return 1000;
    // The pod worker requeues every 10 s; each sync inside the window reports it again.
    return Math.max(1, Math.min(10_000, this.backOff.endsAt(key, failed) - now));
  }

  /**
   * The image for `slot`, pulling it if the policy says so; undefined (with the waiting state
   * set on `record` and the events recorded) when it cannot be had now.
   */
  async ensure(
    pod: KubeObject,
    slot: ContainerRef & { spec: Json },
    record: ContainerRecord,
    beforePull: () => Promise<void>,
  ): Promise<ContainerImage | undefined> {
    const reference = str(slot.spec.image);
    const policy = pullPolicy(slot.spec);
    const cached = this.runtime.cached(reference);
    if (cached && policy !== 'Always') {
      this.event(
        pod,
        slot,
        'Normal',
        'Pulled',
        `Container image "${reference}" already present on machine`,
      );
      return cached;
    }
    if (policy === 'Never') {
      const message = `Container image "${reference}" is not present with pull policy of Never`;
      record.state = { kind: 'waiting', reason: 'ErrImageNeverPull', message };
      this.event(pod, slot, 'Warning', 'ErrImageNeverPull', message);
      // startContainer reports every EnsureImageExists error again as `Error: <reason>`.
      this.event(pod, slot, 'Warning', 'Failed', 'Error: ErrImageNeverPull');
      return undefined;
    }
    const key = `${pod.metadata.uid}/${reference}`;
    const failed = this.failures.get(key);
    if (failed !== undefined && this.backOff.inBackOffSince(key, failed)) {
      const message = `Back-off pulling image "${reference}"`;
      this.event(pod, slot, 'Normal', 'BackOff', message);
      this.event(pod, slot, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      record.state = { kind: 'waiting', reason: 'ImagePullBackOff', message };
      return undefined;
    }
    this.event(pod, slot, 'Normal', 'Pulling', `Pulling image "${reference}"`);
    // Not awaited: the pull's timer must be set at once, so `sim advance` finds it.
    void beforePull();
    let image: ContainerImage;
    try {
      image = this.runtime.pull(reference);
    } catch (error) {
      if (!(error instanceof ImageNotFoundError)) throw error;
      await this.clock.sleep(200);
      const now = this.clock.now().getTime();
      this.backOff.next(key, now);
      this.failures.set(key, now);
      this.event(
        pod,
        slot,
        'Warning',
        'Failed',
        `Failed to pull image "${reference}": ${error.message}`,
      );
      this.event(pod, slot, 'Warning', 'Failed', 'Error: ErrImagePull');
      record.state = { kind: 'waiting', reason: 'ErrImagePull', message: error.message };
      return undefined;
    }
    const ms = pullDurationMs(image);
    await this.clock.sleep(ms);
    this.failures.delete(key);
    const took = goDuration(ms);
    this.event(
      pod,
      slot,
      'Normal',
      'Pulled',
      `Successfully pulled image "${reference}" in ${took} (${took} including waiting). Image size: ${image.sizeBytes} bytes.`,
    );
    return image;
  }
}
