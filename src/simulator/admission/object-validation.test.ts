import { describe, expect, it } from 'vitest';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateNamespace,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
} from './object-validation.js';

const lines = (errors: { field: string; body: string }[]) =>
  errors.map((e) => `${e.field}: ${e.body}`);
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'default',
  ...extra,
});
const b64 = (text: string) => Buffer.from(text).toString('base64');

const CONFIG_KEY_MESSAGE =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

describe('Secret', () => {
  it('accepts a plain Opaque secret', () => {
    expect(
      validateSecret({
        metadata: meta('db'),
        type: 'Opaque',
        data: { 'username.txt': b64('admin') },
      }),
    ).toEqual([]);
  });

  it('refuses bad keys and names', () => {
    expect(lines(validateSecret({ metadata: meta('DB'), data: { 'my key': b64('x') } }))).toEqual([
      "metadata.name: Invalid value: \"DB\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      `data[my key]: Invalid value: "my key": ${CONFIG_KEY_MESSAGE}`,
    ]);
  });

  it('limits the decoded size to 1 MiB', () => {
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    expect(lines(validateSecret({ metadata: meta('big'), data: { a: big } }))).toEqual([
      'data: Too long: must have at most 1048576 bytes',
    ]);
  });

  it('checks the keys typed secrets need', () => {
    expect(
      lines(validateSecret({ metadata: meta('t'), type: 'kubernetes.io/tls', data: {} })),
    ).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
    expect(
      lines(validateSecret({ metadata: meta('b'), type: 'kubernetes.io/basic-auth' })),
    ).toEqual(['data[username]: Required value', 'data[password]: Required value']);
    expect(
      lines(validateSecret({ metadata: meta('s'), type: 'kubernetes.io/service-account-token' })),
    ).toEqual(['metadata.annotations[kubernetes.io/service-account.name]: Required value']);
  });

  it('type is immutable; an immutable secret keeps its data', () => {
    const old = {
      metadata: meta('db', { resourceVersion: '1' }),
      type: 'Opaque',
      immutable: true,
      data: { a: b64('1') },
    };
    const next = {
      ...old,
      type: 'kubernetes.io/tls',
      data: { a: b64('2'), 'tls.crt': '', 'tls.key': '' },
    };
    expect(lines(validateSecretUpdate(next, old))).toEqual([
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('ConfigMap', () => {
  it('refuses bad keys and a key in both data and binaryData', () => {
    const configMap = {
      metadata: meta('app'),
      data: { color: 'blue', 'a/b': 'x' },
      binaryData: { color: b64('x') },
    };
    expect(lines(validateConfigMap(configMap))).toEqual([
      'data[color]: Invalid value: "color": duplicate of key present in binaryData',
      `data[a/b]: Invalid value: "a/b": ${CONFIG_KEY_MESSAGE}`,
      'binaryData[color]: Invalid value: "color": duplicate of key present in data',
    ]);
  });

  it('reports the total size at an empty path, like Go', () => {
    expect(
      lines(validateConfigMap({ metadata: meta('big'), data: { a: 'x'.repeat(1024 * 1024 + 1) } })),
    ).toEqual([': Too long: must have at most 1048576 bytes']);
  });

  it('an immutable config map keeps its data', () => {
    const old = {
      metadata: meta('app', { resourceVersion: '1' }),
      immutable: true,
      data: { a: '1' },
    };
    expect(
      lines(validateConfigMapUpdate({ ...old, immutable: false, data: { a: '2' } }, old)),
    ).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('Namespace and ServiceAccount', () => {
  it('namespace names are DNS labels and namespaces have no namespace', () => {
    expect(validateNamespace({ metadata: { name: 'team-a' } })).toEqual([]);
    expect(lines(validateNamespace({ metadata: { name: 'team.a', namespace: 'x' } }))).toEqual([
      'metadata.name: Invalid value: "team.a": must not contain dots',
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });

  it('service account names are DNS subdomains in a namespace', () => {
    expect(validateServiceAccount({ metadata: meta('build.bot') })).toEqual([]);
    expect(lines(validateServiceAccount({ metadata: { name: 'bot' } }))).toEqual([
      'metadata.namespace: Required value',
    ]);
  });
});
