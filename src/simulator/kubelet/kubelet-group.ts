/**
 * The kubelets of the simulated cluster: one per node of its shape (`cluster-shape.ts`),
 * sharing the process host (one CPU scheduler for every container) and the flat pod network,
 * and the `NodeStreams` the API server calls for logs, exec and attach.
 */
import type { Registry } from '../apiserver/registry/registry.js';
import { NODES, type NodeShape } from '../cluster-shape.js';
import type { EventRecorder } from '../events/event-recorder.js';
import type { MemoryTree } from '../runtime/fs/memory-tree.js';
import { ProcessHost } from '../runtime/process/process-host.js';
import { Kubelet } from './kubelet.js';
import type { KubeletClock } from './kubelet-context.js';
import { KubeletStreams } from './node-streams.js';
import { ClusterNetwork } from './pod-network.js';

export interface KubeletGroupOptions {
  clock: KubeletClock;
  recorder: EventRecorder;
  onError?: (error: unknown) => void;
  /** The cluster's nodes, one kubelet each; kind's three by default. */
  nodes?: readonly NodeShape[];
  /** Each node's saved disk (`NodeDisks`); fresh disks without it. */
  nodeTree?: (nodeName: string) => MemoryTree | undefined;
}

export class KubeletGroup {
  readonly host: ProcessHost;
  readonly network = new ClusterNetwork();
  readonly streams: KubeletStreams;
  private readonly kubelets = new Map<string, Kubelet>();

  constructor(registry: Registry, options: KubeletGroupOptions) {
    this.host = new ProcessHost({ clock: options.clock });
    const nodes = options.nodes ?? NODES;
    const peers = nodes.map(({ internalIP, podCIDR }) => ({ internalIP, podCIDR }));
    for (const node of nodes) {
      const nodeTree = options.nodeTree?.(node.name);
      this.kubelets.set(
        node.name,
        new Kubelet(registry, {
          nodeName: node.name,
          hostIP: node.internalIP,
          podCIDR: node.podCIDR,
          clock: options.clock,
          host: this.host,
          network: this.network,
          peers,
          recorder: options.recorder,
          ...(nodeTree ? { nodeTree } : {}),
          ...(options.onError ? { onError: options.onError } : {}),
        }),
      );
    }
    this.streams = new KubeletStreams((name) => this.kubelets.get(name), this.host);
  }

  kubelet(nodeName: string): Kubelet | undefined {
    return this.kubelets.get(nodeName);
  }

  start(): void {
    for (const kubelet of this.kubelets.values()) kubelet.start();
  }

  stop(): void {
    for (const kubelet of this.kubelets.values()) kubelet.stop();
  }

  async idle(): Promise<void> {
    await Promise.all([...this.kubelets.values()].map((k) => k.idle()));
  }
}
