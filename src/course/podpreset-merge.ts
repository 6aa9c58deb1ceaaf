/**
 * The PodPreset admission plugin of Kubernetes 1.14–1.19 (plugin/pkg/admission/podpreset,
 * removed in 1.20), as a pure function, so the course can show what it did to a Pod:
 *
 * - a Pod annotated `kubernetes.io/config.mirror`, or `podpreset.admission.kubernetes.io/exclude:
 *   "true"`, is left alone; so are presets of another namespace and presets whose selector does
 *   not match the Pod's labels (an empty selector matches every Pod);
 * - the matching presets' `volumes` join the Pod's, and their `env`, `envFrom` and
 *   `volumeMounts` join every container and init container, in preset order;
 * - an entry with a name already there must be identical (env, volumes, mounts; mounts by
 *   mount path as well), else it is a conflict, and then the plugin changes nothing at all and
 *   only logs; `envFrom` is appended without any check;
 * - each applied preset leaves `podpreset.admission.kubernetes.io/podpreset-<name>: "<its
 *   resourceVersion>"`.
 */

type Json = Record<string, unknown>;

export const ANNOTATION_PREFIX = 'podpreset.admission.kubernetes.io';
export const EXCLUDE_ANNOTATION = `${ANNOTATION_PREFIX}/exclude`;
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const presetAnnotation = (preset: string) => `${ANNOTATION_PREFIX}/podpreset-${preset}`;

/** One entry a preset could not merge, for an explanation in the learner's words. */
export interface PresetConflict {
  preset: string;
  field: 'env' | 'volumeMounts' | 'volumes';
  /** The name, or for a second mount on one path, the mount path. */
  key: string;
  byPath: boolean;
  wanted: unknown;
  found: unknown;
  /** The container whose list held `found` (none for the Pod's volumes). */
  container?: string;
}

export type PresetOutcome =
  | { kind: 'merged'; pod: Json; applied: string[] }
  | { kind: 'unchanged'; pod: Json; why: 'mirror' | 'excluded' | 'no-match' }
  /** The Pod as given (the plugin admitted it untouched) and the line it logged. */
  | {
      kind: 'conflict';
      pod: Json;
      presets: string[];
      message: string;
      conflicts: PresetConflict[];
    };

/** A selector the API server would have refused when the preset was created. */
export class PresetSelectorError extends Error {}

const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** metav1.LabelSelectorAsSelector, then Matches. Throws PresetSelectorError for a bad one. */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const s = asRecord(selector);
  const requirements: [string, string, string[]][] = Object.entries(asRecord(s.matchLabels)).map(
    ([key, value]) => [key, 'In', [String(value)]],
  );
  for (const expression of asList(s.matchExpressions)) {
    const op = str(expression.operator);
    const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op))
      throw new PresetSelectorError(`"${op}" is not a valid pod selector operator`);
    if ((op === 'In' || op === 'NotIn') && values.length === 0)
      throw new PresetSelectorError("for 'in', 'notin' operators, values set can't be empty");
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
      throw new PresetSelectorError('values set must be empty for exists and does not exist');
    requirements.push([str(expression.key), op, values]);
  }
  return requirements.every(([key, op, values]) => {
    const has = Object.hasOwn(labels, key);
    const value = labels[key] ?? '';
    if (op === 'In') return has && values.includes(value);
    if (op === 'NotIn') return !has || !values.includes(value);
    return op === 'Exists' ? has : !has;
  });
}

/**
 * The Go value a manifest decodes to, for reflect.DeepEqual: a plain string or bool field
 * left out reads as "" or false, and the defaults the API server set on both sides before the
 * plugin compared them are filled in.
 */
function decoded(field: PresetConflict['field'], value: Json): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) if (v !== '' && v !== false) out[key] = v;
  if (field === 'env') {
    const fieldRef = asRecord(asRecord(out.valueFrom).fieldRef);
    if (out.valueFrom && asRecord(out.valueFrom).fieldRef && !fieldRef.apiVersion)
      out.valueFrom = { ...asRecord(out.valueFrom), fieldRef: { ...fieldRef, apiVersion: 'v1' } };
  }
  if (field === 'volumes') {
    if (Object.keys(out).every((key) => key === 'name')) out.emptyDir = {};
    for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
      const s = out[source];
      if (s && typeof s === 'object' && asRecord(s).defaultMode === undefined)
        out[source] = { ...asRecord(s), defaultMode: 420 };
    }
  }
  return out;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => deepEqual((a as Json)[key], (b as Json)[key]));
  }
  return a === b;
}

const same = (field: PresetConflict['field'], a: Json, b: Json) =>
  deepEqual(decoded(field, a), decoded(field, b));

/** Merges by name (and mounts by path): the merged list, or the conflicts found. */
function mergeNamed(
  field: PresetConflict['field'],
  original: Json[],
  presets: readonly Json[],
  container?: string,
): { merged: Json[]; conflicts: PresetConflict[] } {
  const byName = new Map(original.map((item) => [str(item.name), item]));
  const byPath = new Map(original.map((item) => [str(item.mountPath), item]));
  const merged = [...original];
  const conflicts: PresetConflict[] = [];
  const at = container === undefined ? {} : { container };
  for (const preset of presets) {
    const name = str(asRecord(preset.metadata).name);
    for (const wanted of asList(asRecord(preset.spec)[field])) {
      const found = byName.get(str(wanted.name));
      if (!found) {
        byName.set(str(wanted.name), wanted);
        merged.push(wanted);
      } else if (!same(field, found, wanted)) {
        conflicts.push({
          preset: name,
          field,
          key: str(wanted.name),
          byPath: false,
          wanted,
          found,
          ...at,
        });
      }
      if (field !== 'volumeMounts') continue;
      const onPath = byPath.get(str(wanted.mountPath));
      if (!onPath) byPath.set(str(wanted.mountPath), wanted);
      else if (!same(field, onPath, wanted))
        conflicts.push({
          preset: name,
          field,
          key: str(wanted.mountPath),
          byPath: true,
          wanted,
          found: onPath,
          ...at,
        });
    }
  }
  return { merged, conflicts };
}

/** Every container the plugin touched: regular and init (1.14+), not ephemeral. */
const containersOf = (spec: Json) => [...asList(spec.containers), ...asList(spec.initContainers)];

/** Applies `presets` (PodPreset objects, in order) to `pod` as the admission plugin did. */
export function applyPodPresets(pod: Json, presets: readonly Json[]): PresetOutcome {
  const meta = asRecord(pod.metadata);
  const annotations = asRecord(meta.annotations);
  if (Object.hasOwn(annotations, MIRROR_ANNOTATION))
    return { kind: 'unchanged', pod, why: 'mirror' };
  if (annotations[EXCLUDE_ANNOTATION] === 'true')
    return { kind: 'unchanged', pod, why: 'excluded' };
  const labels = Object.fromEntries(
    Object.entries(asRecord(meta.labels)).map(([k, v]) => [k, String(v)]),
  );
  const namespace = str(meta.namespace);
  const matching = presets.filter((preset) => {
    const presetNamespace = str(asRecord(preset.metadata).namespace);
    if (namespace && presetNamespace && namespace !== presetNamespace) return false;
    return selectorMatches(asRecord(preset.spec).selector, labels);
  });
  if (matching.length === 0) return { kind: 'unchanged', pod, why: 'no-match' };
  const names = matching.map((preset) => str(asRecord(preset.metadata).name));

  const spec = asRecord(pod.spec);
  // The plugin checks everything first: one conflict anywhere and nothing is applied.
  const volumes = mergeNamed('volumes', asList(spec.volumes), matching);
  const perContainer = containersOf(spec).map((container) => ({
    env: mergeNamed('env', asList(container.env), matching, str(container.name)),
    mounts: mergeNamed(
      'volumeMounts',
      asList(container.volumeMounts),
      matching,
      str(container.name),
    ),
  }));
  const conflicts = [
    ...volumes.conflicts,
    ...perContainer.flatMap((c) => [...c.env.conflicts, ...c.mounts.conflicts]),
  ];
  if (conflicts.length > 0) {
    const message = `conflict occurred while applying podpresets: ${names.join(',')} on pod: ${str(meta.generateName)} err: ${aggregate(conflicts.map(conflictText))}`;
    return { kind: 'conflict', pod, presets: names, message, conflicts };
  }

  const merged = structuredClone(pod);
  const mergedSpec = asRecord(merged.spec);
  if (volumes.merged.length > 0) mergedSpec.volumes = structuredClone(volumes.merged);
  containersOf(mergedSpec).forEach((container, i) => {
    const own = perContainer[i];
    if (!own) return;
    if (own.env.merged.length > 0) container.env = structuredClone(own.env.merged);
    if (own.mounts.merged.length > 0) container.volumeMounts = structuredClone(own.mounts.merged);
    const envFrom = [
      ...asList(container.envFrom),
      ...matching.flatMap((p) => asList(asRecord(p.spec).envFrom)),
    ];
    if (envFrom.length > 0) container.envFrom = structuredClone(envFrom);
  });
  const mergedMeta = asRecord(merged.metadata);
  const mergedAnnotations = { ...asRecord(mergedMeta.annotations) };
  for (const preset of matching) {
    const m = asRecord(preset.metadata);
    mergedAnnotations[presetAnnotation(str(m.name))] = str(m.resourceVersion);
  }
  merged.metadata = { ...mergedMeta, annotations: mergedAnnotations };
  return { kind: 'merged', pod: merged, applied: names };
}

/** utilerrors.NewAggregate(...).Error(): one message alone, else "[a, b]" without repeats. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/** The plugin's fmt.Errorf text: the preset's entry (v1) against the one found (core). */
function conflictText(c: PresetConflict): string {
  const what = { env: 'env', volumeMounts: 'volume mounts', volumes: 'volumes' }[c.field];
  const on = c.byPath ? `mount path ${c.key}` : c.key;
  const go = GO_SYNTAX[c.field];
  return `merging ${what} for ${c.preset} has a conflict on ${on}: \n${go('v1', asRecord(c.wanted))}\ndoes not match\n${go('core', asRecord(c.found))}\n in container`;
}

// ---- Go's %#v of the three types, as the plugin printed them --------------------------------

type Package = 'v1' | 'core';
const quote = (value: unknown) => JSON.stringify(str(value));
/** A pointer field: Go prints nil, or an address the emulation cannot know. */
const pointer = (pkg: Package, type: string, value: unknown) =>
  `(*${pkg}.${type})(${value === undefined || value === null ? 'nil' : '0x…'})`;

/** VolumeSource fields in declaration order; the internal type declares Quobyte after RBD. */
const V1_SOURCES: readonly [string, string, string][] = [
  ['HostPath', 'hostPath', 'HostPathVolumeSource'],
  ['EmptyDir', 'emptyDir', 'EmptyDirVolumeSource'],
  ['GCEPersistentDisk', 'gcePersistentDisk', 'GCEPersistentDiskVolumeSource'],
  ['AWSElasticBlockStore', 'awsElasticBlockStore', 'AWSElasticBlockStoreVolumeSource'],
  ['GitRepo', 'gitRepo', 'GitRepoVolumeSource'],
  ['Secret', 'secret', 'SecretVolumeSource'],
  ['NFS', 'nfs', 'NFSVolumeSource'],
  ['ISCSI', 'iscsi', 'ISCSIVolumeSource'],
  ['Glusterfs', 'glusterfs', 'GlusterfsVolumeSource'],
  ['PersistentVolumeClaim', 'persistentVolumeClaim', 'PersistentVolumeClaimVolumeSource'],
  ['RBD', 'rbd', 'RBDVolumeSource'],
  ['FlexVolume', 'flexVolume', 'FlexVolumeSource'],
  ['Cinder', 'cinder', 'CinderVolumeSource'],
  ['CephFS', 'cephfs', 'CephFSVolumeSource'],
  ['Flocker', 'flocker', 'FlockerVolumeSource'],
  ['DownwardAPI', 'downwardAPI', 'DownwardAPIVolumeSource'],
  ['FC', 'fc', 'FCVolumeSource'],
  ['AzureFile', 'azureFile', 'AzureFileVolumeSource'],
  ['ConfigMap', 'configMap', 'ConfigMapVolumeSource'],
  ['VsphereVolume', 'vsphereVolume', 'VsphereVirtualDiskVolumeSource'],
  ['Quobyte', 'quobyte', 'QuobyteVolumeSource'],
  ['AzureDisk', 'azureDisk', 'AzureDiskVolumeSource'],
  ['PhotonPersistentDisk', 'photonPersistentDisk', 'PhotonPersistentDiskVolumeSource'],
  ['Projected', 'projected', 'ProjectedVolumeSource'],
  ['PortworxVolume', 'portworxVolume', 'PortworxVolumeSource'],
  ['ScaleIO', 'scaleIO', 'ScaleIOVolumeSource'],
  ['StorageOS', 'storageos', 'StorageOSVolumeSource'],
  ['CSI', 'csi', 'CSIVolumeSource'],
  ['Ephemeral', 'ephemeral', 'EphemeralVolumeSource'],
];
const CORE_SOURCES = (() => {
  const rest = V1_SOURCES.filter(([name]) => name !== 'Quobyte');
  const rbd = rest.findIndex(([name]) => name === 'RBD') + 1;
  const quobyte = V1_SOURCES.find(([name]) => name === 'Quobyte');
  return quobyte ? [...rest.slice(0, rbd), quobyte, ...rest.slice(rbd)] : rest;
})();

const GO_SYNTAX: Record<PresetConflict['field'], (pkg: Package, v: Json) => string> = {
  env: (pkg, v) =>
    `${pkg}.EnvVar{Name:${quote(v.name)}, Value:${quote(v.value)}, ValueFrom:${pointer(pkg, 'EnvVarSource', v.valueFrom)}}`,
  volumeMounts: (pkg, v) =>
    `${pkg}.VolumeMount{Name:${quote(v.name)}, ReadOnly:${v.readOnly === true}, MountPath:${quote(v.mountPath)}, SubPath:${quote(v.subPath)}, MountPropagation:${pointer(pkg, 'MountPropagationMode', v.mountPropagation)}, SubPathExpr:${quote(v.subPathExpr)}}`,
  volumes: (pkg, v) => {
    const sources = (pkg === 'v1' ? V1_SOURCES : CORE_SOURCES)
      .map(([name, key, type]) => `${name}:${pointer(pkg, type, v[key])}`)
      .join(', ');
    return `${pkg}.Volume{Name:${quote(v.name)}, VolumeSource:${pkg}.VolumeSource{${sources}}}`;
  },
};
