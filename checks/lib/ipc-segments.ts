import type { CheckContext } from './check-context.js';
import type { Seen } from './container-files.js';
import { say } from './result.js';

/** One System V shared memory segment, as a row of `ipcs -m` lists it. */
export interface ShmSegment {
  key: string;
  shmid: number;
  owner: string;
  bytes: number;
}

/**
 * The segments in `ipcs -m` output (util-linux and busybox print the same columns: key, shmid,
 * owner, perms, bytes, nattch, status). Headers and the section title are skipped: a row is one
 * that starts with a hexadecimal key.
 */
export function parseShmSegments(output: string): ShmSegment[] {
  const segments: ShmSegment[] = [];
  for (const line of output.split('\n')) {
    const match = /^(0x[0-9a-f]+)\s+(\d+)\s+(\S+)\s+\d+\s+(\d+)/i.exec(line.trim());
    if (match?.[1] && match[2] && match[3] && match[4]) {
      segments.push({
        key: match[1].toLowerCase(),
        shmid: Number(match[2]),
        owner: match[3],
        bytes: Number(match[4]),
      });
    }
  }
  return segments;
}

/**
 * The shared memory segments a container can see: those of its IPC namespace, which is the
 * Pod's own, or the node's with `hostIPC`. The image must have `ipcs` (busybox and debian do).
 */
export async function segmentsIn(
  ctx: CheckContext,
  pod: string,
  container: string,
): Promise<Seen<ShmSegment[]>> {
  const out = await ctx.exec(pod, container, ['ipcs', '-m']);
  if (!out.ran) {
    return {
      ok: false,
      why: say(
        `无法在 Pod ${pod} 的容器 ${container} 里运行 ipcs:${out.reason}`,
        `cannot run ipcs in container ${container} of Pod ${pod}: ${out.reason}`,
      ),
    };
  }
  if (out.exitCode !== 0) {
    const said = (out.stderr || out.stdout).trim().split('\n')[0] ?? '';
    return {
      ok: false,
      why: say(
        `容器 ${container} 里的 ipcs 失败了(退出码 ${out.exitCode}): ${said}`,
        `ipcs failed in container ${container} (exit code ${out.exitCode}): ${said}`,
      ),
    };
  }
  return { ok: true, value: parseShmSegments(out.stdout) };
}
