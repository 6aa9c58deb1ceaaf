/**
 * A container's memory cgroup (`memory.max`, `memory.current`, `memory.events oom_kill`): what
 * its processes allocate and what they write into memory-backed filesystems (tmpfs: `/dev/shm`,
 * an emptyDir with `medium: Memory`) is charged here. Going over the limit invokes the OOM
 * killer; the kubelet sets `memory.oom.group` on cgroup v2 (kind nodes run it), so the kernel
 * kills every process of the container, which the runtime then reports as `OOMKilled`.
 * The simulation keeps no page cache and reclaims nothing: usage is exactly what was charged.
 */
export class MemoryAccount {
  private used = 0;
  private killed = false;

  constructor(
    /** `resources.limits.memory` in bytes; undefined for no limit (the node's memory). */
    readonly limitBytes: number | undefined,
    /** The OOM kill itself: the cgroup's processes get SIGKILL. */
    private readonly onOom: () => void = () => {},
    /**
     * The pod's cgroup above the container's: every charge counts there too, and what a
     * container leaves behind in a tmpfs stays charged there after it died (cgroup v2
     * reparents the pages), so a restarted container starts with the pod already fuller.
     */
    readonly parent?: MemoryAccount,
  ) {}

  /** Bytes charged now (`memory.current`). */
  get usage(): number {
    return this.used;
  }

  /** Whether the OOM killer struck this cgroup (the runtime's OOM event for the container). */
  get oomKilled(): boolean {
    return this.killed;
  }

  /**
   * Charges `bytes` (negative: uncharges, never below zero). Past the limit the charge stays —
   * the pages were touched — and the whole cgroup is killed at once.
   */
  charge(bytes: number): void {
    if (!Number.isFinite(bytes) || bytes === 0) return;
    this.used = Math.max(0, this.used + bytes);
    // Freeing what a dead container left behind uncharges the pod, where the pages were.
    this.parent?.charge(bytes);
    // Over its own limit, or the pod's: the container that asked for the page is the victim.
    if (bytes > 0 && (this.over() || this.parent?.over())) {
      this.killed = true;
      this.onOom();
    }
  }

  /** Whether usage is past the limit (memory.max). */
  private over(): boolean {
    return this.limitBytes !== undefined && this.used > this.limitBytes;
  }
}
