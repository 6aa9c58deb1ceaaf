import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { matchesNodeAffinity, nodeAffinityPreFilter } from './node-affinity.js';
import { podRequests } from './pod-resources.js';
import { toleratesTaint, untoleratedTaint } from './taints.js';

const node = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
});

const pod = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
});

const required = (...nodeSelectorTerms: unknown[]) =>
  pod({
    affinity: {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } },
    },
  });

const expr = (key: string, operator: string, values?: string[]) => ({
  matchExpressions: [{ key, operator, ...(values ? { values } : {}) }],
});

describe('node affinity', () => {
  const ssd = node('a', { disktype: 'ssd', cores: '8' });
  const bare = node('b', {});

  it('nodeSelector needs every label with its value', () => {
    expect(matchesNodeAffinity(pod({ nodeSelector: { disktype: 'ssd' } }), ssd)).toBe(true);
    expect(matchesNodeAffinity(pod({ nodeSelector: { disktype: 'ssd', zone: 'x' } }), ssd)).toBe(
      false,
    );
    expect(matchesNodeAffinity(pod({ nodeSelector: { disktype: 'ssd' } }), bare)).toBe(false);
    expect(matchesNodeAffinity(pod({ nodeSelector: { disktype: '' } }), bare)).toBe(false);
  });

  it.each([
    ['In', ['ssd', 'nvme'], true, false],
    ['NotIn', ['hdd'], true, true],
    ['NotIn', ['ssd'], false, true],
    ['Exists', undefined, true, false],
    ['DoesNotExist', undefined, false, true],
  ])('%s %j on disktype', (operator, values, onSsd, onBare) => {
    const target = required(expr('disktype', operator, values));
    expect(matchesNodeAffinity(target, ssd)).toBe(onSsd);
    expect(matchesNodeAffinity(target, bare)).toBe(onBare);
  });

  it('Gt and Lt compare integers; a missing or non-numeric label never matches', () => {
    expect(matchesNodeAffinity(required(expr('cores', 'Gt', ['4'])), ssd)).toBe(true);
    expect(matchesNodeAffinity(required(expr('cores', 'Gt', ['8'])), ssd)).toBe(false);
    expect(matchesNodeAffinity(required(expr('cores', 'Lt', ['10'])), ssd)).toBe(true);
    expect(matchesNodeAffinity(required(expr('cores', 'Lt', ['8'])), ssd)).toBe(false);
    expect(matchesNodeAffinity(required(expr('cores', 'Gt', ['1'])), bare)).toBe(false);
    expect(matchesNodeAffinity(required(expr('disktype', 'Gt', ['1'])), ssd)).toBe(false);
  });

  it('terms are ORed, requirements within a term ANDed, an empty term matches nothing', () => {
    const either = required(expr('disktype', 'In', ['hdd']), expr('cores', 'Exists'));
    expect(matchesNodeAffinity(either, ssd)).toBe(true);
    const both = required({
      matchExpressions: [
        { key: 'disktype', operator: 'In', values: ['ssd'] },
        { key: 'cores', operator: 'In', values: ['4'] },
      ],
    });
    expect(matchesNodeAffinity(both, ssd)).toBe(false);
    expect(matchesNodeAffinity(required({}), ssd)).toBe(false);
  });

  it('nodeSelector and affinity must both hold', () => {
    const target = pod({
      nodeSelector: { disktype: 'ssd' },
      affinity: (required(expr('cores', 'DoesNotExist')).spec as { affinity: unknown }).affinity,
    });
    expect(matchesNodeAffinity(target, ssd)).toBe(false);
  });

  it('matchFields on metadata.name', () => {
    const named = required({
      matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }],
    });
    expect(matchesNodeAffinity(named, ssd)).toBe(true);
    expect(matchesNodeAffinity(named, bare)).toBe(false);
    const notNamed = required({
      matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['a'] }],
    });
    expect(matchesNodeAffinity(notNamed, ssd)).toBe(false);
    expect(matchesNodeAffinity(notNamed, bare)).toBe(true);
  });

  it('PreFilter narrows to named nodes only when every term names nodes', () => {
    const byName = (name: string) => ({
      matchFields: [{ key: 'metadata.name', operator: 'In', values: [name] }],
    });
    expect(nodeAffinityPreFilter(required(byName('a'), byName('b')))).toEqual({
      kind: 'nodes',
      names: new Set(['a', 'b']),
    });
    expect(nodeAffinityPreFilter(required(byName('a'), expr('disktype', 'Exists')))).toEqual({
      kind: 'all',
    });
    expect(nodeAffinityPreFilter(pod({ nodeSelector: { a: 'b' } }))).toEqual({ kind: 'all' });
  });
});

describe('tolerations', () => {
  const controlPlane = {
    key: 'node-role.kubernetes.io/control-plane',
    value: '',
    effect: 'NoSchedule',
  };

  it.each([
    [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      true,
    ],
    [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }, true],
    [{ operator: 'Exists' }, true],
    [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', value: '' }, true],
    [{ key: 'node-role.kubernetes.io/control-plane', value: '' }, true],
    [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', value: 'x' }, false],
    [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' },
      false,
    ],
    [{ key: 'node-role.kubernetes.io/master', operator: 'Exists' }, false],
  ])('%j tolerates the control-plane taint: %s', (toleration, expected) => {
    expect(toleratesTaint(toleration, controlPlane)).toBe(expected);
  });

  it('only NoSchedule and NoExecute taints keep pods away', () => {
    const prefer = { key: 'x', value: '', effect: 'PreferNoSchedule' };
    expect(untoleratedTaint([prefer], [])).toBeUndefined();
    expect(untoleratedTaint([prefer, controlPlane], [])).toEqual(controlPlane);
  });
});

describe('pod requests', () => {
  const container = (name: string, requests: Record<string, string>, restartPolicy?: string) => ({
    name,
    image: 'busybox',
    resources: { requests },
    ...(restartPolicy ? { restartPolicy } : {}),
  });

  it('sums containers and rounds cpu up to millicores', () => {
    const target = pod({
      containers: [
        container('a', { cpu: '100m', memory: '64Mi' }),
        container('b', { cpu: '0.0005' }),
      ],
    });
    const r = podRequests(target);
    expect(r.milliCPU).toBe(101n);
    expect(r.memory).toBe(64n * 1024n * 1024n);
  });

  it('takes the largest init container, sidecars adding up, plus overhead', () => {
    const target = pod({
      initContainers: [
        container('init-big', { cpu: '1' }),
        container('sidecar', { cpu: '200m' }, 'Always'),
        container('init-after', { cpu: '900m' }),
      ],
      containers: [container('app', { cpu: '300m', 'example.com/gpu': '1' })],
      overhead: { cpu: '10m' },
    });
    const r = podRequests(target);
    // max(app 300m + sidecar 200m, init-big 1000m, init-after 900m + sidecar 200m) + overhead.
    expect(r.milliCPU).toBe(1110n);
    expect(r.scalars.get('example.com/gpu')).toBe(1n);
  });
});
