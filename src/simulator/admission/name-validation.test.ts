import { describe, expect, it } from 'vitest';
import {
  isConfigMapKey,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPortName,
  nameIsDnsLabel,
  validateAnnotations,
  validateDnsLabelName,
  validateLabels,
  validatePathSegmentName,
} from './name-validation.js';

const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('DNS names', () => {
  it('labels: the regex message with its double space, dots, length', () => {
    expect(isDns1123Label('Web_1')).toEqual([LABEL_MESSAGE]);
    expect(isDns1123Label('my.name')).toEqual(['must not contain dots']);
    expect(isDns1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(isDns1123Label('web-1')).toEqual([]);
  });

  it('subdomains', () => {
    expect(isDns1123Subdomain('My_Pod')).toEqual([SUBDOMAIN_MESSAGE]);
    expect(isDns1123Subdomain('a.b-c.d')).toEqual([]);
    expect(isDns1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });

  it('generateName prefixes may end with a dash', () => {
    expect(nameIsDnsLabel('web-', true)).toEqual([]);
    expect(nameIsDnsLabel('web-', false)).toEqual([LABEL_MESSAGE]);
  });

  it('field-error wrappers', () => {
    expect(validateDnsLabelName('Bad', 'metadata.name')).toEqual([
      {
        field: 'metadata.name',
        reason: 'FieldValueInvalid',
        body: `Invalid value: "Bad": ${LABEL_MESSAGE}`,
      },
    ]);
    expect(validatePathSegmentName('a/b', 'metadata.name')[0]?.body).toBe(
      'Invalid value: "a/b": may not contain \'/\'',
    );
    expect(validatePathSegmentName('..', 'metadata.name')[0]?.body).toBe(
      'Invalid value: "..": may not be \'..\'',
    );
  });
});

describe('labels and annotations', () => {
  it('qualified names', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([]);
    expect(isQualifiedName('-app')).toEqual([
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('/x')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/b/c')[0]).toMatch(
      /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/,
    );
  });

  it('label values', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('1.0')).toEqual([]);
    expect(isValidLabelValue('a b')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  it('report at the map path, not per key', () => {
    const errors = validateLabels({ 'bad key': 'ok', good: 'bad value' }, 'metadata.labels');
    expect(errors.map((e) => e.field)).toEqual(['metadata.labels', 'metadata.labels']);
    expect(errors[1]?.body.startsWith('Invalid value: "bad value": a valid label must')).toBe(true);
  });

  it('annotations: keys compared lower-cased, 256 KiB in total', () => {
    expect(validateAnnotations({ 'Example.COM/Key': 'x' }, 'metadata.annotations')).toEqual([]);
    const big = validateAnnotations({ a: 'x'.repeat(256 * 1024) }, 'metadata.annotations');
    expect(big).toEqual([
      {
        field: 'metadata.annotations',
        reason: 'FieldValueTooLong',
        body: 'Too long: must have at most 262144 bytes',
      },
    ]);
  });
});

describe('other names', () => {
  it('environment variables: relaxed in 1.32, strict rule kept for reference', () => {
    expect(isRelaxedEnvVarName('1-MY VAR.x')).toEqual([]);
    expect(isRelaxedEnvVarName('A=B')).toEqual([
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    ]);
    expect(isRelaxedEnvVarName('')).toEqual(['environment variable name must be non-empty']);
    expect(isEnvVarName('1A')).toEqual([
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    ]);
  });

  it('config keys', () => {
    expect(isConfigMapKey('app.properties')).toEqual([]);
    expect(isConfigMapKey('a/b')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(isConfigMapKey('..x')).toEqual(["must not start with '..'"]);
  });

  it('port names', () => {
    expect(isValidPortName('http')).toEqual([]);
    expect(isValidPortName('8080')).toEqual(['must contain at least one letter (a-z)']);
    expect(isValidPortName('-Web--port-long-name')).toEqual([
      'must be no more than 15 characters',
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
  });
});
