import { describe, expect, it } from 'vitest';
import { defaultDeployment } from './apps-defaults.js';
import { validateAppsObject, validateAppsObjectUpdate } from './apps-validation.js';
import type { JsonObject } from './json-access.js';

function deployment(spec: JsonObject = {}): JsonObject {
  const object: JsonObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', resourceVersion: '7' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'n', image: 'nginx' }] },
      },
      ...spec,
    },
  };
  defaultDeployment(object);
  return object;
}

const rendered = (object: JsonObject) =>
  validateAppsObject('Deployment', object).map((e) => `${e.field}: ${e.body}`);

describe('Deployment defaults and validation', () => {
  it('fills in the apps/v1 defaults', () => {
    const d = deployment();
    expect(d.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { creationTimestamp: null },
        spec: {
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          terminationGracePeriodSeconds: 30,
        },
      },
    });
    expect(rendered(d)).toEqual([]);
  });

  it('requires a selector that selects the template', () => {
    expect(rendered(deployment({ selector: undefined }))).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    expect(rendered(deployment({ selector: { matchLabels: { app: 'other' } } }))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    expect(rendered(deployment({ selector: {} }))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('refuses what a Deployment cannot do', () => {
    const never = deployment();
    (never.spec as { template: { spec: JsonObject } }).template.spec.restartPolicy = 'Never';
    expect(rendered(never)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
    expect(
      rendered(
        deployment({
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
        }),
      ),
    ).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
    expect(
      rendered(
        deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '5' } } }),
      ),
    ).toEqual([
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"5\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
    expect(
      rendered(deployment({ replicas: -1, minReadySeconds: 10, progressDeadlineSeconds: 5 })),
    ).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds',
    ]);
  });

  it('keeps the selector immutable on update', () => {
    const old = deployment();
    const changed = deployment({
      selector: { matchLabels: { app: 'web', tier: 'fe' } },
      template: {
        metadata: { labels: { app: 'web', tier: 'fe' } },
        spec: { containers: [{ name: 'n', image: 'nginx' }] },
      },
    });
    expect(
      validateAppsObjectUpdate('Deployment', changed, old).map((e) => `${e.field}: ${e.body}`),
    ).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
});
