/**
 * The node's container runtime (containerd through the CRI, as far as the kubelet sees it):
 * an image store, pod sandboxes (pause + network + pod files) and containers — a writable
 * layer over the image, the volume mounts, a cgroup with the image's programs, and the main
 * process started from the image's entrypoint/cmd as overridden by `command`/`args`.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../kube-object.js';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import { newContainerLayer } from '../runtime/fs/image-layer.js';
import type { MemoryTree } from '../runtime/fs/memory-tree.js';
import type { ContainerImage } from '../runtime/images/container-image.js';
import { pullImage } from '../runtime/images/image-registry.js';
import { NoSuchUserError, resolveImageUser } from '../runtime/images/image-user.js';
import { layerText } from '../runtime/images/layer-text.js';
import type { Cgroup } from '../runtime/process/cgroup.js';
import type { OutputStream } from '../runtime/process/contracts.js';
import type { IpcNamespace } from '../runtime/process/ipc-namespace.js';
import type { PidNamespace } from '../runtime/process/pid-namespace.js';
import { createPipe, type PipeWriter } from '../runtime/process/pipe.js';
import type { ProcessHost, StartedProcess } from '../runtime/process/process-host.js';
import type { SimProcess } from '../runtime/process/sim-process.js';
import { callbackOutput, emptyInput } from '../runtime/process/streams.js';
import type { MountEntry } from '../runtime/process/system-views.js';
import { imageCatalogue } from '../runtime/programs/catalogue.js';
import { formatCredentials } from '../runtime/programs/credentials.js';
import { containerMounts } from '../runtime/programs/mount-table.js';
import { procRoot } from '../runtime/programs/proc-fs.js';
import { shellProgram } from '../runtime/shell/sh-program.js';
import { PseudoTerminal } from '../runtime/tty/pseudo-terminal.js';
import { ContainerLog } from './container-log.js';
import { containerVolumeMounts, memoryBackedPaths } from './container-mounts.js';
import { expandReferences } from './env-resolution.js';
import { memoryLimitBytes } from './memory-limits.js';
import type { NodeNamespaces } from './node-namespaces.js';
import type { SandboxNetwork } from './pod-network.js';
import { createSandbox, type PodSandbox } from './pod-sandbox.js';
import { terminationLogMount, terminationMessagePath } from './termination-message.js';
import type { PodVolume } from './volume-setup.js';

export type { PodSandbox } from './pod-sandbox.js';

type Json = Record<string, unknown>;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.map((v) => String(v)) : undefined;

export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

const SHELLS = { ash: shellProgram('ash'), dash: shellProgram('dash') };

/** One container instance: what `containerd://<id>` names. */
export interface ContainerInstance {
  id: string;
  name: string;
  image: ContainerImage;
  fs: ContainerFileSystem;
  cgroup: Cgroup;
  namespace: PidNamespace;
  env: Record<string, string>;
  /**
   * The working directory every process of the container starts in: `workingDir`, else the
   * image's WorkingDir, else `/` — the main process, `kubectl exec`, exec probes and hooks alike.
   */
  cwd: string;
  log: ContainerLog;
  process: StartedProcess;
  network: SandboxNetwork;
  /** What every process started in the container joins besides its cgroup and namespace. */
  surroundings: ContainerSurroundings;
  startedAt: number;
  /** The main process's stdin, for `kubectl attach -i` (only with `stdin: true` in the spec). */
  stdin?: PipeWriter;
  /** `stdinOnce`: the first attach session's end of input closes the stdin for good. */
  stdinOnce: boolean;
  tty: boolean;
  /** With `tty: true`: the terminal the main process runs on (its output is the log). */
  terminal?: PseudoTerminal;
  /** The file behind `terminationMessagePath`, read when the container exits. */
  terminationLog?: MemoryTree;
}

/**
 * The rest of a container's world for `host.start`: its parent on the node (the pod's shim),
 * its mount table (tmpfs where the volume is memory-backed) and its IPC namespace.
 */
export interface ContainerSurroundings {
  parent: SimProcess;
  /**
   * Who the container's processes run as (credentials.ts's `uid:gid:groups`): the main
   * process, `kubectl exec` sessions, probes and hooks alike, as runc's exec takes the
   * container's process user. Absent for the runtime's default, root.
   */
  user?: string;
  mounts: () => MountEntry[];
  ipcNamespace: IpcNamespace;
}

/** runc's refusal when argv[0] does not resolve: the container never ran (exit 128). */
export class StartContainerError extends Error {}

/**
 * containerd's refusal to create the container at all (the kubelet's CreateContainerError):
 * the spec could not be generated, e.g. the image's user is not in its /etc/passwd.
 */
export class CreateContainerError extends Error {}

export const containerID = () => randomBytes(32).toString('hex');

export class ContainerRuntime {
  private readonly images = new Map<string, ContainerImage>();

  constructor(
    private readonly host: ProcessHost,
    private readonly clock: { now(): Date },
    /** The node's own namespaces, which every sandbox nests in or shares. */
    readonly node: NodeNamespaces,
  ) {}

  /** Whether `reference` was pulled on this node (for IfNotPresent). */
  cached(reference: string): ContainerImage | undefined {
    return this.images.get(reference);
  }

  /** Pulls (resolves) `reference`; throws `ImageNotFoundError` with containerd's message. */
  pull(reference: string): ContainerImage {
    const image = pullImage(reference);
    this.images.set(reference, image);
    return image;
  }

  /**
   * Runs `argv` inside a running container (exec probes, lifecycle hooks): its cgroup, PID
   * namespace, filesystem, environment and working directory, as runc's exec does. Undefined
   * when argv[0] does not resolve there.
   */
  execIn(
    instance: ContainerInstance,
    argv: string[],
    stdout: OutputStream,
    stderr: OutputStream = stdout,
  ): StartedProcess | undefined {
    const program = this.host.resolve(instance.cgroup, instance.fs, { argv, env: instance.env });
    if (!program) return undefined;
    return this.host.start({
      argv,
      env: instance.env,
      cwd: instance.cwd,
      stdin: emptyInput,
      stdout,
      stderr,
      fs: instance.fs,
      namespace: instance.namespace,
      cgroup: instance.cgroup,
      network: instance.network,
      ...instance.surroundings,
      program,
    });
  }

  createSandbox(pod: KubeObject, network: SandboxNetwork): PodSandbox {
    return createSandbox({
      id: containerID(),
      pod,
      network,
      host: this.host,
      node: this.node,
      pauseImage: this.cached(PAUSE_IMAGE) ?? this.pull(PAUSE_IMAGE),
      clock: this.clock,
    });
  }

  /**
   * Creates and starts `container` of `pod`. `env` is the kubelet's list (already resolved);
   * throws `StartContainerError` when the command does not resolve in the image.
   */
  startContainer(options: {
    pod: KubeObject;
    container: Json;
    image: ContainerImage;
    env: [string, string][];
    volumes: ReadonlyMap<string, PodVolume>;
    sandbox: PodSandbox;
  }): ContainerInstance {
    const { container, image, sandbox } = options;
    const name = str(container.name);
    const hostname = sandbox.hostname;
    const env: Record<string, string> = {};
    const tty = container.tty === true;
    for (const entry of image.config.env) {
      const at = entry.indexOf('=');
      if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
      // containerd's WithTTY adds TERM=xterm after the default PATH; the image's may replace it.
      if (tty && entry.startsWith('PATH=') && env.TERM === undefined) env.TERM = 'xterm';
    }
    if (tty && env.TERM === undefined) env.TERM = 'xterm';
    // containerd sets HOSTNAME after the image's variables, the kubelet's come last.
    env.HOSTNAME = hostname;
    for (const [key, value] of options.env) env[key] = value;
    const lookup = (key: string) => options.env.find(([k]) => k === key)?.[1];
    const expand = (list: string[]) => list.map((arg) => expandReferences(arg, lookup));
    const command = strings(container.command);
    const args = strings(container.args);
    const argv = command
      ? [...expand(command), ...expand(args ?? [])]
      : [...image.config.entrypoint, ...(args ? expand(args) : image.config.cmd)];
    const user = containerUser(options.pod, container, image);
    // The cgroup first: memory-backed mounts charge what the container writes to it.
    const limitBytes = memoryLimitBytes(container);
    const cgroup = this.host.createCgroup(name, imageCatalogue(image, SHELLS), {
      ...(limitBytes !== undefined ? { limitBytes } : {}),
      parent: sandbox.memory,
    });
    sandbox.writeHosts();
    const mounts = containerVolumeMounts({
      container,
      volumes: options.volumes,
      sandbox,
      cgroup,
      clock: this.clock,
    });
    // A new message file per start: a restarted container does not see the last one's message.
    const messagePath = terminationMessagePath(container);
    const terminationLog =
      messagePath && !mounts.some((m) => m.path === messagePath)
        ? terminationLogMount(messagePath, this.clock)
        : undefined;
    if (terminationLog) mounts.push(terminationLog.mount);
    const namespace = sandbox.sharedNamespace ?? this.host.createNamespace(sandbox.parentNamespace);
    const fs = ContainerFileSystem.create({
      image: image.layer,
      upper: newContainerLayer(image.layer, { clock: this.clock }),
      mounts,
      // runc mounts a procfs of the container's PID namespace at /proc.
      pseudo: [
        { path: '/proc', root: procRoot({ namespace, clock: this.clock }), clock: this.clock },
      ],
    });
    const cwd = str(container.workingDir) || image.config.workingDir || '/';
    if (!fs.exists(cwd)) fs.mkdir(cwd, { recursive: true });
    const surroundings: ContainerSurroundings = {
      parent: sandbox.shim.process,
      mounts: () => containerMounts(fs, memoryBackedPaths(container, options.volumes)),
      ipcNamespace: sandbox.ipc,
      ...(user !== undefined ? { user } : {}),
    };
    const program = this.host.resolve(cgroup, fs, { argv, env });
    if (!program) {
      const first = argv[0] ?? '';
      const reason = first.includes('/')
        ? `exec: "${first}": stat ${first}: no such file or directory`
        : `exec: "${first}": executable file not found in $PATH`;
      throw new StartContainerError(
        `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${reason}: unknown`,
      );
    }
    const log = new ContainerLog(() => this.clock.now().getTime());
    // With `tty: true` all three fds are a terminal whose output the log records as stdout.
    const terminal = tty
      ? new PseudoTerminal({ write: (data) => log.append('stdout', data) })
      : undefined;
    // Without `stdin: true` the runtime gives the process /dev/null; with it, a pipe attach feeds.
    const pipe = !terminal && container.stdin === true ? createPipe() : undefined;
    const process = this.host.start({
      argv,
      env,
      cwd,
      stdin: terminal?.input ?? pipe?.reader ?? emptyInput,
      stdout: terminal?.output ?? callbackOutput((data) => log.append('stdout', data)),
      stderr: terminal?.output ?? callbackOutput((data) => log.append('stderr', data)),
      fs: fs.withCwd(cwd),
      namespace,
      cgroup,
      network: sandbox.network,
      ...surroundings,
      program,
    });
    terminal?.setSession(process.process);
    // On a terminal, what an attach types goes through its line discipline.
    const keyboard = terminal && container.stdin === true ? terminal.keyboard() : pipe?.writer;
    return {
      id: containerID(),
      name,
      image,
      fs,
      cgroup,
      namespace,
      env,
      cwd,
      log,
      process,
      network: sandbox.network,
      surroundings,
      startedAt: this.clock.now().getTime(),
      ...(keyboard ? { stdin: keyboard } : {}),
      stdinOnce: container.stdinOnce === true,
      tty,
      ...(terminal ? { terminal } : {}),
      ...(terminationLog ? { terminationLog: terminationLog.tree } : {}),
    };
  }
}

const record = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const integer = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;

/**
 * The user string of the container's processes (see image-user.ts), undefined for plain root;
 * throws CreateContainerError with containerd's message when a user name is not in the image.
 */
function containerUser(
  pod: KubeObject,
  container: Json,
  image: ContainerImage,
): string | undefined {
  const podContext = record(record(pod.spec).securityContext);
  const own = record(container.securityContext);
  const runAsUser = integer(own.runAsUser) ?? integer(podContext.runAsUser);
  const runAsGroup = integer(own.runAsGroup) ?? integer(podContext.runAsGroup);
  const fsGroup = integer(podContext.fsGroup);
  const supplemental = Array.isArray(podContext.supplementalGroups)
    ? podContext.supplementalGroups.filter((g): g is number => integer(g) !== undefined)
    : [];
  const extra = [...(fsGroup !== undefined ? [fsGroup] : []), ...supplemental];
  if (
    image.config.user === '' &&
    runAsUser === undefined &&
    runAsGroup === undefined &&
    extra.length === 0
  ) {
    return undefined;
  }
  try {
    const credentials = resolveImageUser({
      imageUser: image.config.user,
      ...(runAsUser !== undefined ? { runAsUser } : {}),
      ...(runAsGroup !== undefined ? { runAsGroup } : {}),
      supplementalGroups: extra,
      passwd: layerText(image.layer, '/etc/passwd'),
      group: layerText(image.layer, '/etc/group'),
    });
    return formatCredentials(credentials);
  } catch (error) {
    if (!(error instanceof NoSuchUserError)) throw error;
    // containerd reads /etc/passwd through a read-only temporary mount of the snapshot.
    const mount = `/var/lib/containerd/tmpmounts/containerd-mount${randomBytes(4).readUInt32BE()}`;
    throw new CreateContainerError(
      `failed to create containerd container: mount callback failed on ${mount}: ${error.message}`,
    );
  }
}
