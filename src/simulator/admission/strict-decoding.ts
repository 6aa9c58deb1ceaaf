/**
 * Decoding a request body the way the API server's JSON serializer does (`sigs.k8s.io/json`
 * `UnmarshalStrict` into the Go type): unknown fields (`spec.containers[0].imagee`), type
 * mismatches with Go's `encoding/json` messages, and the errors of custom decoders (quantities,
 * times, base64). Then the outcome is judged by `fieldValidation` (Strict, Warn, Ignore).
 *
 * Go keeps decoding after a type mismatch and reports the first one; a custom decoder's error
 * (`quantities must match …`) aborts at once and wins. Unknown fields only matter when the
 * body otherwise decodes.
 */

import { type ApiError, badRequest } from '../apiserver/status.js';
import { isPlainObject } from '../kube-object.js';
import { goStructName, hasModel, modelFields, modelNameFor } from './field-table.js';

export { modelNameFor };

import { base64Error, fitsInt, intOrStringError, jsonKind, timeError } from './go-json-values.js';
import { goQuote } from './go-text.js';
import { fieldType, type GoType } from './go-types.js';
import { formatQuantity, parseQuantity, QuantityError } from './quantity.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface DecodeResult {
  /** The object as the typed decode leaves it: unknown fields and nulls gone, quantities canonical. */
  object: Record<string, unknown>;
  /** Unknown field paths in document order (deduplicated, at most 100, as sigs.k8s.io/json keeps). */
  unknown: string[];
  /**
   * Decode errors; `typeErrors[0]` is the one the API server reports. That is the error that
   * stopped decoding (`fatal`) if there was one, else the first mismatch in document order.
   */
  typeErrors: string[];
  /** An error of a custom unmarshaler (quantity, time, int-or-string) that stopped decoding. */
  fatal: string | undefined;
}

interface ErrorContext {
  /** Go name of the struct holding the innermost field: `ObjectMeta`. */
  struct: string;
  /** JSON names of the struct fields on the way (`metadata.labels`); no indices, no map keys. */
  fields: string[];
  /** Path for strict errors, with indices and map keys: `spec.containers[0]`. */
  path: string;
}

const DROP = Symbol('drop');

function zeroValue(type: GoType): unknown {
  switch (type.kind) {
    case 'string':
      return '';
    case 'int':
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'struct':
      return {};
    default:
      return null;
  }
}
const MAX_STRICT_ERRORS = 100;

class Decoder {
  readonly unknown: string[] = [];
  readonly typeErrors: string[] = [];
  fatal: string | undefined;

  /** When set, unknown fields are also deleted from the body being walked. */
  constructor(private readonly pruneInPlace = false) {}

  unknownField(path: string, name: string): void {
    const full = path ? `${path}.${name}` : name;
    if (this.unknown.length >= MAX_STRICT_ERRORS || this.unknown.includes(full)) return;
    this.unknown.push(full);
  }

  mismatch(value: string, goType: string, ctx: ErrorContext): typeof DROP {
    const target =
      ctx.fields.length > 0 ? `Go struct field ${ctx.struct}.${ctx.fields.join('.')}` : 'Go value';
    this.typeErrors.push(`json: cannot unmarshal ${value} into ${target} of type ${goType}`);
    return DROP;
  }

  walk(value: unknown, type: GoType, ctx: ErrorContext): unknown {
    if (this.fatal !== undefined) return DROP;
    if (type.kind === 'any') return structuredClone(value);
    // null leaves a Go field at its zero value; omitempty then leaves it out.
    if (value === null) return DROP;
    switch (type.kind) {
      case 'string':
        return typeof value === 'string' ? value : this.mismatch(jsonKind(value), type.go, ctx);
      case 'bytes': {
        if (typeof value !== 'string') return this.mismatch(jsonKind(value), type.go, ctx);
        const error = base64Error(value);
        if (error) this.typeErrors.push(error);
        return value;
      }
      case 'int':
        if (typeof value !== 'number') return this.mismatch(jsonKind(value), type.go, ctx);
        return fitsInt(value, type.bits) ? value : this.mismatch(`number ${value}`, type.go, ctx);
      case 'float':
        return typeof value === 'number' ? value : this.mismatch(jsonKind(value), type.go, ctx);
      case 'bool':
        return typeof value === 'boolean' ? value : this.mismatch(jsonKind(value), type.go, ctx);
      case 'time':
        return this.custom(timeError(value, type.micro), value);
      case 'intOrString':
        return this.custom(intOrStringError(value), value);
      case 'quantity':
        return this.quantity(value);
      case 'array':
        if (!Array.isArray(value)) return this.mismatch(jsonKind(value), type.go, ctx);
        return this.list(value, type.element, ctx);
      case 'map':
        if (!isPlainObject(value)) return this.mismatch(jsonKind(value), type.go, ctx);
        return this.map(value, type.element, ctx);
      case 'struct':
        if (!isPlainObject(value)) return this.mismatch(jsonKind(value), type.go, ctx);
        return this.struct(value, type.model, ctx);
    }
  }

  custom(error: string | undefined, value: unknown): unknown {
    if (error === undefined) return value;
    this.fatal = error;
    return DROP;
  }

  /** `Quantity.UnmarshalJSON`: the raw literal (quotes stripped) through `ParseQuantity`. */
  quantity(value: unknown): unknown {
    const raw = typeof value === 'string' ? value : JSON.stringify(value);
    try {
      return formatQuantity(parseQuantity(raw.trim()));
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error;
      this.fatal = error.message;
      return DROP;
    }
  }

  list(value: unknown[], element: GoType, ctx: ErrorContext): unknown[] {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      // A null element decodes to the element's zero value: a list cannot have holes.
      if (item === null) out.push(zeroValue(element));
      else out.push(this.walk(item, element, { ...ctx, path: `${ctx.path}[${i}]` }));
    });
    return out;
  }

  map(value: Record<string, unknown>, element: GoType, ctx: ErrorContext): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(value)) {
      const decoded = this.walk(item, element, { ...ctx, path: `${ctx.path}.${k}` });
      if (this.fatal !== undefined) break;
      if (decoded !== DROP) out[k] = decoded;
    }
    return out;
  }

  struct(
    value: Record<string, unknown>,
    model: string,
    ctx: ErrorContext,
  ): Record<string, unknown> {
    const fields = modelFields(model) ?? {};
    const struct = goStructName(model);
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const typeString = fields[name];
      if (typeString === undefined) {
        this.unknownField(ctx.path, name);
        if (this.pruneInPlace) delete value[name];
        continue;
      }
      const decoded = this.walk(item, fieldType(model, name, typeString), {
        struct,
        fields: [...ctx.fields, name],
        path: ctx.path ? `${ctx.path}.${name}` : name,
      });
      if (this.fatal !== undefined) break;
      if (decoded !== DROP) out[name] = decoded;
    }
    return out;
  }
}

/**
 * The table model for `kind`: a model name (`V1Pod`) as is, else the kind resolved with the
 * body's `apiVersion` (`Pod` → `V1Pod`).
 */
export function resolveModel(kind: string, apiVersion = 'v1'): string {
  if (hasModel(kind)) return kind;
  const model = modelNameFor(apiVersion, kind);
  if (!model) throw new Error(`no model for ${apiVersion}/${kind} in the field table`);
  return model;
}

function bodyApiVersion(body: unknown): string {
  return isPlainObject(body) && typeof body.apiVersion === 'string' ? body.apiVersion : 'v1';
}

/** Decodes `body` into `kind` and reports everything the Go decoder would. */
export function decodeModel(kind: string, body: unknown, pruneInPlace = false): DecodeResult {
  const model = resolveModel(kind, bodyApiVersion(body));
  const decoder = new Decoder(pruneInPlace);
  let object: Record<string, unknown> = {};
  if (isPlainObject(body))
    object = decoder.struct(body, model, { struct: '', fields: [], path: '' });
  else
    decoder.mismatch(jsonKind(body), `v1.${goStructName(model)}`, {
      struct: '',
      fields: [],
      path: '',
    });
  const { fatal } = decoder;
  return {
    object,
    unknown: decoder.unknown,
    typeErrors: fatal === undefined ? decoder.typeErrors : [fatal, ...decoder.typeErrors],
    fatal,
  };
}

/** Unknown fields and decode errors of `body` as `kind` (`Pod`, `V1Deployment`, …). */
export function strictDecode(
  kind: string,
  body: unknown,
): { unknown: string[]; typeErrors: string[]; fatal: string | undefined } {
  const { unknown, typeErrors, fatal } = decodeModel(kind, body);
  return { unknown, typeErrors, fatal };
}

/** The decode error the API server reports, whatever `fieldValidation` says, if any. */
export function decodeFailure(result: Pick<DecodeResult, 'typeErrors'>): string | undefined {
  return result.typeErrors[0];
}

/** One strict error as sigs.k8s.io/json writes it: `unknown field "spec.contaners"`. */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${goQuote(path)}`;
}

/** `strict decoding error: unknown field "a", unknown field "b"`. */
export function strictDecodingMessage(unknown: readonly string[]): string {
  return `strict decoding error: ${unknown.map(unknownFieldMessage).join(', ')}`;
}

/**
 * The 400 the API server answers for a body it cannot decode (`transformDecodeError`):
 * `Pod in version "v1" cannot be handled as a Pod: <message>`.
 */
export function decodeError(kind: string, version: string, message: string): ApiError {
  return badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${message}`);
}

/**
 * Deletes unknown fields from `body` in place (`fieldValidation=Ignore`/`Warn`) and returns it;
 * `warnings` are the texts `Warn` sends. `object` is the fully decoded copy (nulls dropped,
 * quantities canonical), as `decodeObject` returns it.
 */
export function pruneUnknownFields(
  kind: string,
  body: unknown,
): { body: unknown; object: Record<string, unknown>; unknown: string[]; warnings: string[] } {
  const { object, unknown } = decodeModel(kind, body, true);
  return { body, object, unknown, warnings: unknown.map(unknownFieldMessage) };
}

/**
 * The whole decode step of a create/update: throws the API server's 400 on a decode error or
 * (Strict) an unknown field; otherwise returns the decoded object and the `Warn` warnings.
 */
export function decodeObject(
  kind: string,
  body: unknown,
  fieldValidation: FieldValidation = 'Strict',
): { object: Record<string, unknown>; warnings: string[] } {
  const apiVersion = bodyApiVersion(body);
  const model = resolveModel(kind, apiVersion);
  const result = decodeModel(model, body);
  const bodyKind = isPlainObject(body) && typeof body.kind === 'string' ? body.kind : '';
  const kindName = bodyKind || goStructName(model);
  const version = apiVersion.includes('/')
    ? apiVersion.slice(apiVersion.indexOf('/') + 1)
    : apiVersion;
  const failure = decodeFailure(result);
  if (failure !== undefined) throw decodeError(kindName, version, failure);
  if (result.unknown.length > 0 && fieldValidation === 'Strict') {
    throw decodeError(kindName, version, strictDecodingMessage(result.unknown));
  }
  const warnings = fieldValidation === 'Warn' ? result.unknown.map(unknownFieldMessage) : [];
  return { object: result.object, warnings };
}
