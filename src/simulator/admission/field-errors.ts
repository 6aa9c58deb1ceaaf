/**
 * Builders for Kubernetes field errors (`k8s.io/apimachinery/pkg/util/validation/field`), rendered
 * as `ErrorBody()` renders them: `Required value: detail`, `Invalid value: "x": detail`,
 * `Unsupported value: "x": supported values: "a", "b"`. Field paths are plain strings built with
 * `child`, `index` and `key` (`spec.containers[0].name`, `metadata.labels[app]`).
 */

import type { FieldError } from '../apiserver/status.js';
import { goNumber, goQuote } from './go-text.js';

/** A value already written the way Go's `%v`/`%#v` would print it (structs, slices, Stringers). */
export interface GoValue {
  readonly go: string;
}

export type BadValue = string | number | boolean | null | undefined | GoValue;

/** A value printed verbatim in a message: Go `fmt.Stringer`s (quantities, times) print unquoted. */
export function goValue(text: string): GoValue {
  return { go: text };
}

function renderValue(value: BadValue): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return value.go;
}

function withDetail(body: string, detail: string): string {
  return detail ? `${body}: ${detail}` : body;
}

export function child(path: string, ...names: string[]): string {
  let out = path;
  for (const name of names) out = out ? `${out}.${name}` : name;
  return out;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

export function fieldRequired(field: string, detail = ''): FieldError {
  return { field, reason: 'FieldValueRequired', body: withDetail('Required value', detail) };
}

export function fieldInvalid(field: string, value: BadValue, detail: string): FieldError {
  return {
    field,
    reason: 'FieldValueInvalid',
    body: withDetail(`Invalid value: ${renderValue(value)}`, detail),
  };
}

export function fieldNotFound(field: string, value: BadValue): FieldError {
  return { field, reason: 'FieldValueNotFound', body: `Not found: ${renderValue(value)}` };
}

export function fieldDuplicate(field: string, value: BadValue): FieldError {
  return { field, reason: 'FieldValueDuplicate', body: `Duplicate value: ${renderValue(value)}` };
}

export function fieldNotSupported(
  field: string,
  value: BadValue,
  supported: readonly string[],
): FieldError {
  const detail = supported.length ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return {
    field,
    reason: 'FieldValueNotSupported',
    body: withDetail(`Unsupported value: ${renderValue(value)}`, detail),
  };
}

export function fieldForbidden(field: string, detail: string): FieldError {
  return { field, reason: 'FieldValueForbidden', body: withDetail('Forbidden', detail) };
}

/** 1.32 wording (`field.TooLong`): `Too long: must have at most N bytes`. */
export function fieldTooLong(field: string, maxBytes: number): FieldError {
  return {
    field,
    reason: 'FieldValueTooLong',
    body: `Too long: must have at most ${maxBytes} bytes`,
  };
}

export function fieldTooMany(field: string, actual: number, max: number): FieldError {
  return {
    field,
    reason: 'FieldValueTooMany',
    body: `Too many: ${actual}: must have at most ${max} items`,
  };
}

/** `field.ErrorList.ToAggregate` drops repeated messages; callers that build a list can do the same. */
export function dedupeErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of errors) {
    const text = `${error.field}: ${error.body}`;
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(error);
  }
  return out;
}
