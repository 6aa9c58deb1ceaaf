/**
 * The simulated clock's lead over the host's, kept in the state directory (`clock.json`), so
 * that a restarted simulator continues where the last run left it: after `sim advance 10m` and
 * a restart, the clock is still 10 minutes ahead, and nothing stored lies in its future (a pod
 * resumed after the "reboot" would otherwise have finished before it started).
 *
 * The offset (simulated − host time) is what is kept, not the simulated time at the stop: the
 * time the simulator was down passes for the cluster too, as it does for a rebooted node.
 * Written atomically after every advance, at a clean stop, and every half minute at a speed
 * other than 1 (where the offset drifts). Whatever a crash loses is covered by the floor: the
 * clock never starts before the latest moment the server stamped on a stored object.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { RESOURCES, storageResource } from './apiserver/resources.js';
import { latestServerWrite } from './apiserver/time-view-fields.js';
import type { SimClock } from './clock.js';
import type { Store } from './store/index.js';
import { readOptional } from './store/state-files.js';

export const CLOCK_FILE = 'clock.json';
const DRIFT_SAVE_INTERVAL_MS = 30_000;

interface ClockFile {
  /** Simulated minus host time, in ms. */
  offsetMs: number;
  /** Host time of the save, for people reading the file. */
  savedAt: string;
}

/**
 * The offset a new clock starts with: the saved one (0 without a file, or with one that cannot
 * be read — a clock is not worth refusing to start over), raised where needed so that the
 * latest server write in `storage` is not in the clock's future.
 */
export async function restoreClockOffset(
  stateDir: string,
  storage: Store,
  hostNowMs = Date.now(),
): Promise<number> {
  const saved = parseClockFile(await readOptional(join(stateDir, CLOCK_FILE)));
  const latest = latestStoredWrite(storage);
  const floor = latest === undefined ? Number.NEGATIVE_INFINITY : latest - hostNowMs;
  return Math.max(saved?.offsetMs ?? 0, floor);
}

function parseClockFile(text: string | undefined): ClockFile | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<ClockFile>;
    if (typeof parsed.offsetMs === 'number' && Number.isFinite(parsed.offsetMs)) {
      return { offsetMs: parsed.offsetMs, savedAt: String(parsed.savedAt ?? '') };
    }
  } catch {
    // A torn or hand-edited file: start as if there were none; the floor still holds.
  }
  return undefined;
}

/** The latest creationTimestamp or managed-fields time across every stored object. */
export function latestStoredWrite(storage: Store): number | undefined {
  let latest: number | undefined;
  for (const info of RESOURCES) {
    for (const json of storage.listJson(storageResource(info)).items) {
      const written = latestServerWrite(JSON.parse(json));
      if (written !== undefined && (latest === undefined || written > latest)) latest = written;
    }
  }
  return latest;
}

/** Keeps `clock`'s offset in `<stateDir>/clock.json` while the simulator runs. */
export class ClockPersistence {
  private readonly path: string;
  private saving: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private interval: NodeJS.Timeout | undefined;

  constructor(
    stateDir: string,
    private readonly clock: SimClock,
    private readonly onError: (error: unknown) => void,
  ) {
    this.path = join(stateDir, CLOCK_FILE);
  }

  start() {
    this.unsubscribe = this.clock.onAdvance(() => void this.save());
    if (this.clock.speed !== 1) {
      this.interval = setInterval(() => void this.save(), DRIFT_SAVE_INTERVAL_MS);
      this.interval.unref();
    }
  }

  /** Writes the offset now; saves run one after another, the last one wins. */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const file: ClockFile = {
        offsetMs: this.clock.offsetMs(),
        savedAt: new Date().toISOString(),
      };
      try {
        await writeFileAtomic(this.path, `${JSON.stringify(file)}\n`, 0o600);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.saving;
  }

  /** The last save, as the simulator stops (before the clock does). */
  async stop() {
    this.unsubscribe?.();
    if (this.interval) clearInterval(this.interval);
    await this.save();
  }
}
