import { describe, expect, it } from 'vitest';
import { Deployment } from './apps-v1.js';
import { Container, ContainerPort } from './core-v1-container.js';
import { PodSpec } from './core-v1-pod.js';
import { VolumeSource } from './core-v1-volume.js';
import { decodableKinds, schemaForKind } from './kinds.js';
import { ObjectMeta } from './meta-v1.js';
import type { FieldSpec, MessageSchema } from './schema.js';

function reachable(): MessageSchema[] {
  const seen = new Set<MessageSchema>();
  const visit = (schema: MessageSchema) => {
    if (seen.has(schema)) return;
    seen.add(schema);
    for (const [, , kind] of schema.fields) if (typeof kind === 'function') visit(kind());
  };
  for (const key of decodableKinds()) {
    const slash = key.lastIndexOf('/');
    const schema = schemaForKind(key.slice(0, slash), key.slice(slash + 1));
    expect(schema, key).toBeDefined();
    if (schema) visit(schema);
  }
  return [...seen];
}

const numberOf = (schema: MessageSchema, json: string) =>
  schema.fields.find((field) => field[1] === json)?.[0];

describe('schema tables', () => {
  const schemas = reachable();

  it('cover every message reachable from the decodable kinds', () => {
    expect(schemas.length).toBeGreaterThan(100);
    expect(schemaForKind('v1', 'Pod')).toBeUndefined();
  });

  it.each(schemas.map((s) => [s.name, s] as const))('%s is well formed', (_name, schema) => {
    const numbers = schema.fields.map((field) => field[0]);
    expect(new Set(numbers).size).toBe(numbers.length);
    const names = schema.fields.map((field) => field[1]).filter((name) => name !== '');
    expect(new Set(names).size).toBe(names.length);
    for (const field of schema.fields) {
      const [number, json, kind, ...flags] = field as FieldSpec;
      expect(number).toBeGreaterThan(0);
      if (flags.includes('inline')) {
        expect(json).toBe('');
        expect(typeof kind).toBe('function');
        expect(flags).toEqual(['inline']);
      } else {
        expect(json).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
      }
      expect(flags.includes('rep') && flags.includes('ptr')).toBe(false);
      if (typeof kind === 'object')
        expect(flags.includes('rep') || flags.includes('ptr')).toBe(false);
    }
  });

  // Spot checks against `generated.proto` for fields no `kubectl create` generator sets.
  it.each([
    [ObjectMeta, 'managedFields', 17],
    [ObjectMeta, 'finalizers', 14],
    [Container, 'envFrom', 19],
    [Container, 'startupProbe', 22],
    [Container, 'terminationMessagePolicy', 20],
    [Container, 'restartPolicy', 24],
    [ContainerPort, 'hostIP', 5],
    [PodSpec, 'initContainers', 20],
    [PodSpec, 'ephemeralContainers', 34],
    [PodSpec, 'topologySpreadConstraints', 33],
    [VolumeSource, 'configMap', 19],
    [VolumeSource, 'projected', 26],
    [VolumeSource, 'ephemeral', 29],
    [Deployment, 'status', 3],
  ] as const)('%# %s.%s is field %i', (schema, json, number) => {
    expect(numberOf(schema, json)).toBe(number);
  });
});
