import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ApiServer, tokenMatches } from './apiserver/api-server.js';
import { podSubresources } from './apiserver/pod-subresources/index.js';
import { podStreamUpgrade } from './apiserver/pod-subresources/upgrade.js';
import { Registry } from './apiserver/registry/registry.js';
import { bootstrapCluster } from './bootstrap.js';
import { SimClock } from './clock.js';
import { type ClusterShape, KIND_CLUSTER } from './cluster-shape.js';
import { NamespaceController } from './controllers/namespace-controller.js';
import { writeKubeconfig } from './kubeconfig.js';
import { StartError } from './start-error.js';
import { StateError, Store, StoreLockedError } from './store/index.js';
import { loadOrCreateCertificate } from './tls/certificate.js';

export interface SimulatorOptions {
  /** Where objects, the certificate and the token live; created if missing. */
  stateDir: string;
  /** 0 picks a free port. */
  port?: number;
  kubeconfigPath?: string;
  speed?: number;
  clock?: SimClock;
  /**
   * Runs pods (the default): starts the scheduler and one kubelet per node, whose containers
   * run as simulated processes. `false` leaves the bare API server, where pods stay Pending;
   * only tests of the API server alone want that.
   */
  runPods?: boolean;
  /**
   * The nodes (default: kind's control plane and two workers). Bootstrap only adds missing
   * nodes: a state directory keeps the nodes it already has.
   */
  clusterShape?: ClusterShape;
}

export interface RunningSimulator {
  url: string;
  port: number;
  kubeconfigPath: string;
  token: string;
  caPem: string;
  registry: Registry;
  clock: SimClock;
  stop(): Promise<void>;
}

const TOKEN_FILE = 'token';

/**
 * Starts the simulated cluster: the durable store, the cluster's fixed objects, the
 * controllers, and the HTTPS API server on 127.0.0.1; then writes the kubeconfig that reaches
 * it. Nothing here loads @kubernetes/client-node: start-up stays fast.
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const { stateDir } = options;
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const clock = options.clock ?? new SimClock({ speed: options.speed ?? 1 });
  const storage = await openStorage(join(stateDir, 'store'));
  try {
    const [certificate, token] = await Promise.all([
      loadOrCreateCertificate(stateDir),
      loadOrCreateToken(stateDir),
    ]);
    const registry = new Registry(storage, () => clock.now());
    const shape = options.clusterShape ?? KIND_CLUSTER;
    await bootstrapCluster(registry, clock.now(), shape);
    const namespaces = new NamespaceController(registry, certificate.certPem);
    namespaces.start();
    // Every namespace has its default ServiceAccount before the first client can create a pod.
    await namespaces.idle();
    const pods =
      options.runPods === false ? undefined : await startPodRunning(registry, clock, shape);
    const server = new ApiServer({
      registry,
      certPem: certificate.certPem,
      keyPem: certificate.keyPem,
      authenticate: (presented) => tokenMatches(token, presented),
      subresources: podSubresources(pods?.kubelets.streams),
      upgrade: podStreamUpgrade(registry, pods?.kubelets.streams),
      now: () => clock.now(),
      clock,
    });
    let port: number;
    try {
      port = await server.listen(options.port ?? 0);
    } catch (error) {
      namespaces.stop();
      pods?.stop();
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new StartError('port-in-use', `port ${options.port} is already in use`);
      }
      throw error;
    }
    const url = `https://127.0.0.1:${port}`;
    const kubeconfigPath = options.kubeconfigPath ?? join(stateDir, 'kubeconfig');
    try {
      await writeKubeconfig(kubeconfigPath, { server: url, caPem: certificate.certPem, token });
    } catch (error) {
      namespaces.stop();
      pods?.stop();
      await server.close();
      throw error;
    }
    return {
      url,
      port,
      kubeconfigPath,
      token,
      caPem: certificate.certPem,
      registry,
      clock,
      async stop() {
        clock.stop();
        namespaces.stop();
        pods?.stop();
        await server.close();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}

/**
 * The scheduler and the kubelets: what makes pods run. Loaded on demand, so a bare API server
 * (`runPods: false`) starts without loading the container runtime.
 */
async function startPodRunning(registry: Registry, clock: SimClock, shape: ClusterShape) {
  const [{ EventRecorder }, { Scheduler }, { KubeletGroup }] = await Promise.all([
    import('./events/event-recorder.js'),
    import('./scheduler/scheduler.js'),
    import('./kubelet/kubelet-group.js'),
  ]);
  const onError = (error: unknown) => console.error('pod-course simulator:', error);
  const recorder = new EventRecorder(registry, { clock, onError });
  const scheduler = new Scheduler(registry, { clock, onError });
  const kubelets = new KubeletGroup(registry, { clock, recorder, onError, nodes: shape.nodes });
  scheduler.start();
  kubelets.start();
  return {
    kubelets,
    stop() {
      kubelets.stop();
      scheduler.stop();
      recorder.stop();
    },
  };
}

/** Opens the durable store, turning a refused state directory into an explainable StartError. */
async function openStorage(dir: string): Promise<Store> {
  try {
    return await Store.open(dir);
  } catch (error) {
    if (error instanceof StoreLockedError) throw new StartError('locked', error.message);
    if (error instanceof StateError) throw new StartError('state', error.message);
    throw error;
  }
}

/** The bearer token survives restarts, so kubeconfigs copied elsewhere keep working. */
async function loadOrCreateToken(stateDir: string) {
  const path = join(stateDir, TOKEN_FILE);
  try {
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length >= 32) return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  await writeFileAtomic(path, `${token}\n`, 0o600);
  return token;
}
