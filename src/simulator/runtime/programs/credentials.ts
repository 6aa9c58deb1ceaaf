import type { ProcessContext } from '../process/contracts.js';
import { text } from './io.js';

/**
 * A process's uid, gid and supplementary groups. The process table keeps one string per
 * process (`ProcessEntry.user`); it is `root`, a user name or a uid (a process that dropped
 * privileges itself: gosu, nginx's workers), or — when the container runtime resolved the
 * credentials (image USER, runAsUser/runAsGroup, supplementalGroups) — `uid:gid:g1,g2,…`.
 */
export interface Credentials {
  uid: number;
  gid: number;
  /** What getgroups(2) returns: sorted, the primary group included. */
  groups: number[];
}

/** The `uid:gid:groups` form for `StartRequest.user`. */
export function formatCredentials(credentials: Credentials): string {
  return `${credentials.uid}:${credentials.gid}:${credentials.groups.join(',')}`;
}

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export function parsePasswd(content: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const line of content.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (!name || uid === undefined || !/^\d+$/.test(uid)) continue;
    entries.push({ name, uid: Number(uid), gid: /^\d+$/.test(gid ?? '') ? Number(gid) : 0 });
  }
  return entries;
}

export function parseGroup(content: string): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const line of content.split('\n')) {
    const [name, , gid, members] = line.split(':');
    if (!name || gid === undefined || !/^\d+$/.test(gid)) continue;
    entries.push({ name, gid: Number(gid), members: (members ?? '').split(',').filter(Boolean) });
  }
  return entries;
}

/** Sorted and without repeats, as runc hands them to setgroups(2) after containerd merged them. */
export function groupSet(gids: Iterable<number>): number[] {
  return [...new Set(gids)].sort((a, b) => a - b);
}

/**
 * The groups that list `name` as a member, with the primary one — what initgroups(3) (gosu)
 * and containerd's WithAdditionalGIDs give. containerd skips a group named like the user.
 */
export function memberGroups(name: string, gid: number, group: GroupEntry[]): number[] {
  const listed = group.filter((g) => g.name !== name && g.members.includes(name)).map((g) => g.gid);
  return groupSet([gid, ...listed]);
}

/** The credentials behind a process table's user string, read against the container's files. */
export function credentialsOf(user: string, passwd: string, group: string): Credentials {
  const explicit = /^(\d+):(\d+):([\d,]*)$/.exec(user);
  if (explicit) {
    const groups = (explicit[3] ?? '').split(',').filter(Boolean).map(Number);
    return { uid: Number(explicit[1]), gid: Number(explicit[2]), groups };
  }
  const users = parsePasswd(passwd);
  const entry = /^\d+$/.test(user)
    ? users.find((u) => u.uid === Number(user))
    : users.find((u) => u.name === user);
  const uid = entry?.uid ?? (/^\d+$/.test(user) ? Number(user) : 0);
  const gid = entry?.gid ?? 0;
  return { uid, gid, groups: entry ? memberGroups(entry.name, gid, parseGroup(group)) : [gid] };
}

/** The uid a user string stands for (`ps`'s UID, /proc/PID/status). */
export function uidOfUser(user: string, passwd: string): number {
  const leading = /^(\d+)(?::|$)/.exec(user);
  if (leading) return Number(leading[1]);
  return parsePasswd(passwd).find((u) => u.name === user)?.uid ?? 0;
}

function readOr(context: Pick<ProcessContext, 'fs'>, path: string): string {
  try {
    return text(context.fs.readFile(path));
  } catch {
    return '';
  }
}

/** The calling process's user string, from the process table. */
export function processUser(context: Pick<ProcessContext, 'processes' | 'pid'>): string {
  return context.processes.list().find((entry) => entry.pid === context.pid)?.user ?? 'root';
}

/** The calling process's credentials (`id`, `whoami`, the shell's prompt). */
export function currentCredentials(
  context: Pick<ProcessContext, 'processes' | 'pid' | 'fs'>,
): Credentials {
  return credentialsOf(
    processUser(context),
    readOr(context, '/etc/passwd'),
    readOr(context, '/etc/group'),
  );
}

/**
 * What `gosu NAME` switches to when the caller is root (the mysql and redis entrypoints drop
 * to their own user this way), in `ExecRequest.user` form; undefined when not root.
 */
export function gosuUser(
  context: Pick<ProcessContext, 'processes' | 'pid' | 'fs'>,
  name: string,
): string | undefined {
  if (currentCredentials(context).uid !== 0) return undefined;
  return formatCredentials(
    credentialsOf(name, readOr(context, '/etc/passwd'), readOr(context, '/etc/group')),
  );
}
