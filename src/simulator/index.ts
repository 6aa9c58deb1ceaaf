import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ApiServer, tokenMatches } from './apiserver/api-server.js';
import { podSubresources } from './apiserver/pod-subresources/index.js';
import { podStreamUpgrade } from './apiserver/pod-subresources/upgrade.js';
import { Registry } from './apiserver/registry/registry.js';
import { ClusterRoleAggregator } from './auth/role-aggregation.js';
import { useSigningKey } from './auth/service-account-tokens.js';
import { loadOrCreateSigningKey } from './auth/signing-key.js';
import { bootstrapCluster } from './bootstrap.js';
import { SimClock } from './clock.js';
import { ClockPersistence, restoreClockOffset } from './clock-persistence.js';
import { type ClusterShape, KIND_CLUSTER } from './cluster-shape.js';
import { ControllerManager } from './controllers/controller-manager.js';
import { NamespaceController } from './controllers/namespace-controller.js';
import { writeKubeconfig } from './kubeconfig.js';
import { ServiceProxy } from './network/service-proxy.js';
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
  /**
   * A clock the caller owns (tests pin one). Without it the simulator makes its own, continuing
   * the offset kept in the state directory (clock-persistence.ts), and keeps that up to date.
   */
  clock?: SimClock;
  /**
   * Timestamps in API responses shown in host time, and times sent by clients taken back
   * (apiserver/time-view.ts): what `sim serve` turns on, so that kubectl's client-side ages
   * stay right after `sim advance`. Off (the default), clients see the stored simulated times.
   */
  hostTimeView?: boolean;
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
  const storage = await openStorage(join(stateDir, 'store'));
  try {
    const clock =
      options.clock ??
      new SimClock({
        speed: options.speed ?? 1,
        offsetMs: await restoreClockOffset(stateDir, storage),
      });
    const clockFile = options.clock
      ? undefined
      : new ClockPersistence(stateDir, clock, (error) =>
          console.error('pod-course simulator:', error),
        );
    const [certificate, token, signingKey] = await Promise.all([
      loadOrCreateCertificate(stateDir),
      loadOrCreateToken(stateDir),
      loadOrCreateSigningKey(stateDir),
    ]);
    const registry = new Registry(storage, () => clock.now());
    // ServiceAccount tokens stay valid across restarts: the key lives in the state directory.
    useSigningKey(registry.storage, signingKey);
    const shape = options.clusterShape ?? KIND_CLUSTER;
    await bootstrapCluster(registry, clock.now(), shape);
    const namespaces = new NamespaceController(registry, certificate.caPem);
    namespaces.start();
    // Every namespace has its default ServiceAccount before the first client can create a pod.
    await namespaces.idle();
    // Deployments, ReplicaSets and garbage collection run whether or not pods do.
    const controllers = new ControllerManager(registry, { clock });
    controllers.start();
    const removeControllerSettler = clock.addSettler(() => controllers.idle());
    const aggregator = new ClusterRoleAggregator(registry, (error) =>
      console.error('pod-course simulator:', error),
    );
    aggregator.start();
    const pods =
      options.runPods === false
        ? undefined
        : await startPodRunning(registry, clock, shape, join(stateDir, 'nodes'));
    const server = new ApiServer({
      registry,
      certPem: certificate.certPem,
      keyPem: certificate.keyPem,
      authenticate: (presented) => tokenMatches(token, presented),
      subresources: podSubresources(pods?.kubelets.streams),
      upgrade: podStreamUpgrade(registry, pods?.kubelets.streams),
      now: () => clock.now(),
      clock,
      ...(options.hostTimeView ? { hostTimeView: true } : {}),
    });
    if (pods) {
      // Pods reach the API through the `kubernetes` Service, and each other's Services by name.
      const network = pods.kubelets.network;
      network.services = new ServiceProxy({
        storage: registry.storage,
        podByIP: (ip) => network.byIP(ip),
        apiServer: server.inClusterEndpoint(),
      });
    }
    let port: number;
    try {
      port = await server.listen(options.port ?? 0);
    } catch (error) {
      namespaces.stop();
      controllers.stop();
      aggregator.stop();
      await pods?.stop();
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new StartError('port-in-use', `port ${options.port} is already in use`);
      }
      throw error;
    }
    const url = `https://127.0.0.1:${port}`;
    const kubeconfigPath = options.kubeconfigPath ?? join(stateDir, 'kubeconfig');
    try {
      await writeKubeconfig(kubeconfigPath, { server: url, caPem: certificate.caPem, token });
    } catch (error) {
      namespaces.stop();
      controllers.stop();
      aggregator.stop();
      await pods?.stop();
      await server.close();
      throw error;
    }
    clockFile?.start();
    return {
      url,
      port,
      kubeconfigPath,
      token,
      caPem: certificate.caPem,
      registry,
      clock,
      async stop() {
        // The offset is kept before the clock stops: a restart continues from it.
        await clockFile?.stop();
        clock.stop();
        removeControllerSettler();
        namespaces.stop();
        controllers.stop();
        aggregator.stop();
        await pods?.stop();
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
async function startPodRunning(
  registry: Registry,
  clock: SimClock,
  shape: ClusterShape,
  disksDir: string,
) {
  const [{ EventRecorder }, { Scheduler }, { KubeletGroup }, { NodeDisks }] = await Promise.all([
    import('./events/event-recorder.js'),
    import('./scheduler/scheduler.js'),
    import('./kubelet/kubelet-group.js'),
    import('./kubelet/node-disks.js'),
  ]);
  // The nodes' disks persist with the state, as a real node's disk survives its reboots.
  const disks = await NodeDisks.open(
    disksDir,
    shape.nodes.map((node) => node.name),
    clock,
  );
  const onError = (error: unknown) => console.error('pod-course simulator:', error);
  const recorder = new EventRecorder(registry, { clock, onError });
  const scheduler = new Scheduler(registry, { clock, onError });
  const kubelets = new KubeletGroup(registry, {
    clock,
    recorder,
    onError,
    nodes: shape.nodes,
    nodeTree: (name) => disks.tree(name),
  });
  scheduler.start();
  kubelets.start();
  // A fast-forward lets each timer's consequences land before the next timer fires.
  const removeSettler = clock.addSettler(async () => {
    await scheduler.idle();
    await kubelets.idle();
    await recorder.idle();
  });
  return {
    kubelets,
    /**
     * Stops the components, then the recorder: what they recorded and was not written yet is
     * dropped, and a write under way finishes, all before the store closes.
     */
    async stop() {
      removeSettler();
      kubelets.stop();
      scheduler.stop();
      recorder.stop();
      await Promise.all([recorder.idle(), disks.close()]);
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
