import type { IpcKind, IpcNamespaceHandle, ProcessContext } from '../process/contracts.js';
import { processUser } from './credentials.js';
import { passwdOf, userName } from './process-view.js';
import { busyboxUsage } from './tool.js';

/**
 * What both `ipcrm`s share: a run's world (the process's IPC namespace, its user) and output,
 * the key syntax, the refusals' words and the old `ipcrm shm|msg|sem ID...` form.
 */

export const TRY = "Try 'ipcrm --help' for more information.\n";

export const BUSYBOX_USAGE = busyboxUsage(
  'ipcrm [-MQS key] [-mqs id]',
  `Upper-case options MQS remove an object by shmkey value.
Lower-case options remove an object by shmid value.

\t-mM\tRemove memory segment after last detach
\t-qQ\tRemove message queue
\t-sS\tRemove semaphore`,
);

export const KIND_OF: Record<string, IpcKind> = { m: 'shm', q: 'msg', s: 'sem' };
export const LEGACY: Record<string, IpcKind> = { shm: 'shm', msg: 'msg', sem: 'sem' };

/** Stops the program with a status, after its message. */
export class Exit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

/** One run's world and what it has printed so far (written out at the end, in order). */
export class Run {
  out = '';
  err = '';
  readonly ipc: IpcNamespaceHandle | undefined;
  /** Who runs ipcrm: IPC_RMID needs the object's owner (or CAP_SYS_ADMIN, which pods lack). */
  private readonly user: string;

  constructor(readonly context: ProcessContext) {
    this.ipc = context.ipcNamespace;
    this.user = userName(processUser(context), passwdOf(context));
  }

  /** errx(3): the message, optionally glibc's pointer to --help, and the end. */
  fatal(message: string, tryHelp = false): never {
    this.err += `ipcrm: ${message}\n${tryHelp ? TRY : ''}`;
    throw new Exit(1);
  }

  objects(kind: IpcKind): { id: number; owner: string }[] {
    const view = this.context.ipc?.();
    if (!view) return [];
    if (kind === 'shm') return view.sharedMemory;
    return kind === 'sem' ? view.semaphores : view.messageQueues;
  }

  /** IPC_RMID of one object: undefined when done, else the kernel's refusal. */
  remove(kind: IpcKind, id: number): 'EINVAL' | 'EPERM' | undefined {
    const object = this.objects(kind).find((o) => o.id === id);
    if (!this.ipc || !object) return 'EINVAL';
    if (object.owner !== this.user) return 'EPERM';
    this.ipc.remove(kind, id);
    return undefined;
  }
}

/** strtoul(…, 0) over the whole string: decimal, `0x` hex or `0` octal. */
export function parseKey(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^0[0-7]*$/.test(text)) return Number.parseInt(text, 8);
  return /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
}

/** The refusal's words in both implementations' messages. */
export function refusal(problem: 'EINVAL' | 'EPERM', what: 'id' | 'key'): string {
  return problem === 'EINVAL' ? `invalid ${what}` : `permission denied for ${what}`;
}

/** `ipcrm shm|msg|sem ID...`, which both implementations still take. */
export function legacyForm(
  run: Run,
  kind: IpcKind,
  ids: string[],
  flavour: 'gnu' | 'busybox',
): number {
  if (ids.length === 0) {
    if (flavour === 'busybox') {
      run.err += BUSYBOX_USAGE;
      throw new Exit(1);
    }
    run.fatal('not enough arguments', true);
  }
  let failures = 0;
  for (const text of ids) {
    if (!/^\d+$/.test(text) || Number(text) > 0x7fffffff) {
      run.err += `ipcrm: invalid id: ${text}\n`;
      failures++;
      continue;
    }
    const problem = run.remove(kind, Number(text));
    if (!problem) continue;
    failures++;
    run.err +=
      flavour === 'gnu'
        ? `ipcrm: ${refusal(problem, 'id')} (${text})\n`
        : `ipcrm: can't remove id ${text}: ${problem === 'EINVAL' ? 'Invalid argument' : 'Operation not permitted'}\n`;
  }
  if (failures > 0) return 1;
  run.out += 'resource(s) deleted\n';
  return 0;
}
