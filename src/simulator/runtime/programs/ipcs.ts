import type { IpcObjects } from '../process/system-views.js';
import type { Tool } from './tool.js';

/**
 * `ipcs [-mqsa]`: the System V IPC objects of the process's IPC namespace. A pod gets a fresh
 * namespace, so the tables are empty; a `hostIPC` pod would be given the node's. busybox
 * lists shared memory, semaphores, then queues; util-linux queues first.
 */

const NONE: IpcObjects = { sharedMemory: [], semaphores: [], messageQueues: [] };

const col = (text: string | number, width: number) => String(text).padEnd(width);
const key = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const perms = (n: number) => n.toString(8);

export const ipcs: Tool = async (context, flavour) => {
  const flags = new Set(context.argv.slice(1).join('').replace(/-/g, ''));
  const objects = context.ipc?.() ?? NONE;
  let shm = flags.has('m');
  let sem = flags.has('s');
  let msg = flags.has('q');
  if (flags.has('a') || (!shm && !sem && !msg)) shm = sem = msg = true;

  const shmText =
    `------ Shared Memory Segments --------\n` +
    `${col('key', 10)} ${col('shmid', 10)} ${col('owner', 10)} ${col('perms', 10)} ${col('bytes', 10)} ${col('nattch', 10)} ${col('status', 12)}\n` +
    objects.sharedMemory
      .map(
        (s) =>
          `${key(s.key)} ${col(s.id, 10)} ${col(s.owner.slice(0, 10), 10)} ${col(perms(s.perms), 10)} ${col(s.bytes, 10)} ${col(s.attached, 10)} ${col(' ', 6)} ${col(' ', 6)}\n`,
      )
      .join('');
  const semText =
    `------ Semaphore Arrays --------\n` +
    `${col('key', 10)} ${col('semid', 10)} ${col('owner', 10)} ${col('perms', 10)} ${col('nsems', 10)}\n` +
    objects.semaphores
      .map(
        (s) =>
          `${key(s.key)} ${col(s.id, 10)} ${col(s.owner.slice(0, 9), 10)} ${col(perms(s.perms), 10)} ${col(s.semaphores, 10)}\n`,
      )
      .join('');
  const msgText =
    `------ Message Queues --------\n` +
    `${col('key', 10)} ${col('msqid', 10)} ${col('owner', 10)} ${col('perms', 10)} ${col('used-bytes', 12)} ${col('messages', 12)}\n` +
    objects.messageQueues
      .map(
        (q) =>
          `${key(q.key)} ${col(q.id, 10)} ${col(q.owner.slice(0, 10), 10)} ${col(perms(q.perms), 10)} ${col(q.usedBytes, 12)} ${col(q.messages, 12)}\n`,
      )
      .join('');

  const sections =
    flavour === 'gnu'
      ? [msg && msgText, shm && shmText, sem && semText]
      : [shm && shmText, sem && semText, msg && msgText];
  const shown = sections.filter((section): section is string => typeof section === 'string');
  // An empty line first, and one after each table.
  await context.stdout.write(`\n${shown.map((section) => `${section}\n`).join('')}`);
  return 0;
};
