import { describe, expect, it } from 'vitest';
import { ApiError } from '../apiserver/status.js';
import type { JsonObject } from './json-access.js';
import {
  defaultPod,
  defaultPodForUpdate,
  defaultPodSpec,
  defaultSecret,
  type PodAdmissionContext,
  type ServiceAccountInfo,
} from './pod-defaults.js';

function context(
  accounts: Record<string, ServiceAccountInfo> = { default: {} },
): PodAdmissionContext {
  return {
    serviceAccount: (name) => accounts[name],
    randomSuffix: () => 'x7k2p',
  };
}

function newPod(spec: JsonObject, metadata: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'nginx', namespace: 'default', ...metadata },
    spec,
  };
}

function specOf(pod: JsonObject): JsonObject {
  return pod.spec as JsonObject;
}

function containerOf(pod: JsonObject, index = 0): JsonObject {
  return (specOf(pod).containers as JsonObject[])[index] as JsonObject;
}

const TOKEN_MOUNT = {
  name: 'kube-api-access-x7k2p',
  readOnly: true,
  mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
};

/** The projected volume of pod-facts §1.2, field for field. */
const TOKEN_VOLUME = {
  name: 'kube-api-access-x7k2p',
  projected: {
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [
            { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
          ],
        },
      },
    ],
    defaultMode: 420,
  },
};

describe('defaultPod: `kubectl run nginx --image=nginx` (pod-facts §1.4)', () => {
  it('fills in every default a real API server adds', () => {
    const pod = defaultPod(newPod({ containers: [{ name: 'nginx', image: 'nginx' }] }), context());
    expect(pod.spec).toEqual({
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          imagePullPolicy: 'Always',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [TOKEN_MOUNT],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      volumes: [TOKEN_VOLUME],
    });
  });

  it('returns the same object, defaulted in place', () => {
    const pod = newPod({ containers: [{ name: 'a', image: 'busybox' }] });
    expect(defaultPod(pod, context())).toBe(pod);
  });
});

describe('scheme defaults', () => {
  it('imagePullPolicy: Always for :latest or no tag, IfNotPresent for other tags and digests', () => {
    const digest = `nginx@sha256:${'a'.repeat(64)}`;
    const images: [string, string][] = [
      ['nginx', 'Always'],
      ['nginx:latest', 'Always'],
      ['docker.io/library/nginx', 'Always'],
      ['localhost:5000/team/app', 'Always'],
      ['nginx:1.25', 'IfNotPresent'],
      [digest, 'IfNotPresent'],
      [`nginx:latest@sha256:${'b'.repeat(64)}`, 'Always'],
      ['NGINX', 'IfNotPresent'],
    ];
    for (const [image, policy] of images) {
      const pod = defaultPod(newPod({ containers: [{ name: 'a', image }] }), context());
      expect(containerOf(pod).imagePullPolicy, image).toBe(policy);
    }
  });

  it('keeps what the user set', () => {
    const pod = defaultPod(
      newPod({
        restartPolicy: 'Never',
        dnsPolicy: 'Default',
        terminationGracePeriodSeconds: 0,
        enableServiceLinks: false,
        containers: [
          {
            name: 'a',
            image: 'nginx',
            imagePullPolicy: 'Never',
            terminationMessagePolicy: 'FallbackToLogsOnError',
          },
        ],
      }),
      context(),
    );
    expect(specOf(pod)).toMatchObject({
      restartPolicy: 'Never',
      dnsPolicy: 'Default',
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
    });
    expect(containerOf(pod)).toMatchObject({
      imagePullPolicy: 'Never',
      terminationMessagePolicy: 'FallbackToLogsOnError',
    });
  });

  it('ports default to TCP; hostNetwork pods mirror containerPort into hostPort', () => {
    const pod = defaultPod(
      newPod({
        hostNetwork: true,
        containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }],
      }),
      context(),
    );
    expect(containerOf(pod).ports).toEqual([{ containerPort: 80, protocol: 'TCP', hostPort: 80 }]);
  });

  it('probes get timeout 1, period 10, success 1, failure 3 and httpGet path / and scheme HTTP', () => {
    const pod = defaultPod(
      newPod({
        containers: [
          {
            name: 'a',
            image: 'nginx',
            livenessProbe: { httpGet: { port: 80 }, initialDelaySeconds: 5 },
            readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 3 },
            lifecycle: { preStop: { httpGet: { port: 80 } } },
          },
        ],
      }),
      context(),
    );
    expect(containerOf(pod).livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      initialDelaySeconds: 5,
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(containerOf(pod).readinessProbe).toMatchObject({
      periodSeconds: 3,
      timeoutSeconds: 1,
      failureThreshold: 3,
    });
    expect(containerOf(pod).lifecycle).toEqual({
      preStop: { httpGet: { port: 80, path: '/', scheme: 'HTTP' } },
    });
  });

  it('requests default to limits on pods, not on templates', () => {
    const resources = () => ({
      limits: { cpu: '500m', memory: '64Mi' },
      requests: { cpu: '100m' },
    });
    const pod = defaultPod(
      newPod({ containers: [{ name: 'a', image: 'nginx', resources: resources() }] }),
      context(),
    );
    expect(containerOf(pod).resources).toEqual({
      limits: { cpu: '500m', memory: '64Mi' },
      requests: { cpu: '100m', memory: '64Mi' },
    });
    const template = defaultPodSpec({
      containers: [{ name: 'a', image: 'nginx', resources: resources() }],
    });
    expect((template.containers as JsonObject[])[0]?.resources).toEqual(resources());
    expect(template).not.toHaveProperty('enableServiceLinks');
    expect(template).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
    });
  });

  it('volumes: emptyDir when no source, mode 420, hostPath type "", token expiry 3600, fieldRef v1', () => {
    const pod = defaultPod(
      newPod({
        volumes: [
          { name: 'scratch' },
          { name: 'cfg', configMap: { name: 'app' } },
          { name: 'sec', secret: { secretName: 'db', defaultMode: 256 } },
          { name: 'host', hostPath: { path: '/data' } },
          {
            name: 'info',
            downwardAPI: {
              items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }],
            },
          },
          { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } },
        ],
        containers: [
          {
            name: 'a',
            image: 'nginx',
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          },
        ],
      }),
      context(),
    );
    const volumes = specOf(pod).volumes as JsonObject[];
    expect(volumes.slice(0, 6)).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'app', defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 'db', defaultMode: 256 } },
      { name: 'host', hostPath: { path: '/data', type: '' } },
      {
        name: 'info',
        downwardAPI: {
          items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels', apiVersion: 'v1' } }],
          defaultMode: 420,
        },
      },
      {
        name: 'proj',
        projected: {
          sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }],
          defaultMode: 420,
        },
      },
    ]);
    expect(containerOf(pod).env).toEqual([
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } },
    ]);
  });

  it('Secret type defaults to Opaque and stringData moves into data, base64-encoded', () => {
    const secret = defaultSecret({
      metadata: { name: 's' },
      data: { a: 'YQ==' },
      stringData: { b: 's3cr3t!\n', a: 'x' },
    });
    expect(secret).toEqual({
      metadata: { name: 's' },
      data: { a: 'eA==', b: 'czNjcjN0IQo=' },
      type: 'Opaque',
    });
    expect(defaultSecret({ type: 'kubernetes.io/tls' }).type).toBe('kubernetes.io/tls');
  });
});

describe('ServiceAccount admission', () => {
  it('mounts the token in every init container and container, not ephemeral ones', () => {
    const pod = defaultPod(
      newPod({
        initContainers: [{ name: 'init', image: 'busybox' }],
        containers: [
          { name: 'a', image: 'nginx' },
          { name: 'b', image: 'nginx' },
        ],
      }),
      context(),
    );
    const spec = specOf(pod);
    for (const container of [
      ...(spec.initContainers as JsonObject[]),
      ...(spec.containers as JsonObject[]),
    ]) {
      expect(container.volumeMounts).toEqual([TOKEN_MOUNT]);
    }
    expect(spec.volumes).toEqual([TOKEN_VOLUME]);
  });

  it('does not inject when the pod or the ServiceAccount turns automount off (the pod wins)', () => {
    const off = defaultPod(
      newPod({ automountServiceAccountToken: false, containers: [{ name: 'a', image: 'nginx' }] }),
      context(),
    );
    expect(specOf(off).volumes).toBeUndefined();
    expect(containerOf(off).volumeMounts).toBeUndefined();
    const saOff = context({ default: { automountServiceAccountToken: false } });
    expect(
      specOf(defaultPod(newPod({ containers: [{ name: 'a', image: 'nginx' }] }), saOff)).volumes,
    ).toBeUndefined();
    const podOn = defaultPod(
      newPod({ automountServiceAccountToken: true, containers: [{ name: 'a', image: 'nginx' }] }),
      saOff,
    );
    expect(specOf(podOn).volumes).toEqual([TOKEN_VOLUME]);
  });

  it('skips containers that already mount something at the token path', () => {
    const own = { name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
    const pod = defaultPod(
      newPod({
        volumes: [{ name: 'mine', emptyDir: {} }],
        containers: [
          { name: 'a', image: 'nginx', volumeMounts: [own] },
          { name: 'b', image: 'nginx' },
        ],
      }),
      context(),
    );
    expect(containerOf(pod, 0).volumeMounts).toEqual([own]);
    expect(containerOf(pod, 1).volumeMounts).toEqual([TOKEN_MOUNT]);
    const alone = defaultPod(
      newPod({
        volumes: [{ name: 'mine', emptyDir: {} }],
        containers: [{ name: 'a', image: 'nginx', volumeMounts: [own] }],
      }),
      context(),
    );
    expect(specOf(alone).volumes).toEqual([{ name: 'mine', emptyDir: {} }]);
  });

  it('reuses an existing kube-api-access-* volume', () => {
    const pod = defaultPod(
      newPod({
        volumes: [{ name: 'kube-api-access-abcde', emptyDir: {} }],
        containers: [{ name: 'a', image: 'nginx' }],
      }),
      context(),
    );
    expect(specOf(pod).volumes).toEqual([{ name: 'kube-api-access-abcde', emptyDir: {} }]);
    expect(containerOf(pod).volumeMounts).toEqual([
      { ...TOKEN_MOUNT, name: 'kube-api-access-abcde' },
    ]);
  });

  it('uses the named ServiceAccount (and the deprecated alias) and copies its pull secrets', () => {
    const accounts = { default: {}, builder: { imagePullSecrets: [{ name: 'regcred' }] } };
    const pod = defaultPod(
      newPod({ serviceAccount: 'builder', containers: [{ name: 'a', image: 'nginx' }] }),
      context(accounts),
    );
    expect(specOf(pod)).toMatchObject({
      serviceAccountName: 'builder',
      serviceAccount: 'builder',
      imagePullSecrets: [{ name: 'regcred' }],
    });
  });

  it('refuses a missing ServiceAccount with the real 403', () => {
    let error: unknown;
    try {
      defaultPod(
        newPod(
          { serviceAccountName: 'foo', containers: [{ name: 'a', image: 'nginx' }] },
          { name: 'x' },
        ),
        context(),
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'pods "x" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found',
      reason: 'Forbidden',
      details: { name: 'x', kind: 'pods' },
      code: 403,
    });
  });

  it('names no pod when the name is still to be generated', () => {
    const pod = newPod(
      { serviceAccountName: 'foo', containers: [] },
      { name: undefined, generateName: 'web-', namespace: 'team' },
    );
    expect(() => defaultPod(pod, context())).toThrow(
      'pods is forbidden: error looking up service account team/foo: serviceaccount "foo" not found',
    );
  });

  it('leaves mirror pods alone', () => {
    const pod = defaultPod(
      newPod(
        { containers: [{ name: 'a', image: 'nginx' }] },
        { annotations: { 'kubernetes.io/config.mirror': 'abc' } },
      ),
      context({}),
    );
    expect(specOf(pod).serviceAccountName).toBeUndefined();
    expect(specOf(pod).volumes).toBeUndefined();
  });
});

describe('Priority and DefaultTolerationSeconds admission', () => {
  it('refuses an unknown class and a contradicting priority', () => {
    const unknown = newPod({ priorityClassName: 'gold', containers: [] });
    expect(() => defaultPod(unknown, context())).toThrow(
      'pods "nginx" is forbidden: no PriorityClass with name gold was found',
    );
    const contradicting = newPod({ priority: 5, containers: [] });
    expect(() => defaultPod(contradicting, context())).toThrow(
      'pods "nginx" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    );
  });

  it('resolves the built-in system classes and cluster classes from the context', () => {
    const system = defaultPod(
      newPod({ priorityClassName: 'system-node-critical', containers: [] }),
      context(),
    );
    expect(specOf(system).priority).toBe(2000001000);
    const ctx = {
      ...context(),
      priorityClass: (name: string) => (name === 'gold' ? { value: 1000 } : undefined),
    };
    expect(
      specOf(defaultPod(newPod({ priorityClassName: 'gold', containers: [] }), ctx)).priority,
    ).toBe(1000);
  });

  it('adds only the tolerations not already covered', () => {
    const pod = defaultPod(
      newPod({
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 60,
          },
        ],
        containers: [],
      }),
      context(),
    );
    expect(specOf(pod).tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 60,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    const all = defaultPod(
      newPod({ tolerations: [{ operator: 'Exists' }], containers: [] }),
      context(),
    );
    expect(specOf(all).tolerations).toEqual([{ operator: 'Exists' }]);
  });
});

describe('fields of features that are off in 1.32', () => {
  it('are dropped from new pods, as the pod strategy does', () => {
    const pod = defaultPod(
      newPod({
        hostUsers: false,
        resourceClaims: [{ name: 'gpu', resourceClaimName: 'gpu' }],
        securityContext: { seLinuxChangePolicy: 'Recursive', runAsUser: 1000 },
        containers: [
          {
            name: 'a',
            image: 'nginx',
            resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
          },
        ],
      }),
      context(),
    );
    expect(specOf(pod)).not.toHaveProperty('hostUsers');
    expect(specOf(pod)).not.toHaveProperty('resourceClaims');
    expect(specOf(pod).securityContext).toEqual({ runAsUser: 1000 });
    expect(containerOf(pod)).not.toHaveProperty('resizePolicy');
  });
});

describe('defaultPodForUpdate', () => {
  it('re-applies scheme defaults and default tolerations and keeps the admitted priority', () => {
    const old = defaultPod(newPod({ containers: [{ name: 'a', image: 'nginx' }] }), context());
    // What `kubectl replace` of the original manifest sends: none of the server's additions.
    const next = defaultPodForUpdate(
      newPod({ containers: [{ name: 'a', image: 'nginx:1.25' }] }),
      old,
    );
    expect(specOf(next)).toMatchObject({
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      restartPolicy: 'Always',
      tolerations: specOf(old).tolerations,
    });
    expect(containerOf(next).imagePullPolicy).toBe('IfNotPresent');
    expect(specOf(next).volumes).toBeUndefined();
  });
});
