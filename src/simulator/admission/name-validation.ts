/**
 * Kubernetes' name and label rules (`k8s.io/apimachinery/pkg/util/validation`) with their exact
 * messages, including `RegexError`'s double space (`'my-name',  or '123-abc'`).
 */

import type { FieldError } from '../apiserver/status.js';
import { fieldInvalid, fieldTooLong } from './field-errors.js';
import { stringMap } from './json-access.js';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';

const anchored = (fmt: string) => new RegExp(`^${fmt}$`);
const DNS1123_LABEL = anchored(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN = anchored(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL = anchored(DNS1035_LABEL_FMT);
const QUALIFIED_NAME = anchored(QUALIFIED_NAME_FMT);
const LABEL_VALUE = anchored(LABEL_VALUE_FMT);
const ENV_VAR_NAME = anchored(ENV_VAR_NAME_FMT);
const CONFIG_MAP_KEY = anchored(CONFIG_MAP_KEY_FMT);

/** `RegexError`: Go appends `'example', ` per example and joins them with ` or `. */
export function regexError(message: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${fmt}')`;
  const shown = examples.map((example) => `'${example}', `).join(' or ');
  return `${message} (e.g. ${shown}regex used for validation is '${fmt}')`;
}

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export const EMPTY_ERROR = 'must be non-empty';
export const NEGATIVE_ERROR = 'must be greater than or equal to 0';

/** Byte length, as Go's `len` counts a string. */
function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

export function isDns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value)) {
    errors.push(
      DNS1123_SUBDOMAIN.test(value)
        ? 'must not contain dots'
        : regexError(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            DNS1123_LABEL_FMT,
            'my-name',
            '123-abc',
          ),
    );
  }
  return errors;
}

export function isDns1123Subdomain(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errors;
}

export function isDns1035Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value)) {
    errors.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errors;
}

const QUALIFIED_NAME_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** `IsQualifiedName`: label keys, annotation keys, finalizers: `[prefix/]name`. */
export function isQualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0] ?? '';
  else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errors.push(`prefix part ${EMPTY_ERROR}`);
    else errors.push(...isDns1123Subdomain(prefix).map((msg) => `prefix part ${msg}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errors.push(`name part ${EMPTY_ERROR}`);
  else if (byteLength(name) > 63) errors.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) {
    errors.push(
      `name part ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errors;
}

export function isValidLabelValue(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!LABEL_VALUE.test(value)) {
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errors;
}

function chdirPrefixErrors(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** The strict rule, used where RelaxedEnvironmentVariableValidation does not apply. */
export function isEnvVarName(value: string): string[] {
  const errors: string[] = [];
  if (!ENV_VAR_NAME.test(value)) {
    errors.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        ENV_VAR_NAME_FMT,
        'my.env-name',
        'MY_ENV.NAME',
        'MyEnvName1',
      ),
    );
  }
  return [...errors, ...chdirPrefixErrors(value)];
}

/** RelaxedEnvironmentVariableValidation is beta and on in 1.32: printable ASCII except `=`. */
export function isRelaxedEnvVarName(value: string): string[] {
  const errors: string[] = [];
  if (value.length === 0) errors.push(`environment variable name ${EMPTY_ERROR}`);
  if ([...value].some((c) => c < ' ' || c > '~' || c === '=')) {
    errors.push(
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    );
  }
  return errors;
}

export function isConfigMapKey(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(maxLenError(253));
  if (!CONFIG_MAP_KEY.test(value)) {
    errors.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  return [...errors, ...chdirPrefixErrors(value)];
}

/** `IsValidPortName` (IANA_SVC_NAME). */
export function isValidPortName(port: string): string[] {
  const errors: string[] = [];
  if (byteLength(port) > 15) errors.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) {
    errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!/[a-z]/.test(port)) errors.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errors.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) {
    errors.push('must not begin or end with a hyphen');
  }
  return errors;
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** `path.IsValidPathSegmentName`: RBAC object names. */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/** `maskTrailingDash`: a generateName prefix may end with `-`, the random suffix follows. */
function forPrefix(name: string, prefix: boolean): string {
  return prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

export type NameRule = (name: string, prefix: boolean) => string[];

export const nameIsDnsSubdomain: NameRule = (name, prefix) =>
  isDns1123Subdomain(forPrefix(name, prefix));
export const nameIsDnsLabel: NameRule = (name, prefix) => isDns1123Label(forPrefix(name, prefix));
export const nameIsDns1035Label: NameRule = (name, prefix) =>
  isDns1035Label(forPrefix(name, prefix));
/** RBAC names: a generateName prefix is only checked for the characters a path segment cannot hold. */
export const nameIsPathSegment: NameRule = (name, prefix) =>
  prefix
    ? ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`)
    : isValidPathSegmentName(name);

function invalidEach(messages: string[], path: string, value: string): FieldError[] {
  return messages.map((message) => fieldInvalid(path, value, message));
}

export function validateDnsSubdomainName(name: string, path: string): FieldError[] {
  return invalidEach(isDns1123Subdomain(name), path, name);
}

export function validateDnsLabelName(name: string, path: string): FieldError[] {
  return invalidEach(isDns1123Label(name), path, name);
}

export function validatePathSegmentName(name: string, path: string): FieldError[] {
  return invalidEach(isValidPathSegmentName(name), path, name);
}

export function validateQualifiedName(value: string, path: string): FieldError[] {
  return invalidEach(isQualifiedName(value), path, value);
}

/** `ValidateLabels`: every error at the map's own path (`metadata.labels`), not per key. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [k, v] of stringMap(labels)) {
    errors.push(...validateQualifiedName(k, path));
    errors.push(...invalidEach(isValidLabelValue(v), path, v));
  }
  return errors;
}

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** `ValidateAnnotations`: keys are qualified names compared lower-cased; 256 KiB in total. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let total = 0;
  for (const [k, v] of stringMap(annotations)) {
    errors.push(...invalidEach(isQualifiedName(k.toLowerCase()), path, k));
    total += byteLength(k) + byteLength(v);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT)
    errors.push(fieldTooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errors;
}
