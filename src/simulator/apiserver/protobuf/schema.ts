/**
 * The vocabulary of our protobuf schema tables. A message is a list of fields in Go struct
 * order (the order a Go API server writes JSON keys in); each field names its protobuf number,
 * its JSON name, how its value travels, and the Go facts that decide whether JSON shows it.
 *
 * The tables were written from Kubernetes 1.32: field numbers from each group's
 * `generated.proto`, pointer/omitempty/inline facts from the Go types' struct tags (both as
 * compiled into kubectl 1.32, the client that sends these bodies). decode.kubectl.test.ts
 * checks them end to end against kubectl's own JSON for every `kubectl create` generator.
 */

/** Plain protobuf scalars. `bytes` becomes base64 in JSON, `int64` a JSON number. */
export type ScalarKind = 'string' | 'bytes' | 'int32' | 'int64' | 'bool';

/**
 * apimachinery types whose JSON form is not their protobuf shape:
 * - `time`: metav1.Time, Timestamp{1 seconds, 2 nanos} → RFC 3339 string, zero → null;
 * - `quantity`: resource.Quantity{1 string} → its string, zero → "0";
 * - `intOrString`: intstr.IntOrString{1 type, 2 intVal, 3 strVal} → number or string;
 * - `fieldsV1`: metav1.FieldsV1{1 raw} → the JSON document held in raw.
 */
export type SpecialKind = 'time' | 'quantity' | 'intOrString' | 'fieldsV1';

/** `map<string, V>`: on the wire a repeated entry message {1 key, 2 value}. */
export interface MapKind {
  readonly map: 'string' | 'bytes' | 'quantity';
}

/** A nested message; a thunk so tables may refer to messages declared later or elsewhere. */
export type MessageRef = () => MessageSchema;

export type FieldKind = ScalarKind | SpecialKind | MapKind | MessageRef;

/**
 * Go facts about a field (its struct tag and type), which decide what JSON shows:
 * - `rep`: a repeated field (a Go slice);
 * - `ptr`: a Go pointer: present on the wire means shown, even when zero (`replicas: 0`);
 * - `req`: the json tag has no `omitempty`: a zero scalar is shown, an empty slice or map
 *   or an absent pointer is shown as null;
 * - `inline`: an embedded struct whose fields JSON flattens into the parent (`json:",inline"`).
 * A non-pointer struct (a message field without `ptr`) is always shown, as Go does.
 */
export type FieldFlag = 'rep' | 'ptr' | 'req' | 'inline';

export type FieldSpec = readonly [
  number: number,
  json: string,
  kind: FieldKind,
  ...flags: FieldFlag[],
];

export interface MessageSchema {
  /** The protobuf message name below `k8s.io.api` / `k8s.io.apimachinery.pkg.apis`, for errors. */
  readonly name: string;
  readonly fields: readonly FieldSpec[];
}

export function message(name: string, fields: readonly FieldSpec[]): MessageSchema {
  return { name, fields };
}

export function mapOf(value: MapKind['map']): MapKind {
  return { map: value };
}
