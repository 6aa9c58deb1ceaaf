import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  goPackageName,
  goStructName,
  modelFields,
  modelNameFor,
  modelNames,
} from './field-table.js';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const workDir = mkdtempSync(join(tmpdir(), 'field-table-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('scripts/gen-field-table.mjs', () => {
  it('generates the table from a clean state into a new directory', () => {
    const out = join(workDir, 'fresh', 'nested', 'field-table.json');
    const stdout = execFileSync(
      process.execPath,
      [join(root, 'scripts/gen-field-table.mjs'), '--out', out],
      {
        encoding: 'utf8',
      },
    );
    expect(stdout).toMatch(/field table: \d+ models from Kubernetes v1\.32\.\d+/);
    const text = readFileSync(out, 'utf8');
    // Compact: one line, no indentation.
    expect(text).not.toMatch(/\n|": "|, "/);
    const table = JSON.parse(text) as Record<string, Record<string, string>>;
    expect(Object.keys(table).length).toBeGreaterThan(500);
    // The module the simulator loads holds the same table.
    expect(modelNames().sort()).toEqual(Object.keys(table).sort());
    expect(modelFields('V1PodSpec')).toEqual(table.V1PodSpec);
  });

  it('refuses unknown arguments', () => {
    expect(() =>
      execFileSync(process.execPath, [join(root, 'scripts/gen-field-table.mjs'), '--bogus'], {
        stdio: 'pipe',
      }),
    ).toThrow(/unknown argument: --bogus/);
  });
});

describe('field table content (Kubernetes 1.32 models)', () => {
  it('knows the 1.32 pod spec fields', () => {
    const spec = modelFields('V1PodSpec');
    expect(spec).toMatchObject({
      containers: 'Array<V1Container>',
      resourceClaims: 'Array<V1PodResourceClaim>',
      schedulingGates: 'Array<V1PodSchedulingGate>',
      hostUsers: 'boolean',
      terminationGracePeriodSeconds: 'number:int64',
      nodeSelector: '{ [key: string]: string; }',
      overhead: '{ [key: string]: string; }',
    });
  });

  it('knows the 1.32 container fields, with formats where Go types depend on them', () => {
    expect(modelFields('V1Container')).toMatchObject({
      resizePolicy: 'Array<V1ContainerResizePolicy>',
      restartPolicy: 'string',
      image: 'string',
      command: 'Array<string>',
    });
    expect(modelFields('V1ContainerPort')).toMatchObject({ containerPort: 'number:int32' });
    expect(modelFields('V1HTTPGetAction')).toMatchObject({ port: 'IntOrString' });
    expect(modelFields('V1Secret')).toMatchObject({ data: '{ [key: string]: string; }:byte' });
    expect(modelFields('V1ObjectMeta')).toMatchObject({ creationTimestamp: 'Date' });
  });

  it('does not know fields that came after 1.32', () => {
    // Added in 1.33/1.34 and present in client-node 1.4: must not be accepted as 1.32 fields.
    expect(modelFields('V1PodSpec')).not.toHaveProperty('hostnameOverride');
    expect(modelFields('V1Container')).not.toHaveProperty('restartPolicyRules');
  });

  it('maps apiVersion and kind to the model name', () => {
    expect(modelNameFor('v1', 'Pod')).toBe('V1Pod');
    expect(modelNameFor('v1', 'Secret')).toBe('V1Secret');
    expect(modelNameFor('v1', 'Event')).toBe('CoreV1Event');
    expect(modelNameFor('events.k8s.io/v1', 'Event')).toBe('EventsV1Event');
    expect(modelNameFor('apps/v1', 'Deployment')).toBe('V1Deployment');
    expect(modelNameFor('apps/v1', 'ReplicaSet')).toBe('V1ReplicaSet');
    expect(modelNameFor('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding')).toBe(
      'V1ClusterRoleBinding',
    );
    expect(modelNameFor('coordination.k8s.io/v1', 'Lease')).toBe('V1Lease');
    expect(modelNameFor('v1', 'Nope')).toBeUndefined();
    expect(modelNameFor('', 'Pod')).toBeUndefined();
  });

  it('names Go structs and packages as encoding/json prints them', () => {
    expect(goStructName('V1ObjectMeta')).toBe('ObjectMeta');
    expect(goStructName('CoreV1Event')).toBe('Event');
    expect(goStructName('V1beta1Lease')).toBe('Lease');
    expect(goPackageName('V1PodSpec')).toBe('v1');
    expect(goPackageName('V1beta1Lease')).toBe('v1beta1');
  });
});
