/**
 * Container defaulting and the waiting kubelet's refusals: the texts of strategy.go
 * (`validateContainer`) and kubelet_pods.go (`validateContainerLogStatus`, `GetExec`, `GetAttach`).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { ApiError } from '../status.js';
import { validateBindingTarget } from './binding.js';
import { type ContainerTarget, KubeletError } from './node-streams.js';
import { validateContainer } from './pod-location.js';
import { waitingKubelet } from './waiting-kubelet.js';

function pod(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec,
    status,
  };
}
const containers = (...names: string[]) => names.map((name) => ({ name, image: 'busybox' }));

function messageOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError)
      return `${error.code} ${error.status.reason ?? ''}: ${error.message}`;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('validateContainer', () => {
  it('defaults to the only container, whatever the init containers', () => {
    expect(
      validateContainer(
        '',
        pod({ containers: containers('app'), initContainers: containers('init') }),
      ),
    ).toBe('app');
  });

  it('lists every container, init ones first, when the choice is ambiguous', () => {
    const p = pod({
      initContainers: containers('init-a'),
      containers: containers('nginx', 'debian'),
    });
    expect(messageOf(() => validateContainer('', p))).toBe(
      '400 BadRequest: a container name must be specified for pod web, choose one of: [init-a nginx debian]',
    );
  });

  it('accepts init and ephemeral containers by name, and refuses others', () => {
    const p = pod({
      initContainers: containers('init'),
      containers: containers('app'),
      ephemeralContainers: containers('debugger'),
    });
    expect(validateContainer('init', p)).toBe('init');
    expect(validateContainer('debugger', p)).toBe('debugger');
    expect(messageOf(() => validateContainer('nope', p))).toBe(
      '400 BadRequest: container nope is not valid for pod web',
    );
  });
});

describe('the waiting kubelet', () => {
  const kubelet = waitingKubelet();
  const target = (p: KubeObject, container = 'app'): ContainerTarget => ({
    namespace: 'default',
    podName: 'web',
    podUID: 'u1',
    container,
    nodeName: 'node-1',
    pod: p,
  });
  const logs = (p: KubeObject, previous = false, container = 'app') =>
    kubelet.logs(
      target(p, container),
      { follow: false, previous, timestamps: false },
      new AbortController().signal,
    );

  it('says a fresh container is waiting to start: ContainerCreating (PodInitializing with init containers)', async () => {
    await expect(logs(pod({ containers: containers('app') }))).rejects.toThrow(
      new KubeletError('container "app" in pod "web" is waiting to start: ContainerCreating', 400),
    );
    await expect(
      logs(pod({ initContainers: containers('init'), containers: containers('app') })),
    ).rejects.toThrow('container "app" in pod "web" is waiting to start: PodInitializing');
  });

  it('uses the stored waiting reason, with the kubelet’s wording for image pulls', async () => {
    const waiting = (reason: string) =>
      pod(
        { containers: containers('app') },
        { containerStatuses: [{ name: 'app', state: { waiting: { reason } } }] },
      );
    await expect(logs(waiting('ImagePullBackOff'))).rejects.toThrow(
      'container "app" in pod "web" is waiting to start: trying and failing to pull image',
    );
    await expect(logs(waiting('ErrImagePull'))).rejects.toThrow(
      'container "app" in pod "web" is waiting to start: image can\'t be pulled',
    );
  });

  it('has no previous instance to show', async () => {
    await expect(logs(pod({ containers: containers('app') }), true)).rejects.toThrow(
      'previous terminated container "app" in pod "web" not found',
    );
  });

  it('refuses exec and attach as GetExec and GetAttach do', async () => {
    const p = pod({ containers: containers('app') });
    const options = { stdin: false, stdout: true, stderr: true, tty: false };
    await expect(kubelet.exec(target(p), ['sh'], options)).rejects.toThrow(
      'container not found ("app")',
    );
    await expect(kubelet.attach(target(p), options)).rejects.toThrow(
      'container app not found in pod web_default',
    );
  });
});

describe('Binding target validation', () => {
  const binding = (target: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: 'web' },
    target,
  });

  it('accepts a Node or an empty kind', () => {
    expect(validateBindingTarget(binding({ kind: 'Node', name: 'node-1' }))).toBe('node-1');
    expect(validateBindingTarget(binding({ name: 'node-1' }))).toBe('node-1');
  });

  it('fails as an unknown-reason 500, the aggregate of field errors', () => {
    expect(messageOf(() => validateBindingTarget(binding({ kind: 'Pod' })))).toBe(
      '500 : [target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", target.name: Required value]',
    );
    expect(messageOf(() => validateBindingTarget(binding({ kind: 'Node' })))).toBe(
      '500 : target.name: Required value',
    );
  });
});
