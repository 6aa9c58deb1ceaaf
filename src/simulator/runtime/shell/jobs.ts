import type { SpawnedProcess } from '../process/contracts.js';

export interface Job {
  id: number;
  pid: number;
  process: SpawnedProcess;
  /** Exit status once the job has finished. */
  status: number | undefined;
}

/** Background jobs (`cmd &`) of one shell, for `wait`, `jobs`, `kill %n` and `$!`. */
export class JobTable {
  private jobs: Job[] = [];

  add(process: SpawnedProcess, _interactive: boolean): Job {
    const id = this.jobs.reduce((max, job) => Math.max(max, job.id), 0) + 1;
    const job: Job = { id, pid: process.pid, process, status: undefined };
    void process.exit.then((status) => {
      job.status = status;
    });
    this.jobs.push(job);
    return job;
  }

  all(): Job[] {
    return [...this.jobs];
  }

  byPid(pid: number): Job | undefined {
    return this.jobs.find((job) => job.pid === pid);
  }

  /** `%1`, `%%`, `%+`, `%-`. */
  bySpec(spec: string): Job | undefined {
    if (spec === '%%' || spec === '%+' || spec === '%') return this.jobs[this.jobs.length - 1];
    if (spec === '%-') return this.jobs[this.jobs.length - 2];
    const n = Number(spec.slice(1));
    return this.jobs.find((job) => job.id === n);
  }

  remove(job: Job): void {
    this.jobs = this.jobs.filter((j) => j !== job);
  }

  /** Forgets finished jobs (after they were reported or waited for). */
  prune(): void {
    this.jobs = this.jobs.filter((job) => job.status === undefined);
  }
}
