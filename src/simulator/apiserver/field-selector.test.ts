import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { matchesFields, parseFieldSelector } from './field-selector.js';
import { ApiError } from './status.js';

function refusal(text: string, resource: string) {
  try {
    parseFieldSelector(text, resource);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).status.message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused for ${resource}`);
}

const pod = (name: string, phase: string, nodeName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
  status: { phase },
});

describe('field selectors', () => {
  it('parses =, == and != terms, unescaping values', () => {
    expect(parseFieldSelector('metadata.name==a\\,b,status.phase!=Failed', 'pods')).toEqual([
      { field: 'metadata.name', value: 'a,b', negate: false },
      { field: 'status.phase', value: 'Failed', negate: true },
    ]);
    expect(parseFieldSelector('', 'pods')).toEqual([]);
  });

  it('matches pods on the selectable fields, spec.host being spec.nodeName', () => {
    const pods = [pod('a', 'Pending'), pod('b', 'Running', 'n1')];
    const names = (text: string) =>
      pods
        .filter((p) => matchesFields(parseFieldSelector(text, 'pods'), 'pods', p))
        .map((p) => p.metadata.name);
    expect(names('status.phase=Running')).toEqual(['b']);
    expect(names('spec.nodeName=')).toEqual(['a']);
    expect(names('spec.host=n1')).toEqual(['b']);
    expect(names('spec.hostNetwork=false,metadata.namespace=default')).toEqual(['a', 'b']);
  });

  it('refuses fields each resource’s conversion does not know, with its own message', () => {
    expect(refusal('spec.foo=bar', 'pods')).toBe('field label not supported: spec.foo');
    expect(refusal('metadata.namespace=x', 'nodes')).toBe(
      'field label not supported: metadata.namespace',
    );
    expect(refusal('metadata.namespace=x', 'namespaces')).toBe(
      'field label not supported: metadata.namespace',
    );
    expect(refusal('data.x=1', 'configmaps')).toBe(
      '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(refusal('rules=x', 'roles.rbac.authorization.k8s.io')).toBe(
      '"rules" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    // Terms are sorted before conversion: the first bad one in sorted order is named.
    expect(refusal('z.z=1,b.b=2', 'pods')).toBe('field label not supported: b.b');
  });

  it('refuses bad syntax and escapes', () => {
    expect(refusal('foo', 'pods')).toBe("invalid selector: 'foo'; can't understand 'foo'");
    expect(refusal('metadata.name=a=b', 'pods')).toBe(
      'invalid field selector: unescaped character in value: 61',
    );
    expect(refusal('metadata.name=a\\x', 'pods')).toBe(
      'invalid field selector: invalid escape sequence: \\x',
    );
  });

  it('reads events’ source from the reporting controller when the source is empty', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e' },
      reportingComponent: 'kubelet',
    };
    expect(matchesFields(parseFieldSelector('source=kubelet', 'events'), 'events', event)).toBe(
      true,
    );
  });
});
