import type { ProcessContext, ProcessEntry } from '../process/contracts.js';
import { uidOfUser } from './credentials.js';
import { text } from './io.js';

/**
 * What `/proc/PID/stat` would add to a process table entry, for `top` and `pstree`: the
 * kernel's short name of the program and its virtual size. The simulation runs no binaries,
 * so the size is what the real one maps, by program.
 */

/** comm: the executable's file name, cut at 15 bytes (TASK_COMM_LEN). */
export function commOf(entry: ProcessEntry): string {
  if (entry.comm !== undefined) return entry.comm.slice(0, 15);
  const first = entry.command.split(' ')[0] ?? '';
  // A title set by the program (`nginx: master process …`) keeps the executable's comm.
  const base = first.slice(first.lastIndexOf('/') + 1).replace(/:$/, '');
  return base.slice(0, 15);
}

/** VSZ in KiB of the programs a pod runs, as `ps`/`top` show them on a real node. */
const VIRTUAL_KB: Record<string, number> = {
  pause: 1020,
  sh: 3296,
  ash: 3296,
  top: 3296,
  dash: 2592,
  bash: 4476,
  nginx: 11404,
  curl: 8724,
  // A kind node's own daemons (Go programs map large virtual arenas).
  systemd: 20480,
  'systemd-journal': 31580,
  containerd: 2233192,
  kubelet: 1976748,
  'containerd-shim': 1233288,
};

export function virtualKb(entry: ProcessEntry): number {
  if (entry.state === 'Z') return 0;
  if (entry.command.startsWith('nginx: worker')) return 11868;
  // Every other busybox applet is the same binary: busybox's size.
  return VIRTUAL_KB[commOf(entry)] ?? 3164;
}

/** The container's /etc/passwd, empty when it has none. */
export function passwdOf(context: Pick<ProcessContext, 'fs'>): string {
  try {
    return text(context.fs.readFile('/etc/passwd'));
  } catch {
    return '';
  }
}

/**
 * What `ps` and `top` show in USER: the name this container's /etc/passwd gives the uid, else
 * the number — nginx's workers run as uid 101, which busybox's passwd does not name. A user
 * resolved by the runtime (`uid:gid:groups`, see credentials.ts) shows by its uid likewise.
 */
export function userName(user: string, passwd: string): string {
  const uid = /^(\d+)(?::|$)/.exec(user)?.[1];
  if (uid === undefined) return user;
  for (const line of passwd.split('\n')) {
    const [name, , id] = line.split(':');
    if (name && id === uid) return name;
  }
  return uid;
}

/** The uid behind a USER column entry: a number, or the name's line in /etc/passwd. */
export function uidOf(user: string, passwd: string): number {
  return uidOfUser(user, passwd);
}
