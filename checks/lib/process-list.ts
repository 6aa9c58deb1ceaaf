import type { CheckContext } from './check-context.js';
import type { Seen } from './container-files.js';
import { say } from './result.js';

/** One row of busybox `ps` (PID USER TIME COMMAND). */
export interface ProcessRow {
  pid: number;
  user: string;
  command: string;
}

/**
 * The rows of busybox `ps` output, header skipped. Its columns are fixed: PID, USER, TIME,
 * then the command line with its spaces (`nginx: master process nginx -g daemon off;`).
 */
export function parsePs(output: string): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)\s+\S+\s+(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] && match[3] !== undefined) {
      rows.push({ pid: Number(match[1]), user: match[2], command: match[3] });
    }
  }
  return rows;
}

/**
 * The processes a container can see, as `ps` run there lists them (the container's image must
 * have busybox's ps). With `shareProcessNamespace` that is every container's processes and
 * /pause; without it, only the container's own.
 */
export async function processesIn(
  ctx: CheckContext,
  pod: string,
  container: string,
): Promise<Seen<ProcessRow[]>> {
  const out = await ctx.exec(pod, container, ['ps']);
  if (!out.ran) {
    return {
      ok: false,
      why: say(
        `无法在 Pod ${pod} 的容器 ${container} 里运行 ps:${out.reason}`,
        `cannot run ps in container ${container} of Pod ${pod}: ${out.reason}`,
      ),
    };
  }
  if (out.exitCode !== 0) {
    const said = (out.stderr || out.stdout).trim().split('\n')[0] ?? '';
    return {
      ok: false,
      why: say(
        `容器 ${container} 里的 ps 失败了(退出码 ${out.exitCode}): ${said}`,
        `ps failed in container ${container} (exit code ${out.exitCode}): ${said}`,
      ),
    };
  }
  return { ok: true, value: parsePs(out.stdout) };
}

/** The nginx master among the rows (its title is `nginx: master process …`). */
export function nginxMaster(rows: readonly ProcessRow[]): ProcessRow | undefined {
  return rows.find((row) => row.command.startsWith('nginx: master process'));
}

/** The nginx worker rows (`nginx: worker process`, or `… is shutting down` while they drain). */
export function nginxWorkers(rows: readonly ProcessRow[]): ProcessRow[] {
  return rows.filter((row) => row.command.startsWith('nginx: worker process'));
}
