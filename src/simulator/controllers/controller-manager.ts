import type { Registry } from '../apiserver/registry/registry.js';
import { EventRecorder } from '../events/event-recorder.js';
import type { TimerClock } from '../events/timer-clock.js';
import type { ControllerContext } from './controller-context.js';
import { DeploymentController } from './deployment-controller.js';
import { EndpointsController } from './endpoints-controller.js';
import { EndpointSliceController } from './endpointslice-controller.js';
import { GarbageCollector } from './garbage-collector.js';
import { KubernetesEndpoints } from './kubernetes-endpoints.js';
import { PodGarbageCollector } from './pod-gc.js';
import { ReplicaSetController } from './replicaset-controller.js';

export interface ControllerManagerOptions {
  clock: TimerClock;
  onError?: (error: unknown) => void;
}

/**
 * The part of kube-controller-manager the simulator runs: the Deployment and ReplicaSet
 * controllers, the endpoints and EndpointSlice controllers, the garbage collector and the pod
 * garbage collector, sharing one event recorder — plus kube-apiserver's reconciler of the
 * `kubernetes` Service's endpoints, a loop of the same kind. They run whether or not pods run
 * (without kubelets a ReplicaSet's pods simply stay Pending, and no pod is an endpoint).
 */
export class ControllerManager {
  readonly deployments: DeploymentController;
  readonly replicaSets: ReplicaSetController;
  readonly garbageCollector: GarbageCollector;
  readonly podGarbageCollector: PodGarbageCollector;
  readonly endpoints: EndpointsController;
  readonly endpointSlices: EndpointSliceController;
  readonly kubernetesEndpoints: KubernetesEndpoints;
  private readonly recorder: EventRecorder;

  constructor(registry: Registry, options: ControllerManagerOptions) {
    const onError =
      options.onError ?? ((error: unknown) => console.error('pod-course simulator:', error));
    this.recorder = new EventRecorder(registry, { clock: options.clock, onError });
    const context: ControllerContext = {
      registry,
      clock: options.clock,
      recorder: this.recorder,
      onError,
    };
    this.deployments = new DeploymentController(context);
    this.replicaSets = new ReplicaSetController(context);
    this.garbageCollector = new GarbageCollector(context);
    this.podGarbageCollector = new PodGarbageCollector(context);
    this.endpoints = new EndpointsController(context);
    this.endpointSlices = new EndpointSliceController(context);
    this.kubernetesEndpoints = new KubernetesEndpoints(context);
  }

  start() {
    this.garbageCollector.start();
    this.replicaSets.start();
    this.deployments.start();
    this.podGarbageCollector.start();
    this.endpoints.start();
    this.endpointSlices.start();
    this.kubernetesEndpoints.start();
  }

  stop() {
    this.kubernetesEndpoints.stop();
    this.endpointSlices.stop();
    this.endpoints.stop();
    this.podGarbageCollector.stop();
    this.deployments.stop();
    this.replicaSets.stop();
    this.garbageCollector.stop();
    this.recorder.stop();
  }

  /** Resolves once every controller has worked through what is queued (tests). */
  async idle() {
    const controllers = [
      this.garbageCollector,
      this.deployments,
      this.replicaSets,
      this.endpoints,
      this.endpointSlices,
    ];
    // One controller's writes queue work for another: done when a whole pass finds none.
    do {
      for (const controller of controllers) await controller.idle();
      await this.podGarbageCollector.idle();
      await this.kubernetesEndpoints.idle();
      await this.recorder.idle();
    } while (controllers.some((controller) => controller.busy));
  }
}
