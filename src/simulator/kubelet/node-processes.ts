/**
 * A node's process tree, as `ps`/`pstree` show it in a kind node (and in a `hostPID` pod on
 * it): systemd as PID 1 (`/sbin/init`), journald, containerd and the kubelet as its services,
 * and per pod sandbox a `containerd-shim-runc-v2`, which daemonizes under PID 1 and is the
 * parent of the sandbox's `/pause` and of every container process — and, being a subreaper,
 * of their orphans. Pods that do not share the node's PID namespace get namespaces nested in
 * this one, so their processes have node pids too: the node sees everything, they see
 * themselves. The Go daemons show their threads (`{containerd}`) as busybox pstree does.
 */
import { CLUSTER_NAME } from '../cluster-shape.js';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import type { MemoryTree } from '../runtime/fs/memory-tree.js';
import type { Cgroup } from '../runtime/process/cgroup.js';
import type { CommandCatalogue, Program } from '../runtime/process/contracts.js';
import type { PidNamespace } from '../runtime/process/pid-namespace.js';
import type { ProcessHost, StartedProcess } from '../runtime/process/process-host.js';
import { waitForAbort } from '../runtime/process/sim-clock.js';
import type { SimProcess } from '../runtime/process/sim-process.js';
import { emptyInput, nullOutput } from '../runtime/process/streams.js';

/** The node runs no image: nothing resolves by name in its services' cgroups. */
const NO_PROGRAMS: CommandCatalogue = { resolve: () => undefined };

/** A service or shim: it sleeps until it is killed, as an idle daemon does. */
const idle: Program = async (context) => {
  await waitForAbort(context.signals.killed);
  return 0;
};

interface Service {
  unit: string;
  argv: string[];
  /** Go daemons run a dozen threads. */
  threads: number;
  /** systemd's RestartSec for `Restart=always`. */
  restartMs: number;
  /** Pids the boot used up before it (other units, short-lived helpers). */
  pidsBefore: number;
}

export interface NodeProcessesOptions {
  nodeName: string;
  hostIP: string;
  host: ProcessHost;
  /** The node's own disk: the daemons' filesystem. */
  nodeTree: MemoryTree;
}

export class NodeProcesses {
  /** The node's PID namespace: every pod's namespace nests in it; hostPID pods use it. */
  readonly namespace: PidNamespace;
  private readonly host: ProcessHost;
  private readonly fs: ContainerFileSystem;
  private readonly init: StartedProcess;
  private readonly stopping = new AbortController();
  private readonly services = new Map<string, StartedProcess>();

  constructor(options: NodeProcessesOptions) {
    this.host = options.host;
    this.namespace = options.host.createNamespace();
    this.fs = ContainerFileSystem.create({ upper: options.nodeTree });
    this.init = this.start('init.scope', ['/sbin/init'], undefined);
    // systemd names itself so: `ps` shows /sbin/init, pstree and top's comm show systemd.
    this.init.process.comm = 'systemd';
    for (const service of services(options.nodeName, options.hostIP)) this.supervise(service);
  }

  /** containerd's shim for a new sandbox: `-id` is the sandbox's id. */
  startShim(sandboxId: string): StartedProcess {
    const shim = this.start(
      `kubepods/${sandboxId.slice(0, 12)}`,
      [
        '/usr/local/bin/containerd-shim-runc-v2',
        '-namespace',
        'k8s.io',
        '-id',
        sandboxId,
        '-address',
        '/run/containerd/containerd.sock',
      ],
      this.init.process,
    );
    shim.process.subreaper = true;
    shim.process.addThreads(10);
    return shim;
  }

  /** The node shuts down (simulator stop): every process of it goes. */
  stop(): void {
    this.stopping.abort();
    for (const service of this.services.values()) service.kill('SIGKILL');
    this.init.kill('SIGKILL');
  }

  private start(unit: string, argv: string[], parent: SimProcess | undefined): StartedProcess {
    return this.host.start({
      argv,
      env: {},
      cwd: '/',
      stdin: emptyInput,
      stdout: nullOutput,
      stderr: nullOutput,
      fs: this.fs,
      namespace: this.namespace,
      cgroup: this.cgroup(unit),
      ...(parent ? { parent } : {}),
      program: idle,
    });
  }

  private cgroup(unit: string): Cgroup {
    return this.host.createCgroup(unit, NO_PROGRAMS);
  }

  /** Starts a unit and, as `Restart=always` says, starts it again after it dies. */
  private supervise(service: Service, restart = false): void {
    if (!restart) this.namespace.reserve(service.pidsBefore);
    const started = this.start(service.unit, service.argv, this.init.process);
    started.process.addThreads(service.threads);
    this.services.set(service.unit, started);
    void started.exit.then(async () => {
      if (this.stopping.signal.aborted) return;
      try {
        await this.host.clock.sleep(service.restartMs, this.stopping.signal);
      } catch {
        return;
      }
      this.supervise(service, true);
    });
  }
}

/** A kind node's services, with the command lines its unit files and kubeadm flags give. */
function services(nodeName: string, hostIP: string): Service[] {
  return [
    {
      unit: 'system.slice/systemd-journald.service',
      argv: ['/lib/systemd/systemd-journald'],
      threads: 0,
      restartMs: 0,
      pidsBefore: 86,
    },
    {
      unit: 'system.slice/containerd.service',
      argv: ['/usr/local/bin/containerd'],
      threads: 11,
      restartMs: 5000,
      pidsBefore: 12,
    },
    {
      unit: 'system.slice/kubelet.service',
      argv: [
        '/usr/bin/kubelet',
        '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
        '--kubeconfig=/etc/kubernetes/kubelet.conf',
        '--config=/var/lib/kubelet/config.yaml',
        '--container-runtime-endpoint=unix:///run/containerd/containerd.sock',
        `--node-ip=${hostIP}`,
        '--node-labels=',
        `--provider-id=kind://docker/${CLUSTER_NAME}/${nodeName}`,
        '--runtime-cgroups=/system.slice/containerd.service',
      ],
      threads: 13,
      restartMs: 1000,
      pidsBefore: 70,
    },
  ];
}
