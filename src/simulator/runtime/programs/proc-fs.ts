import type { FileSystem } from '../fs/file-system.js';
import type {
  SyntheticDirectory,
  SyntheticEntry,
  SyntheticFile,
  Viewer,
} from '../fs/synthetic-backing.js';
import type { PidNamespace } from '../process/pid-namespace.js';
import type { SimProcess } from '../process/sim-process.js';
import { text } from './io.js';
import {
  cpuinfoText,
  meminfoText,
  mountsText,
  nulSeparated,
  statusText,
  uptimeText,
} from './proc-files.js';
import { commOf } from './process-view.js';
import { loadAverageFigures } from './top.js';

/**
 * The procfs a container runtime mounts at `/proc`, for one PID namespace (the container's, the
 * pod's shared one, or the node's for a hostPID pod): a directory per process with the files
 * the simulation can fill truthfully — `cmdline`, `comm`, `environ`, `status`, `mounts` (where
 * the runtime gave the process a mount table) and the `root` link into the process's own
 * filesystem — plus `self`, `mounts`, `meminfo`, `cpuinfo`,
 * `uptime`, `loadavg`, and runc's masks (`kcore`, `keys`, `timer_list` bound to /dev/null,
 * `acpi`, `scsi` empty read-only tmpfs). Everything else a kernel has there is absent (ENOENT)
 * rather than made up. The pids are those `ps` lists: the same namespace table.
 */

export interface ProcOptions {
  namespace: PidNamespace;
  clock: { now(): Date };
}

/** The reader as a process: the process host makes each process's filesystem view for it. */
function asProcess(viewer: Viewer): SimProcess | undefined {
  const candidate = viewer as Partial<SimProcess> | undefined;
  return candidate?.pids instanceof Map ? (candidate as SimProcess) : undefined;
}

const file = (content: (viewer: Viewer) => string, mode = 0o444): SyntheticFile => ({
  type: 'file',
  content,
  mode,
});

/** A directory of fixed entries, each made when looked up. */
function directory(
  entries: Record<string, () => SyntheticEntry | undefined>,
  extra: Partial<SyntheticDirectory> = {},
): SyntheticDirectory {
  return {
    type: 'directory',
    names: () => Object.keys(entries).filter((name) => entries[name]?.() !== undefined),
    child: (name) => (Object.hasOwn(entries, name) ? entries[name]?.() : undefined),
    ...extra,
  };
}

/** runc's masks: an empty read-only tmpfs over a directory, /dev/null over a file. */
const maskedDirectory = (): SyntheticDirectory =>
  directory({}, { mode: 0o1777, writeError: 'EROFS' });
const maskedFile = (): SyntheticFile => ({
  type: 'file',
  content: () => '',
  mode: 0o666,
  device: 'null',
});

export function procRoot(options: ProcOptions): SyntheticDirectory {
  const { namespace, clock } = options;
  const pids = () => namespace.list().map((entry) => entry.pid);
  const selfPid = (viewer: Viewer) => asProcess(viewer)?.pids.get(namespace);
  const fixed: Record<string, (viewer: Viewer) => SyntheticEntry | undefined> = {
    acpi: maskedDirectory,
    cpuinfo: () => file(cpuinfoText),
    kcore: maskedFile,
    keys: maskedFile,
    loadavg: () => file(() => `${loadAverageFigures(namespace.list())}\n`),
    meminfo: () => file(meminfoText),
    mounts: () => ({ type: 'symlink', target: 'self/mounts' }),
    scsi: maskedDirectory,
    // /proc/self names the reader; a reader outside this namespace has none.
    self: (viewer) => {
      const pid = selfPid(viewer);
      return pid === undefined ? undefined : { type: 'symlink', target: String(pid) };
    },
    timer_list: maskedFile,
    uptime: () => file(() => uptimeText(clock.now().getTime() - bootTime(namespace, clock))),
  };
  return {
    type: 'directory',
    names: (viewer) => [
      ...pids().map(String),
      ...Object.keys(fixed).filter((name) => fixed[name]?.(viewer) !== undefined),
    ],
    child: (name, viewer) => {
      if (/^[1-9]\d*$/.test(name)) {
        const process = namespace.get(Number(name));
        return process && !process.exited ? processDirectory(process, namespace) : undefined;
      }
      return Object.hasOwn(fixed, name) ? fixed[name]?.(viewer) : undefined;
    },
  };
}

/** /proc/PID: what the simulation knows of one process. */
function processDirectory(process: SimProcess, namespace: PidNamespace): SyntheticDirectory {
  const pid = process.pids.get(namespace) ?? 0;
  const entry = () => process.entryIn(namespace, pid);
  const fs = process.fs;
  return directory(
    {
      cmdline: () => file(() => (process.exited ? '' : nulSeparated(process.argv))),
      comm: () => file(() => `${commOf(entry())}\n`, 0o644),
      environ: () => file(() => nulSeparated(environLines(process)), 0o400),
      // Only where the runtime gave the process its table: a node daemon's is not a container's.
      mounts: () => {
        const table = process.mounts;
        return table ? file(() => mountsText(table())) : undefined;
      },
      root: () => (fs ? { type: 'symlink', target: '/', enter: () => fs } : undefined),
      status: () =>
        file(() =>
          statusText({
            entry: entry(),
            nsPids: pidsDownTo(process, namespace),
            nsPgids: pidsDownTo(process.group.leader, namespace, process),
            passwd: passwdIn(fs),
          }),
        ),
    },
    { mtimeMs: process.startedMs },
  );
}

function environLines(process: SimProcess): string[] {
  return Object.entries(process.environ).map(([key, value]) => `${key}=${value}`);
}

/**
 * `of`'s pids from the /proc's namespace down to `like`'s own namespace (NSpid, NSpgid): one
 * number when the reader shares the process's namespace, more when it sees it from above.
 */
function pidsDownTo(of: SimProcess, top: PidNamespace, like: SimProcess = of): number[] {
  const chain: PidNamespace[] = [];
  for (let ns: PidNamespace | undefined = like.namespace; ns; ns = ns.parent) {
    chain.unshift(ns);
    if (ns === top) break;
  }
  return chain.map((ns) => of.pids.get(ns) ?? 0);
}

function passwdIn(fs: FileSystem | undefined): string {
  try {
    return fs ? text(fs.readFile('/etc/passwd')) : '';
  } catch {
    return '';
  }
}

/**
 * When the node booted: its init's start (the outermost PID namespace's PID 1), else the
 * earliest process this namespace has.
 */
function bootTime(namespace: PidNamespace, clock: { now(): Date }): number {
  let root = namespace;
  while (root.parent) root = root.parent;
  const init = root.init;
  if (init) return init.startedMs;
  const starts = namespace.list().map((entry) => entry.startedMs);
  return starts.length > 0 ? Math.min(...starts) : clock.now().getTime();
}
