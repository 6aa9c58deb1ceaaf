/**
 * The node's container runtime (containerd through the CRI, as far as the kubelet sees it):
 * an image store, pod sandboxes (pause + network + pod files) and containers — a writable
 * layer over the image, the volume mounts, a cgroup with the image's programs, and the main
 * process started from the image's entrypoint/cmd as overridden by `command`/`args`.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../kube-object.js';
import { ContainerFileSystem, type VolumeMount } from '../runtime/fs/container-file-system.js';
import { newContainerLayer } from '../runtime/fs/image-layer.js';
import { MemoryTree } from '../runtime/fs/memory-tree.js';
import type { ContainerImage } from '../runtime/images/container-image.js';
import { pullImage } from '../runtime/images/image-registry.js';
import type { Cgroup } from '../runtime/process/cgroup.js';
import type { OutputStream } from '../runtime/process/contracts.js';
import type { PidNamespace } from '../runtime/process/pid-namespace.js';
import { createPipe, type PipeWriter } from '../runtime/process/pipe.js';
import type { ProcessHost, StartedProcess } from '../runtime/process/process-host.js';
import { callbackOutput, emptyInput } from '../runtime/process/streams.js';
import { imageCatalogue } from '../runtime/programs/catalogue.js';
import { shellProgram } from '../runtime/shell/sh-program.js';
import { ContainerLog } from './container-log.js';
import { expandReferences } from './env-resolution.js';
import { hostsFile, podHostname, resolvConf } from './pod-files.js';
import type { PodSandboxNetwork } from './pod-network.js';
import { terminationLogMount, terminationMessagePath } from './termination-message.js';
import type { PodVolume } from './volume-setup.js';

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.map((v) => String(v)) : undefined;

export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

const SHELLS = { ash: shellProgram('ash'), dash: shellProgram('dash') };

/** A sandbox: the pod's network, its PID namespace when shared, and the kubelet's pod files. */
export interface PodSandbox {
  id: string;
  network: PodSandboxNetwork;
  /** The pod-wide namespace (`shareProcessNamespace`), pause being its PID 1. */
  sharedNamespace?: PidNamespace;
  /** `/hosts`, `/hostname`, `/resolv.conf`, bind-mounted into each container. */
  files: MemoryTree;
  pause: StartedProcess;
}

/** One container instance: what `containerd://<id>` names. */
export interface ContainerInstance {
  id: string;
  name: string;
  image: ContainerImage;
  fs: ContainerFileSystem;
  cgroup: Cgroup;
  namespace: PidNamespace;
  env: Record<string, string>;
  log: ContainerLog;
  process: StartedProcess;
  network: PodSandboxNetwork;
  startedAt: number;
  /** The main process's stdin, for `kubectl attach -i` (only with `stdin: true` in the spec). */
  stdin?: PipeWriter;
  /** `stdinOnce`: the first attach session's end of input closes the stdin for good. */
  stdinOnce: boolean;
  tty: boolean;
  /** The file behind `terminationMessagePath`, read when the container exits. */
  terminationLog?: MemoryTree;
}

/** runc's refusal when argv[0] does not resolve: the container never ran (exit 128). */
export class StartContainerError extends Error {}

export const containerID = () => randomBytes(32).toString('hex');

export class ContainerRuntime {
  private readonly images = new Map<string, ContainerImage>();

  constructor(
    private readonly host: ProcessHost,
    private readonly clock: { now(): Date },
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
   * namespace, filesystem and environment. Undefined when argv[0] does not resolve there.
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
      cwd: '/',
      stdin: emptyInput,
      stdout,
      stderr,
      fs: instance.fs,
      namespace: instance.namespace,
      cgroup: instance.cgroup,
      network: instance.network,
      program,
    });
  }

  createSandbox(pod: KubeObject, network: PodSandboxNetwork): PodSandbox {
    const files = new MemoryTree({ clock: this.clock });
    const fs = ContainerFileSystem.create({ upper: files });
    const { hostname } = podHostname(pod);
    fs.writeFile('/hosts', hostsFile(pod, [network.podIP]));
    fs.writeFile('/hostname', `${hostname}\n`);
    fs.writeFile('/resolv.conf', resolvConf(pod));
    const shared = asRecord(pod.spec).shareProcessNamespace === true;
    const namespace = this.host.createNamespace();
    const pauseImage = this.cached(PAUSE_IMAGE) ?? this.pull(PAUSE_IMAGE);
    const cgroup = this.host.createCgroup('pause', imageCatalogue(pauseImage));
    const pause = this.host.start({
      argv: ['/pause'],
      env: {},
      cwd: '/',
      stdin: emptyInput,
      stdout: callbackOutput(() => {}),
      stderr: callbackOutput(() => {}),
      fs: ContainerFileSystem.create({
        image: pauseImage.layer,
        upper: newContainerLayer(pauseImage.layer, { clock: this.clock }),
      }),
      namespace,
      cgroup,
      network,
      // pod-facts §6 shows `1 root 0:00 /pause` in a shared PID namespace (the docs' example).
      user: 'root',
    });
    return {
      id: containerID(),
      network,
      ...(shared ? { sharedNamespace: namespace } : {}),
      files,
      pause,
    };
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
    const { pod, container, image, sandbox } = options;
    const name = str(container.name);
    const { hostname } = podHostname(pod);
    const env: Record<string, string> = {};
    for (const entry of image.config.env) {
      const at = entry.indexOf('=');
      if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
    }
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
    const mounts = this.mounts(container, options.volumes, sandbox);
    // A new message file per start: a restarted container does not see the last one's message.
    const messagePath = terminationMessagePath(container);
    const terminationLog =
      messagePath && !mounts.some((m) => m.path === messagePath)
        ? terminationLogMount(messagePath, this.clock)
        : undefined;
    if (terminationLog) mounts.push(terminationLog.mount);
    const fs = ContainerFileSystem.create({
      image: image.layer,
      upper: newContainerLayer(image.layer, { clock: this.clock }),
      mounts,
    });
    const cwd = str(container.workingDir) || image.config.workingDir || '/';
    if (!fs.exists(cwd)) fs.mkdir(cwd, { recursive: true });
    const cgroup = this.host.createCgroup(name, imageCatalogue(image, SHELLS));
    const namespace = sandbox.sharedNamespace ?? this.host.createNamespace();
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
    // Without `stdin: true` the runtime gives the process /dev/null; with it, a pipe attach feeds.
    const pipe = container.stdin === true ? createPipe() : undefined;
    const tty = container.tty === true;
    const process = this.host.start({
      argv,
      env,
      cwd,
      stdin: pipe?.reader ?? emptyInput,
      stdout: callbackOutput((data) => log.append('stdout', data), { isTerminal: tty }),
      stderr: callbackOutput((data) => log.append('stderr', data), { isTerminal: tty }),
      fs: fs.withCwd(cwd),
      namespace,
      cgroup,
      network: sandbox.network,
      program,
    });
    return {
      id: containerID(),
      name,
      image,
      fs,
      cgroup,
      namespace,
      env,
      log,
      process,
      network: sandbox.network,
      startedAt: this.clock.now().getTime(),
      ...(pipe ? { stdin: pipe.writer } : {}),
      stdinOnce: container.stdinOnce === true,
      tty,
      ...(terminationLog ? { terminationLog: terminationLog.tree } : {}),
    };
  }

  private mounts(
    container: Json,
    volumes: ReadonlyMap<string, PodVolume>,
    sandbox: PodSandbox,
  ): VolumeMount[] {
    const mounts: VolumeMount[] = [];
    const taken = new Set<string>();
    for (const mount of asList(container.volumeMounts)) {
      const volume = volumes.get(str(mount.name));
      if (!volume) continue;
      const path = str(mount.mountPath);
      taken.add(path);
      const sub = str(mount.subPath);
      const base = volume.source ?? '/';
      const source = sub ? `${base.replace(/\/$/, '')}/${sub}` : volume.source;
      if (sub) ensureSubPath(volume, source ?? '/');
      mounts.push({
        path,
        tree: volume.tree,
        ...(source !== undefined ? { source } : {}),
        readOnly: mount.readOnly === true || volume.readOnly,
      });
    }
    for (const [file, path] of [
      ['/hosts', '/etc/hosts'],
      ['/hostname', '/etc/hostname'],
      ['/resolv.conf', '/etc/resolv.conf'],
    ] as const) {
      if (!taken.has(path)) mounts.push({ path, tree: sandbox.files, source: file });
    }
    return mounts;
  }
}

/** The kubelet creates a missing subPath as a directory before the bind mount. */
function ensureSubPath(volume: PodVolume, path: string) {
  if (volume.readOnly) return;
  const fs = ContainerFileSystem.create({ upper: volume.tree });
  if (!fs.exists(path)) fs.mkdir(path, { recursive: true, mode: 0o755 });
}
