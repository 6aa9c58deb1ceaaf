/**
 * `kubectl get deployments|replicasets` (printers.go `printDeployment`, `printReplicaSet`).
 * READY of a deployment sums all its ReplicaSets' ready pods, so during a surge it can read
 * `4/3` — the controller's status fields are printed as they are, never clamped.
 */
import type { KubeObject } from '../../kube-object.js';
import {
  AGE_COLUMN,
  ageOf,
  CONTAINERS_DESCRIPTION,
  column,
  IMAGES_DESCRIPTION,
  NAME_COLUMN,
  nameOf,
  type PrintedRow,
  type Printer,
  wide,
} from './columns.js';
import { at, type JsonObject, list, num, obj, str } from './read.js';
import { formatLabelSelector, labelSelectorString } from './selector-format.js';

/** `layoutContainerCells`: names and images joined by `,` with no spaces. */
function containerCells(template: unknown): [string, string] {
  const containers = list(at(template, 'spec', 'containers')).map(obj);
  return [
    containers.map((c) => str(c.name)).join(','),
    containers.map((c) => str(c.image)).join(','),
  ];
}

/** Decoding from storage defaults a missing `spec.replicas` to 1 (SetDefaults_Deployment/ReplicaSet). */
function desiredReplicas(spec: JsonObject): number {
  return typeof spec.replicas === 'number' ? spec.replicas : 1;
}

export const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE_COLUMN,
    wide('Containers', 'string', CONTAINERS_DESCRIPTION),
    wide('Images', 'string', IMAGES_DESCRIPTION),
    wide(
      'Selector',
      'string',
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
    ),
  ],
  row: (deployment: KubeObject, now: number): PrintedRow => {
    const spec = obj(deployment.spec);
    const status = obj(deployment.status);
    const [names, images] = containerCells(spec.template);
    // printDeployment uses LabelSelectorAsSelector directly: `<invalid>` on error, '' when empty.
    const selector = labelSelectorString(spec.selector) ?? '<invalid>';
    return {
      cells: [
        nameOf(deployment),
        `${num(status.readyReplicas)}/${desiredReplicas(spec)}`,
        num(status.updatedReplicas),
        num(status.availableReplicas),
        ageOf(deployment, now),
        names,
        images,
        selector,
      ],
    };
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Desired',
      'integer',
      'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
    ),
    column(
      'Current',
      'integer',
      'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller',
    ),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE_COLUMN,
    wide('Containers', 'string', CONTAINERS_DESCRIPTION),
    wide('Images', 'string', IMAGES_DESCRIPTION),
    wide(
      'Selector',
      'string',
      'Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ),
  ],
  row: (rs: KubeObject, now: number): PrintedRow => {
    const spec = obj(rs.spec);
    const status = obj(rs.status);
    const [names, images] = containerCells(spec.template);
    return {
      cells: [
        nameOf(rs),
        desiredReplicas(spec),
        num(status.replicas),
        num(status.readyReplicas),
        ageOf(rs, now),
        names,
        images,
        formatLabelSelector(spec.selector),
      ],
    };
  },
};
