/**
 * A cluster for kubelet tests: the real registry over an in-memory store on a manual clock,
 * the scheduler, and one kubelet per node sharing a process host and pod network.
 */
import { PassThrough } from 'node:stream';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { EventRecorder } from '../events/event-recorder.js';
import { type MemoryCluster, memoryCluster, PODS } from '../events/memory-cluster.test-support.js';
import type { KubeObject } from '../kube-object.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { KubeletGroup } from './kubelet-group.js';

/** A stored pod as tests read it: deep status fields without a cast at every step. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary status fields
export type LoosePod = KubeObject & { spec: { nodeName?: string }; status: Record<string, any> };

const CONFIGMAPS = findResource('', 'v1', 'configmaps') as ResourceInfo;

export interface KubeletCluster extends MemoryCluster {
  kubelets: KubeletGroup;
  scheduler: Scheduler;
  errors: unknown[];
  /** Moves simulated time on and lets everything settle. */
  advance(ms: number): Promise<void>;
  settle(): Promise<void>;
  pod(name: string): LoosePod;
  run(spec: Record<string, unknown>, name?: string, meta?: Record<string, unknown>): Promise<void>;
  stop(): void;
}

export async function kubeletCluster(): Promise<KubeletCluster> {
  const cluster = await memoryCluster();
  // The namespace controller's ConfigMap, which every pod's kube-api-access volume projects.
  await cluster.registry.create(CONFIGMAPS, 'default', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-root-ca.crt' },
    data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nsimulated\n-----END CERTIFICATE-----\n' },
  });
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  const recorder = new EventRecorder(cluster.registry, { clock: cluster.clock, onError });
  const scheduler = new Scheduler(cluster.registry, { clock: cluster.clock, onError });
  const kubelets = new KubeletGroup(cluster.registry, { clock: cluster.clock, recorder, onError });
  scheduler.start();
  kubelets.start();
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await scheduler.idle();
      await kubelets.idle();
      await recorder.idle();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return {
    ...cluster,
    kubelets,
    scheduler,
    errors,
    settle,
    async advance(ms) {
      await settle();
      await cluster.clock.advance(ms);
      await settle();
    },
    pod: (name) => cluster.registry.storage.get('pods', 'default', name) as LoosePod,
    async run(spec, name = 'p', meta = {}) {
      await cluster.registry.create(PODS, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, ...meta },
        spec,
      });
      await settle();
    },
    stop() {
      kubelets.stop();
      scheduler.stop();
      recorder.stop();
      cluster.clock.stop();
    },
  };
}

/** `kubectl exec name -c container -- argv…` through the kubelets' NodeStreams. */
export async function execInPod(
  c: KubeletCluster,
  name: string,
  container: string,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const pod = c.pod(name);
  const target = {
    namespace: 'default',
    podName: name,
    podUID: pod.metadata.uid ?? '',
    container,
    nodeName: pod.spec?.nodeName as string,
    pod,
  };
  const session = await c.kubelets.streams.exec(target, argv, {
    stdin: false,
    stdout: true,
    stderr: true,
    tty: false,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const end = await session.run({
    stdin: null,
    stdout,
    stderr,
    resize: null,
    signal: new AbortController().signal,
  });
  return {
    code: end.exitCode,
    stdout: Buffer.concat(out).toString(),
    stderr: Buffer.concat(err).toString(),
  };
}
