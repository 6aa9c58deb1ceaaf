/**
 * `PodLogOptions`, `PodExecOptions` and `PodAttachOptions` from a query string, decoded the way
 * the API server's parameter codec does (`Convert_url_Values_To_v1_*`), then validated as
 * `ValidatePodLogOptions` does. Decoding failures are 400s carrying Go's own error text;
 * validation failures are 422 `PodLogOptions "<pod>" is invalid: …`.
 */
import { type ApiError, badRequest, type FieldError, invalid } from '../status.js';
import { GoTimeParseError, parseGoRfc3339 } from './go-rfc3339.js';
import type { LogOptions, StreamOptions } from './node-streams.js';

/** `Convert_Slice_string_To_bool`: absent, `0` and `false` (any case) are false; anything else, even empty, is true. */
export function queryBool(query: URLSearchParams, key: string): boolean {
  const values = query.getAll(key);
  if (values.length === 0) return false;
  const first = values[0] ?? '';
  return !(first === '0' || first.toLowerCase() === 'false');
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `Convert_Slice_string_To_Pointer_int64`: `strconv.ParseInt(s, 10, 64)` of the first value. */
export function queryInt64(query: URLSearchParams, key: string): number | undefined {
  const values = query.getAll(key);
  if (values.length === 0) return undefined;
  const text = values[0] ?? '';
  if (!/^[+-]?\d+$/.test(text))
    throw badRequest(`strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax`);
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) {
    throw badRequest(`strconv.ParseInt: parsing ${goQuote(text)}: value out of range`);
  }
  return Number(value);
}

export function queryString(query: URLSearchParams, key: string): string {
  return query.getAll(key)[0] ?? '';
}

export interface ParsedLogOptions extends LogOptions {
  container: string;
}

/** Parses and validates `pods/<name>/log` options; `podName` names the pod in a 422. */
export function parseLogOptions(query: URLSearchParams, podName: string): ParsedLogOptions {
  const options: ParsedLogOptions = {
    container: queryString(query, 'container'),
    follow: queryBool(query, 'follow'),
    previous: queryBool(query, 'previous'),
    timestamps: queryBool(query, 'timestamps'),
  };
  const sinceSeconds = queryInt64(query, 'sinceSeconds');
  const sinceTime = querySinceTime(query);
  const tailLines = queryInt64(query, 'tailLines');
  const limitBytes = queryInt64(query, 'limitBytes');
  if (sinceSeconds !== undefined) options.sinceSeconds = sinceSeconds;
  if (sinceTime !== undefined) options.sinceTime = sinceTime;
  if (tailLines !== undefined) options.tailLines = tailLines;
  if (limitBytes !== undefined) options.limitBytes = limitBytes;
  const errors = validateLogOptions(options);
  if (errors.length) throw invalidLogOptions(podName, errors);
  return options;
}

/** `metav1.Time.UnmarshalQueryParameter`: empty or `null` is the zero time, otherwise RFC 3339. */
function querySinceTime(query: URLSearchParams): Date | undefined {
  const values = query.getAll('sinceTime');
  if (values.length === 0) return undefined;
  const text = values[0] ?? '';
  if (text === '' || text === 'null') return new Date('0001-01-01T00:00:00Z');
  try {
    return parseGoRfc3339(text);
  } catch (error) {
    if (error instanceof GoTimeParseError) throw badRequest(error.message);
    throw error;
  }
}

/** `ValidatePodLogOptions` (pkg/apis/core/validation), in its order. */
export function validateLogOptions(options: LogOptions): FieldError[] {
  const errors: FieldError[] = [];
  if (options.tailLines !== undefined && options.tailLines < 0) {
    errors.push(invalidValue('tailLines', options.tailLines, 'must be greater than or equal to 0'));
  }
  if (options.limitBytes !== undefined && options.limitBytes < 1) {
    errors.push(invalidValue('limitBytes', options.limitBytes, 'must be greater than 0'));
  }
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) {
    errors.push({
      field: '',
      reason: 'FieldValueForbidden',
      body: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
  } else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1) {
    errors.push(invalidValue('sinceSeconds', options.sinceSeconds, 'must be greater than 0'));
  }
  return errors;
}

function invalidValue(field: string, value: number, detail: string): FieldError {
  return { field, reason: 'FieldValueInvalid', body: `Invalid value: ${value}: ${detail}` };
}

/** `errors.NewInvalid(api.Kind("PodLogOptions"), name, errs)`; a cause for the root path has no `field`. */
function invalidLogOptions(podName: string, errors: FieldError[]): ApiError {
  const error = invalid('PodLogOptions', '', podName, errors);
  for (const cause of error.status.details?.causes ?? []) {
    if (cause.field === '') delete cause.field;
  }
  return error;
}

export interface ParsedStreamOptions extends StreamOptions {
  container: string;
  /** Exec only: the repeated `command` parameters, in order. */
  command: string[];
}

/** `PodExecOptions` / `PodAttachOptions`: nothing here can fail to decode. */
export function parseStreamOptions(query: URLSearchParams): ParsedStreamOptions {
  return {
    container: queryString(query, 'container'),
    command: query.getAll('command'),
    stdin: queryBool(query, 'stdin'),
    stdout: queryBool(query, 'stdout'),
    stderr: queryBool(query, 'stderr'),
    tty: queryBool(query, 'tty'),
  };
}

/** Go's `strconv.Quote` for the ASCII texts a query carries. */
function goQuote(s: string) {
  return JSON.stringify(s);
}
