import { describe, expect, it } from 'vitest';
import {
  applyPodPresets,
  EXCLUDE_ANNOTATION,
  PresetSelectorError,
  presetAnnotation,
  selectorMatches,
} from './podpreset-merge.js';

type Json = Record<string, unknown>;

/** The notes' Pod (pod.yaml) and PodPreset (preset.yaml). */
const website = (
  extra: { labels?: Json; annotations?: Json; container?: Json; spec?: Json } = {},
) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'website',
    labels: extra.labels ?? { app: 'website', role: 'frontend' },
    ...(extra.annotations ? { annotations: extra.annotations } : {}),
  },
  spec: {
    containers: [
      { name: 'website', image: 'nginx:1.27', ports: [{ containerPort: 80 }], ...extra.container },
    ],
    ...extra.spec,
  },
});

const preset = (name: string, spec: Json, metadata: Json = {}) => ({
  apiVersion: 'settings.k8s.io/v1alpha1',
  kind: 'PodPreset',
  metadata: { name, ...metadata },
  spec,
});

const allowDatabase = preset(
  'allow-database',
  {
    selector: { matchLabels: { role: 'frontend' } },
    env: [{ name: 'DB_PORT', value: '6379' }],
    volumeMounts: [{ mountPath: '/cache', name: 'cache-volume' }],
    volumes: [{ name: 'cache-volume', emptyDir: {} }],
  },
  { resourceVersion: '812' },
);

describe('applyPodPresets: the merge', () => {
  it("merges the notes' preset into the notes' Pod, with the annotation", () => {
    const pod = website();
    const before = structuredClone(pod);
    const outcome = applyPodPresets(pod, [allowDatabase]);
    expect(outcome.kind).toBe('merged');
    expect(outcome.pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'website',
        labels: { app: 'website', role: 'frontend' },
        annotations: { 'podpreset.admission.kubernetes.io/podpreset-allow-database': '812' },
      },
      spec: {
        containers: [
          {
            name: 'website',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80 }],
            env: [{ name: 'DB_PORT', value: '6379' }],
            volumeMounts: [{ mountPath: '/cache', name: 'cache-volume' }],
          },
        ],
        volumes: [{ name: 'cache-volume', emptyDir: {} }],
      },
    });
    expect(pod).toEqual(before);
  });

  it('appends after what the Pod has, and reaches init containers too', () => {
    const pod = website({
      container: {
        env: [{ name: 'MODE', value: 'prod' }],
        envFrom: [{ configMapRef: { name: 'a' } }],
      },
      spec: { initContainers: [{ name: 'setup', image: 'busybox:1.36' }] },
    });
    const both = preset('both', {
      envFrom: [{ configMapRef: { name: 'a' } }],
      env: [{ name: 'X', value: '1' }],
    });
    const outcome = applyPodPresets(pod, [both]);
    if (outcome.kind !== 'merged') throw new Error(outcome.kind);
    const spec = outcome.pod.spec as { containers: Json[]; initContainers: Json[] };
    expect(spec.containers[0]?.env).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'X', value: '1' },
    ]);
    // envFrom is appended without any check, even twice the same source.
    expect(spec.containers[0]?.envFrom).toEqual([
      { configMapRef: { name: 'a' } },
      { configMapRef: { name: 'a' } },
    ]);
    expect(spec.initContainers[0]?.env).toEqual([{ name: 'X', value: '1' }]);
    // The preset had no resourceVersion (it was never stored): the value is empty.
    expect((outcome.pod.metadata as Json).annotations).toEqual({ [presetAnnotation('both')]: '' });
  });

  it('applies several presets in order, and an identical entry is no conflict', () => {
    const same = preset('same-cache', {
      selector: {},
      volumes: [{ name: 'cache-volume' }], // no source: the API server's default, emptyDir
      volumeMounts: [{ mountPath: '/cache', name: 'cache-volume', readOnly: false }],
      env: [{ name: 'DB_PORT', value: '6379' }],
    });
    const outcome = applyPodPresets(website(), [allowDatabase, same]);
    if (outcome.kind !== 'merged') throw new Error(outcome.kind);
    expect(outcome.applied).toEqual(['allow-database', 'same-cache']);
    const spec = outcome.pod.spec as { containers: Json[]; volumes: Json[] };
    expect(spec.volumes).toEqual([{ name: 'cache-volume', emptyDir: {} }]);
    expect(spec.containers[0]?.env).toEqual([{ name: 'DB_PORT', value: '6379' }]);
    expect(Object.keys((outcome.pod.metadata as { annotations: Json }).annotations)).toEqual([
      presetAnnotation('allow-database'),
      presetAnnotation('same-cache'),
    ]);
  });
});

describe('applyPodPresets: which Pods', () => {
  it('leaves a Pod the selector does not match, or of another namespace', () => {
    expect(
      applyPodPresets(website({ labels: { role: 'backend' } }), [allowDatabase]),
    ).toMatchObject({
      kind: 'unchanged',
      why: 'no-match',
    });
    const elsewhere = preset('x', { env: [{ name: 'A', value: 'b' }] }, { namespace: 'other' });
    const pod = { ...website(), metadata: { name: 'website', namespace: 'default' } };
    expect(applyPodPresets(pod, [elsewhere]).kind).toBe('unchanged');
  });

  it('skips a Pod with the exclude annotation set to exactly "true", and mirror Pods', () => {
    for (const value of ['true']) {
      const pod = website({ annotations: { [EXCLUDE_ANNOTATION]: value } });
      expect(applyPodPresets(pod, [allowDatabase])).toMatchObject({
        kind: 'unchanged',
        why: 'excluded',
      });
    }
    for (const value of ['True', 'yes', '1']) {
      const pod = website({ annotations: { [EXCLUDE_ANNOTATION]: value } });
      expect(applyPodPresets(pod, [allowDatabase]).kind).toBe('merged');
    }
    const mirror = website({ annotations: { 'kubernetes.io/config.mirror': 'abc' } });
    expect(applyPodPresets(mirror, [allowDatabase])).toMatchObject({ why: 'mirror' });
  });

  it('matches label selectors as metav1.LabelSelectorAsSelector does', () => {
    const labels = { role: 'frontend', tier: 'web' };
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, {})).toBe(true);
    expect(selectorMatches({ matchLabels: { role: 'frontend' } }, labels)).toBe(true);
    const expr = (operator: string, values?: string[]) => ({
      matchExpressions: [{ key: 'role', operator, ...(values ? { values } : {}) }],
    });
    expect(selectorMatches(expr('In', ['frontend', 'x']), labels)).toBe(true);
    expect(selectorMatches(expr('NotIn', ['frontend']), labels)).toBe(false);
    expect(selectorMatches(expr('NotIn', ['frontend']), {})).toBe(true);
    expect(selectorMatches(expr('Exists'), labels)).toBe(true);
    expect(selectorMatches(expr('DoesNotExist'), labels)).toBe(false);
    expect(() => selectorMatches(expr('Equals', ['a']), labels)).toThrow(
      new PresetSelectorError('"Equals" is not a valid pod selector operator'),
    );
    expect(() => selectorMatches(expr('In', []), labels)).toThrow(PresetSelectorError);
    expect(() => selectorMatches(expr('Exists', ['a']), labels)).toThrow(PresetSelectorError);
  });
});

describe('applyPodPresets: conflicts', () => {
  it('changes nothing and logs the plugin line for an env var of another value', () => {
    const pod = website({ container: { env: [{ name: 'DB_PORT', value: '5432' }] } });
    const outcome = applyPodPresets(pod, [allowDatabase]);
    if (outcome.kind !== 'conflict') throw new Error(outcome.kind);
    expect(outcome.pod).toBe(pod);
    expect(outcome.message).toBe(
      'conflict occurred while applying podpresets: allow-database on pod:  err: merging env for allow-database has a conflict on DB_PORT: \n' +
        'v1.EnvVar{Name:"DB_PORT", Value:"6379", ValueFrom:(*v1.EnvVarSource)(nil)}\n' +
        'does not match\n' +
        'core.EnvVar{Name:"DB_PORT", Value:"5432", ValueFrom:(*core.EnvVarSource)(nil)}\n in container',
    );
    expect(outcome.conflicts).toEqual([
      {
        preset: 'allow-database',
        field: 'env',
        key: 'DB_PORT',
        byPath: false,
        wanted: { name: 'DB_PORT', value: '6379' },
        found: { name: 'DB_PORT', value: '5432' },
        container: 'website',
      },
    ]);
  });

  it('finds a second mount on the same path, and a volume of another source', () => {
    const pod = website({
      container: { volumeMounts: [{ name: 'scratch', mountPath: '/cache' }] },
      spec: {
        volumes: [
          { name: 'cache-volume', hostPath: { path: '/tmp' } },
          { name: 'scratch', emptyDir: {} },
        ],
      },
    });
    const outcome = applyPodPresets(pod, [allowDatabase]);
    if (outcome.kind !== 'conflict') throw new Error(outcome.kind);
    const [volume, mount] = outcome.message.split('err: [')[1]?.split(', merging ') ?? [];
    expect(volume).toMatch(
      /^merging volumes for allow-database has a conflict on cache-volume: \nv1\.Volume\{Name:"cache-volume", VolumeSource:v1\.VolumeSource\{HostPath:\(\*v1\.HostPathVolumeSource\)\(nil\), EmptyDir:\(\*v1\.EmptyDirVolumeSource\)\(0x…\),/,
    );
    // The internal type declares Quobyte right after RBD; v1 after VsphereVolume.
    expect(volume).toContain(
      'core.VolumeSource{HostPath:(*core.HostPathVolumeSource)(0x…), EmptyDir:(*core.EmptyDirVolumeSource)(nil)',
    );
    expect(volume).toContain(
      'RBD:(*core.RBDVolumeSource)(nil), Quobyte:(*core.QuobyteVolumeSource)(nil)',
    );
    expect(volume).toContain(
      'VsphereVolume:(*v1.VsphereVirtualDiskVolumeSource)(nil), Quobyte:(*v1.QuobyteVolumeSource)(nil)',
    );
    expect(mount).toBe(
      'volume mounts for allow-database has a conflict on mount path /cache: \n' +
        'v1.VolumeMount{Name:"cache-volume", ReadOnly:false, MountPath:"/cache", SubPath:"", MountPropagation:(*v1.MountPropagationMode)(nil), SubPathExpr:""}\n' +
        'does not match\n' +
        'core.VolumeMount{Name:"scratch", ReadOnly:false, MountPath:"/cache", SubPath:"", MountPropagation:(*core.MountPropagationMode)(nil), SubPathExpr:""}\n in container]',
    );
  });

  it('says a repeated message once, as utilerrors.Aggregate does', () => {
    const pod = website({
      container: { env: [{ name: 'DB_PORT', value: '5432' }] },
      spec: {
        initContainers: [
          { name: 'setup', image: 'busybox:1.36', env: [{ name: 'DB_PORT', value: '5432' }] },
        ],
      },
    });
    const outcome = applyPodPresets(pod, [allowDatabase]);
    if (outcome.kind !== 'conflict') throw new Error(outcome.kind);
    expect(outcome.conflicts.map((c) => c.container)).toEqual(['website', 'setup']);
    expect(outcome.message).not.toContain('err: [');
  });

  it('finds two presets that disagree, naming the later one', () => {
    const other = preset('other-port', { env: [{ name: 'DB_PORT', value: '6380' }] });
    const outcome = applyPodPresets(website(), [allowDatabase, other]);
    if (outcome.kind !== 'conflict') throw new Error(outcome.kind);
    expect(outcome.presets).toEqual(['allow-database', 'other-port']);
    expect(outcome.message).toContain(
      'podpresets: allow-database,other-port on pod:  err: merging env for other-port has a conflict on DB_PORT',
    );
  });
});
