import { describe, expect, it } from 'vitest';
import { invalid } from '../apiserver/status.js';
import type { JsonObject } from './json-access.js';
import { prepareObjectMetaForUpdate, validateObjectMetaUpdate } from './object-meta-validation.js';
import { defaultPod } from './pod-defaults.js';
import { POD_UPDATE_FORBIDDEN, validatePodUpdate } from './pod-update-validation.js';

const ctx = { serviceAccount: () => ({}), randomSuffix: () => 'pxw5v' };

function livePod(spec: JsonObject = {}): JsonObject {
  return defaultPod(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'nginx',
        namespace: 'default',
        uid: '6f1c0a4e-0000-4000-8000-000000000001',
        resourceVersion: '42',
        creationTimestamp: '2024-05-01T10:00:00Z',
      },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec },
    },
    ctx,
  );
}

function edited(
  pod: JsonObject,
  edit: (spec: JsonObject, metadata: JsonObject) => void,
): JsonObject {
  const copy = structuredClone(pod);
  edit(copy.spec as JsonObject, copy.metadata as JsonObject);
  return copy;
}

/** The live pod with some spec fields replaced (`undefined` removes one). */
function withSpec(pod: JsonObject, fields: JsonObject): JsonObject {
  return edited(pod, (spec) => {
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) delete spec[k];
      else spec[k] = v;
    }
  });
}

function item(list: unknown, i: number): JsonObject {
  const value = (list as JsonObject[])[i];
  if (!value) throw new Error(`no item ${i}`);
  return value;
}

const lines = (errors: { field: string; body: string }[]) =>
  errors.map((e) => `${e.field}: ${e.body}`);

const FIRST_LINE =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

describe('validatePodUpdate: what may change', () => {
  it('allows image changes, labels, a new activeDeadlineSeconds and added tolerations', () => {
    const old = livePod();
    const next = edited(old, (spec, metadata) => {
      item(spec.containers, 0).image = 'nginx:1.25';
      spec.activeDeadlineSeconds = 600;
      spec.tolerations = [
        ...(spec.tolerations as JsonObject[]),
        { key: 'gpu', operator: 'Exists' },
      ];
      metadata.labels = { tier: 'web' };
    });
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it('allows changing tolerationSeconds of an existing toleration', () => {
    const old = livePod();
    const next = edited(old, (spec) => {
      item(spec.tolerations, 0).tolerationSeconds = 10;
    });
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it('never compares the deprecated serviceAccount alias, only serviceAccountName', () => {
    const old = livePod();
    expect(old.spec).toMatchObject({ serviceAccount: 'default', serviceAccountName: 'default' });
    // A PUT body without the alias (the conversion reads it only when the name is empty).
    expect(validatePodUpdate(withSpec(old, { serviceAccount: undefined }), old)).toEqual([]);
    // Nor a stale one: the name is what the internal type holds.
    expect(validatePodUpdate(withSpec(old, { serviceAccount: 'other' }), old)).toEqual([]);
  });

  it('a string or bool left out equals its zero value, as after a typed decode', () => {
    const old = livePod({ nodeName: '', hostNetwork: false });
    const next = withSpec(old, { nodeName: undefined, hostNetwork: undefined });
    item((next.spec as JsonObject).containers, 0).stdin = false;
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it('allows a negative grace period to become 1', () => {
    const old = livePod({ terminationGracePeriodSeconds: -1 });
    expect(validatePodUpdate(withSpec(old, { terminationGracePeriodSeconds: 1 }), old)).toEqual([]);
  });
});

describe('validatePodUpdate: what may not', () => {
  it('any other spec change: one Forbidden error, fixed first line, then a diff', () => {
    const old = livePod();
    const next = edited(old, (spec) => {
      spec.restartPolicy = 'Never';
    });
    const errors = validatePodUpdate(next, old);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.reason).toBe('FieldValueForbidden');
    const [first, ...diff] = (lines(errors)[0] ?? '').split('\n');
    expect(first).toBe(FIRST_LINE);
    expect(POD_UPDATE_FORBIDDEN).toBe(FIRST_LINE.slice('spec: Forbidden: '.length));
    expect(diff[0]).toBe('  core.PodSpec{');
    expect(diff).toContain('- \tRestartPolicy: "Always",');
    expect(diff).toContain('+ \tRestartPolicy: "Never",');
    expect(diff.at(-1)).toBe('  }');
  });

  it('prints a string field left out as "" and a pointer left out as nil', () => {
    const old = livePod();
    const next = withSpec(old, {
      serviceAccountName: undefined,
      serviceAccount: undefined,
      enableServiceLinks: undefined,
    });
    // (The token volume left without an account is refused too; only the diff matters here.)
    const forbidden = validatePodUpdate(next, old).find((e) => e.field === 'spec');
    const diff = (forbidden?.body ?? '').split('\n').slice(1);
    expect(diff).toEqual([
      '  core.PodSpec{',
      '  \t... // 9 identical fields',
      '- \tServiceAccountName: "default",',
      '+ \tServiceAccountName: "",',
      '  \t... // 18 identical fields',
      '- \tEnableServiceLinks: true,',
      '+ \tEnableServiceLinks: nil,',
      '  \t... // 5 identical fields',
      '  }',
    ]);
  });

  it('shows nested container changes in the diff, Go field names included', () => {
    const old = livePod();
    const next = edited(old, (spec) => {
      item(spec.containers, 0).command = ['sleep', '3600'];
    });
    const message = invalid('Pod', '', 'nginx', validatePodUpdate(next, old)).status.message ?? '';
    expect(message.startsWith(`Pod "nginx" is invalid: ${FIRST_LINE}\n  core.PodSpec{`)).toBe(true);
    expect(message).toContain('\tContainers: []core.Container{');
    expect(message).toContain('+ \t\t\tCommand: {"sleep", "3600"},');
  });

  it('adding or removing containers', () => {
    const old = livePod();
    const next = edited(old, (spec) => {
      (spec.containers as JsonObject[]).push({
        name: 'b',
        image: 'busybox',
        imagePullPolicy: 'Always',
        terminationMessagePolicy: 'File',
      });
    });
    expect(lines(validatePodUpdate(next, old))).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });

  it('activeDeadlineSeconds may only shrink, never be removed', () => {
    const old = livePod({ activeDeadlineSeconds: 300 });
    expect(lines(validatePodUpdate(withSpec(old, { activeDeadlineSeconds: 600 }), old))).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 600: must be less than or equal to previous value',
    ]);
    expect(validatePodUpdate(withSpec(old, { activeDeadlineSeconds: 100 }), old)).toEqual([]);
    expect(
      lines(validatePodUpdate(withSpec(old, { activeDeadlineSeconds: undefined }), old)),
    ).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value',
    ]);
  });

  it('existing tolerations cannot be modified or removed', () => {
    const old = livePod();
    const next = edited(old, (spec) => {
      spec.tolerations = [(spec.tolerations as JsonObject[])[1]];
    });
    expect(lines(validatePodUpdate(next, old))).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });

  it('scheduling gates may only be removed', () => {
    const old = livePod({ schedulingGates: [{ name: 'example.com/a' }] });
    expect(validatePodUpdate(withSpec(old, { schedulingGates: [] }), old)).toEqual([]);
    const added = withSpec(old, {
      schedulingGates: [{ name: 'example.com/a' }, { name: 'example.com/b' }],
    });
    expect(lines(validatePodUpdate(added, old))).toEqual([
      "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/b'",
    ]);
  });
});

describe('metadata on update', () => {
  it('uid, name and namespace are immutable', () => {
    const old = livePod();
    const next = edited(old, (_spec, metadata) => {
      metadata.uid = '00000000-0000-4000-8000-000000000002';
    });
    expect(lines(validatePodUpdate(next, old))).toEqual([
      'metadata.uid: Invalid value: "00000000-0000-4000-8000-000000000002": field is immutable',
    ]);
    expect(
      lines(
        validateObjectMetaUpdate(
          { name: 'b', namespace: 'x', resourceVersion: '1' },
          { name: 'a', namespace: 'y' },
        ),
      ),
    ).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.namespace: Invalid value: "x": field is immutable',
    ]);
  });

  it('creationTimestamp is immutable (Go prints it as a time.Time)', () => {
    const errors = validateObjectMetaUpdate(
      { resourceVersion: '1', creationTimestamp: '2024-05-02T10:00:00Z' },
      { creationTimestamp: '2024-05-01T10:00:00Z' },
    );
    expect(lines(errors)).toEqual([
      'metadata.creationTimestamp: Invalid value: 2024-05-02 10:00:00 +0000 UTC: field is immutable',
    ]);
  });

  it('a resourceVersion is required', () => {
    expect(lines(validateObjectMetaUpdate({ name: 'a' }, { name: 'a' }))).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    ]);
  });

  it('the registry restores what clients cannot change before validating', () => {
    const next: JsonObject = {
      name: 'a',
      resourceVersion: '2',
      creationTimestamp: '2030-01-01T00:00:00Z',
    };
    prepareObjectMetaForUpdate(next, {
      name: 'a',
      uid: 'u1',
      creationTimestamp: '2024-05-01T10:00:00Z',
      generation: 1,
    });
    expect(next).toEqual({
      name: 'a',
      resourceVersion: '2',
      uid: 'u1',
      creationTimestamp: '2024-05-01T10:00:00Z',
      generation: 1,
    });
  });
});
