import { processUser } from './credentials.js';
import { passwdOf, userName } from './process-view.js';
import type { Tool } from './tool.js';

/**
 * util-linux `ipcmk [-M size] [-S nsems] [-Q] [-p mode]`: creates System V IPC objects in the
 * process's IPC namespace with a random key, and prints their ids. Debian has it, busybox
 * does not: a hostIPC pod of each shows how the node's namespace is shared (`ipcmk -M` in one,
 * `ipcs -m` in the other).
 */

const TRY_HELP = "Try 'ipcmk --help' for more information.\n";
const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** strtosize: `4096`, `1K`, `1M`, `1KiB`; `1KB` is decimal. */
function parseSize(value: string): number | undefined {
  const match = /^(\d+)(?:([KMG])(iB|B)?)?$/i.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? '').toUpperCase();
  const base = match[3]?.toUpperCase() === 'B' ? 1000 : 1024;
  const power = ['', 'K', 'M', 'G'].indexOf(unit);
  return Number(match[1]) * (base === 1024 ? (UNITS[unit] ?? 1) : 1000 ** power);
}

export const ipcmk: Tool = async (context) => {
  const args = context.argv.slice(1);
  let shmBytes: number | undefined;
  let semaphores: number | undefined;
  let queue = false;
  let perms = 0o644;
  const fail = async (message: string) => {
    await context.stderr.write(`ipcmk: ${message}\n`);
    return 1;
  };
  while (args.length > 0) {
    const arg = args.shift() as string;
    const value = () => args.shift();
    if (arg === '-M' || arg === '--shmem') {
      const text = value() ?? '';
      shmBytes = parseSize(text);
      if (shmBytes === undefined) return fail(`failed to parse size: '${text}'`);
    } else if (arg === '-S' || arg === '--semaphore') {
      const text = value() ?? '';
      if (!/^\d+$/.test(text)) return fail(`failed to parse elements: '${text}'`);
      semaphores = Number(text);
    } else if (arg === '-Q' || arg === '--queue') {
      queue = true;
    } else if (arg === '-p' || arg === '--mode') {
      const text = value() ?? '';
      if (!/^[0-7]+$/.test(text)) return fail(`failed to parse mode: '${text}'`);
      perms = Number.parseInt(text, 8);
    } else {
      await context.stderr.write(
        `ipcmk: invalid option -- '${arg.replace(/^-+/, '')}'\n${TRY_HELP}`,
      );
      return 1;
    }
  }
  if (shmBytes === undefined && semaphores === undefined && !queue) {
    await context.stderr.write(`ipcmk: bad usage\n${TRY_HELP}`);
    return 1;
  }
  const ipc = context.ipcNamespace;
  // random(): the key is a positive 31-bit number.
  const key = () => Math.floor(Math.random() * 0x7fffffff) + 1;
  // The creator owns it; ipcs shows the name its passwd gives the uid.
  const owner = userName(processUser(context), passwdOf(context));
  if (shmBytes !== undefined) {
    if (!ipc) return fail('create share memory failed: Function not implemented');
    const id = ipc.createSharedMemory({ key: key(), bytes: shmBytes, perms, owner });
    await context.stdout.write(`Shared memory id: ${id}\n`);
  }
  if (queue) {
    if (!ipc) return fail('create message queue failed: Function not implemented');
    const id = ipc.createMessageQueue({ key: key(), perms, owner });
    await context.stdout.write(`Message queue id: ${id}\n`);
  }
  if (semaphores !== undefined) {
    if (!ipc) return fail('create semaphore failed: Function not implemented');
    const id = ipc.createSemaphores({ key: key(), count: semaphores, perms, owner });
    await context.stdout.write(`Semaphore id: ${id}\n`);
  }
  return 0;
};
