import { describe, expect, it } from 'vitest';
import { ApiError } from '../apiserver/status.js';
import { memoryCluster, PODS } from '../events/memory-cluster.test-support.js';
import type { KubeObject } from '../kube-object.js';
import type { JsonObject } from './json-access.js';
import { admitMirrorPodFromNode, nodeRestrictionRefusal } from './node-restriction.js';
import { referencesConfigMaps, referencesSecrets } from './pod-references.js';

const NODE = { name: 'pod-course-worker', uid: 'node-uid' };

/** A mirror pod as the kubelet makes it: marked, bound to its node, owned by its Node. */
function mirror(spec: JsonObject = {}, metadata: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'static-web-pod-course-worker',
      namespace: 'default',
      annotations: { 'kubernetes.io/config.mirror': 'abc' },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: NODE.name, uid: NODE.uid, controller: true },
      ],
      ...metadata,
    },
    spec: { nodeName: NODE.name, containers: [{ name: 'web', image: 'nginx' }], ...spec },
  };
}

const secretVolume = { volumes: [{ name: 's', secret: { secretName: 'db' } }] };
const configMapVolume = { volumes: [{ name: 'c', configMap: { name: 'cfg' } }] };
const tokenVolume = {
  volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
};

describe('what a pod references (VisitPodSecretNames, VisitPodConfigmapNames)', () => {
  it('finds Secrets in pull secrets, env, envFrom, secret, projected and driver volumes', () => {
    const env = (valueFrom: JsonObject) => ({
      containers: [{ name: 'a', env: [{ name: 'X', valueFrom }] }],
    });
    expect(referencesSecrets({ imagePullSecrets: [{ name: 'reg' }] })).toBe(true);
    expect(referencesSecrets(env({ secretKeyRef: { name: 's', key: 'k' } }))).toBe(true);
    expect(
      referencesSecrets({
        initContainers: [{ name: 'i', envFrom: [{ secretRef: { name: 's' } }] }],
      }),
    ).toBe(true);
    expect(referencesSecrets(secretVolume)).toBe(true);
    expect(
      referencesSecrets({
        volumes: [{ name: 'p', projected: { sources: [{ secret: { name: 's' } }] } }],
      }),
    ).toBe(true);
    expect(
      referencesSecrets({
        volumes: [{ name: 'c', csi: { driver: 'd', nodePublishSecretRef: { name: 's' } } }],
      }),
    ).toBe(true);
    expect(referencesSecrets(env({ configMapKeyRef: { name: 'c', key: 'k' } }))).toBe(false);
    expect(referencesSecrets(configMapVolume)).toBe(false);
  });

  it('finds ConfigMaps in env, envFrom, configMap and projected volumes', () => {
    expect(referencesConfigMaps(configMapVolume)).toBe(true);
    expect(
      referencesConfigMaps({
        ephemeralContainers: [{ name: 'e', envFrom: [{ configMapRef: { name: 'c' } }] }],
      }),
    ).toBe(true);
    expect(
      referencesConfigMaps({
        volumes: [{ name: 'p', projected: { sources: [{ configMap: { name: 'c' } }] } }],
      }),
    ).toBe(true);
    expect(referencesConfigMaps(secretVolume)).toBe(false);
    expect(referencesConfigMaps({ volumes: [{ name: 'e', emptyDir: {} }] })).toBe(false);
  });
});

describe('a kubelet creating a mirror pod (ServiceAccount plugin, then NodeRestriction)', () => {
  const refusal = (pod: KubeObject) => admitMirrorPodFromNode(pod, NODE)?.status;

  it('lets a mirror pod that references nothing through', () => {
    expect(admitMirrorPodFromNode(mirror(), NODE)).toBeUndefined();
  });

  it('answers with the ServiceAccount plugin first: service accounts, secrets, token projections', () => {
    expect(refusal(mirror({ serviceAccountName: 'default' }))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'pods "static-web-pod-course-worker" is forbidden: a mirror pod may not reference service accounts',
      reason: 'Forbidden',
      details: { name: 'static-web-pod-course-worker', kind: 'pods' },
      code: 403,
    });
    expect(refusal(mirror(secretVolume))?.message).toBe(
      'pods "static-web-pod-course-worker" is forbidden: a mirror pod may not reference secrets',
    );
    expect(refusal(mirror(tokenVolume))?.message).toBe(
      'pods "static-web-pod-course-worker" is forbidden: a mirror pod may not use ServiceAccountToken volume projections',
    );
  });

  it('answers with NodeRestriction for ConfigMaps and claims, which the ServiceAccount plugin allows', () => {
    expect(refusal(mirror(configMapVolume))?.message).toBe(
      'pods "static-web-pod-course-worker" is forbidden: node "pod-course-worker" can not create pods that reference configmaps',
    );
    expect(
      refusal(mirror({ volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'c' } }] }))
        ?.message,
    ).toBe(
      'pods "static-web-pod-course-worker" is forbidden: node "pod-course-worker" can not create pods that reference persistentvolumeclaims',
    );
  });

  it('holds a node to its own mirror pods, bound to itself and owned by its Node', () => {
    const plain = mirror({}, { annotations: {} });
    expect(nodeRestrictionRefusal(plain, NODE)).toBe(
      'pod does not have "kubernetes.io/config.mirror" annotation, node "pod-course-worker" can only create mirror pods',
    );
    expect(nodeRestrictionRefusal(mirror({ nodeName: 'other' }), NODE)).toBe(
      'node "pod-course-worker" can only create pods with spec.nodeName set to itself',
    );
    expect(nodeRestrictionRefusal(mirror({}, { ownerReferences: [] }), NODE)).toBe(
      'node "pod-course-worker" can only create pods with an owner reference set to itself',
    );
    const owner = { apiVersion: 'v1', kind: 'Node', name: NODE.name, uid: NODE.uid };
    expect(nodeRestrictionRefusal(mirror({}, { ownerReferences: [owner] }), NODE)).toBe(
      'node "pod-course-worker" can only create pods with a controller owner reference set to itself',
    );
    const wrongUID = { ...owner, uid: 'other', controller: true };
    expect(nodeRestrictionRefusal(mirror({}, { ownerReferences: [wrongUID] }), NODE)).toBe(
      'node pod-course-worker UID mismatch: expected other got node-uid',
    );
  });
});

describe('the API server on a mirror pod created by anyone (the ServiceAccount plugin)', () => {
  it('refuses one that references a service account or a Secret, with a 403', async () => {
    const cluster = await memoryCluster();
    const create = (pod: KubeObject) => cluster.registry.create(PODS, 'default', pod);
    const refused = await create(mirror({ serviceAccountName: 'default' })).catch((e) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "static-web-pod-course-worker" is forbidden: a mirror pod may not reference service accounts',
    });
    // The deprecated alias is read as the account too.
    const alias = await create(mirror({ serviceAccount: 'default' })).catch((e) => e);
    expect((alias as ApiError).message).toMatch(/may not reference service accounts$/);
    const secret = await create(mirror(secretVolume)).catch((e) => e);
    expect((secret as ApiError).message).toMatch(/may not reference secrets$/);
    // A ConfigMap is only the node's restriction: an administrator may create that mirror pod.
    const created = await create(mirror(configMapVolume));
    expect(created.spec).not.toHaveProperty('serviceAccountName');
  });
});
