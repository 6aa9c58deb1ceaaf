/**
 * What a field of the table is in Go terms: which JSON values it accepts and the Go type name
 * that `encoding/json` prints in `cannot unmarshal … of type X`.
 *
 * client-node's table flattens Go's named types (`RestartPolicy`, `ResourceList`) to plain
 * strings and maps, and writes quantities as strings; the overrides below restore the Go view
 * for the fields learners actually get wrong.
 */

import { goPackageName, goStructName, hasModel } from './field-table.js';

export type GoType =
  | { kind: 'string'; go: string }
  | { kind: 'bytes'; go: string }
  | { kind: 'int'; bits: 32 | 64; go: string }
  | { kind: 'float'; go: string }
  | { kind: 'bool'; go: string }
  | { kind: 'time'; micro: boolean }
  | { kind: 'intOrString' }
  | { kind: 'quantity' }
  | { kind: 'any' }
  | { kind: 'array'; element: GoType; go: string }
  | { kind: 'map'; element: GoType; go: string }
  | { kind: 'struct'; model: string; go: string };

const QUANTITY_MAPS = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1PodSpec.overhead',
  'V1NodeStatus.capacity',
  'V1NodeStatus.allocatable',
  'V1ContainerStatus.allocatedResources',
  'V1PersistentVolumeSpec.capacity',
  'V1PersistentVolumeClaimStatus.capacity',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1LimitRangeItem.default',
  'V1LimitRangeItem.defaultRequest',
  'V1LimitRangeItem.max',
  'V1LimitRangeItem.min',
  'V1LimitRangeItem.maxLimitRequestRatio',
  'V1ResourceQuotaSpec.hard',
  'V1ResourceQuotaStatus.hard',
  'V1ResourceQuotaStatus.used',
]);

const QUANTITIES = new Set([
  'V1EmptyDirVolumeSource.sizeLimit',
  'V1ResourceFieldSelector.divisor',
  'V1CSIStorageCapacity.capacity',
  'V1CSIStorageCapacity.maximumVolumeSize',
]);

/** Go's named types, by `Model.field`; a `[]` prefix names the element type of a list. */
const NAMED_TYPES: Readonly<Record<string, string>> = {
  'V1PodSpec.restartPolicy': 'v1.RestartPolicy',
  'V1PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'V1PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'V1Container.imagePullPolicy': 'v1.PullPolicy',
  'V1Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'V1Container.restartPolicy': 'v1.ContainerRestartPolicy',
  'V1EphemeralContainer.imagePullPolicy': 'v1.PullPolicy',
  'V1EphemeralContainer.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'V1EphemeralContainer.restartPolicy': 'v1.ContainerRestartPolicy',
  'V1ContainerPort.protocol': 'v1.Protocol',
  'V1HTTPGetAction.scheme': 'v1.URIScheme',
  'V1Toleration.operator': 'v1.TolerationOperator',
  'V1Toleration.effect': 'v1.TaintEffect',
  'V1Taint.effect': 'v1.TaintEffect',
  'V1HostPathVolumeSource.type': 'v1.HostPathType',
  'V1EmptyDirVolumeSource.medium': 'v1.StorageMedium',
  'V1Secret.type': 'v1.SecretType',
  'V1VolumeMount.mountPropagation': 'v1.MountPropagationMode',
  'V1VolumeMount.recursiveReadOnly': 'v1.RecursiveReadOnlyMode',
  'V1Capabilities.add': '[]v1.Capability',
  'V1Capabilities.drop': '[]v1.Capability',
  'V1ObjectMeta.uid': 'types.UID',
  'V1OwnerReference.uid': 'types.UID',
  'V1PodStatus.phase': 'v1.PodPhase',
  'V1PodStatus.qosClass': 'v1.PodQOSClass',
  'V1PodCondition.type': 'v1.PodConditionType',
  'V1PodCondition.status': 'v1.ConditionStatus',
  'V1NamespaceSpec.finalizers': '[]v1.FinalizerName',
  'V1NamespaceStatus.phase': 'v1.NamespacePhase',
  'V1ContainerResizePolicy.resourceName': 'v1.ResourceName',
  'V1ContainerResizePolicy.restartPolicy': 'v1.ResourceResizeRestartPolicy',
  'V1NodeSelectorRequirement.operator': 'v1.NodeSelectorOperator',
  'V1PodOS.name': 'v1.OSName',
  'V1SeccompProfile.type': 'v1.SeccompProfileType',
  'V1ServiceSpec.type': 'v1.ServiceType',
  'V1DeploymentStrategy.type': 'v1.DeploymentStrategyType',
};

const MAP_RE = /^\{ \[key: string\]: (.+); \}$/;
const ARRAY_RE = /^Array<(.+)>$/;

function scalar(type: string, format: string): GoType {
  switch (type) {
    case 'string':
      return format === 'byte'
        ? { kind: 'bytes', go: '[]uint8' }
        : { kind: 'string', go: 'string' };
    case 'number':
      if (format === 'int32') return { kind: 'int', bits: 32, go: 'int32' };
      if (format === 'int64') return { kind: 'int', bits: 64, go: 'int64' };
      return { kind: 'float', go: 'float64' };
    case 'boolean':
      return { kind: 'bool', go: 'bool' };
    case 'Date':
      return { kind: 'time', micro: false };
    case 'V1MicroTime':
      return { kind: 'time', micro: true };
    case 'IntOrString':
      return { kind: 'intOrString' };
    case 'any':
      return { kind: 'any' };
    default:
      if (hasModel(type)) {
        return { kind: 'struct', model: type, go: `${goPackageName(type)}.${goStructName(type)}` };
      }
      return { kind: 'any' };
  }
}

/** Parses a table type string (`Array<V1Container>`, `{ [key: string]: string; }:byte`). */
export function parseTableType(typeString: string): GoType {
  const colon = typeString.lastIndexOf(':');
  const hasFormat = colon !== -1 && !typeString.endsWith('}') && !typeString.endsWith('>');
  const base = hasFormat ? typeString.slice(0, colon) : typeString;
  const format = hasFormat ? typeString.slice(colon + 1) : '';
  // The format of a list or map describes its elements (`Array<number>:int64`).
  const formatted = (inner: string) => (format ? `${inner}:${format}` : inner);
  const array = ARRAY_RE.exec(base);
  if (array?.[1]) {
    const element = parseTableType(formatted(array[1]));
    return { kind: 'array', element, go: `[]${goName(element)}` };
  }
  const map = MAP_RE.exec(base);
  if (map?.[1]) {
    const element = parseTableType(formatted(map[1]));
    return { kind: 'map', element, go: `map[string]${goName(element)}` };
  }
  return scalar(base, format);
}

export function goName(type: GoType): string {
  switch (type.kind) {
    case 'time':
      return 'v1.Time';
    case 'intOrString':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'any':
      return 'interface {}';
    default:
      return type.go;
  }
}

function renamed(type: GoType, go: string): GoType {
  if (type.kind === 'array' && go.startsWith('[]')) {
    const element =
      type.element.kind === 'string' ? { kind: 'string' as const, go: go.slice(2) } : type.element;
    return { ...type, element, go };
  }
  if (type.kind === 'string' || type.kind === 'map') return { ...type, go };
  return type;
}

/** The Go view of `model.field` whose table type is `typeString`. */
export function fieldType(model: string, field: string, typeString: string): GoType {
  const id = `${model}.${field}`;
  if (QUANTITY_MAPS.has(id)) {
    return { kind: 'map', element: { kind: 'quantity' }, go: 'v1.ResourceList' };
  }
  if (QUANTITIES.has(id)) return { kind: 'quantity' };
  const type = parseTableType(typeString);
  const named = NAMED_TYPES[id];
  return named ? renamed(type, named) : type;
}
