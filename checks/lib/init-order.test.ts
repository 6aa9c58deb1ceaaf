import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { initRunOrder } from './init-order.js';

const done = (name: string, from: string, to: string) => ({
  name,
  restartCount: 0,
  state: {
    terminated: {
      exitCode: 0,
      reason: 'Completed',
      startedAt: `2026-11-23T16:23:${from}Z`,
      finishedAt: `2026-11-23T16:23:${to}Z`,
    },
  },
});

/** A Pod status as the API serves it (timestamps are JSON strings). */
const pod = (inits: object[], app: object | undefined): V1Pod =>
  ({
    status: { initContainerStatuses: inits, containerStatuses: app ? [app] : [] },
  }) as unknown as V1Pod;

const nginxFrom = (at: string) => ({
  name: 'nginx',
  restartCount: 0,
  state: { running: { startedAt: `2026-11-23T16:23:${at}Z` } },
});

describe('initRunOrder', () => {
  it('passes with the times when each ran after the other, and the app after both', () => {
    const result = initRunOrder(
      pod([done('make-page', '39', '41'), done('add-footer', '41', '43')], nginxFrom('44')),
      ['make-page', 'add-footer'],
      'nginx',
    );
    expect(result.passed).toBe(true);
    if (result.passed) {
      expect(result.facts.map((f) => f.en)).toEqual([
        'make-page: started 16:23:39, finished 16:23:41, exit code 0',
        'add-footer: started 16:23:41, finished 16:23:43, exit code 0',
        'nginx: started 16:23:44 (times in UTC)',
      ]);
    }
  });

  it('fails while an init container has not finished, and when the times overlap', () => {
    const waiting = { name: 'add-footer', restartCount: 0, state: { running: {} } };
    const unfinished = initRunOrder(
      pod([done('make-page', '39', '41'), waiting], undefined),
      ['make-page', 'add-footer'],
      'nginx',
    );
    expect(unfinished.passed ? '' : unfinished.message.en).toBe(
      'init container add-footer has not finished successfully yet: Running',
    );
    const overlapping = initRunOrder(
      pod([done('make-page', '39', '43'), done('add-footer', '40', '42')], nginxFrom('44')),
      ['make-page', 'add-footer'],
      'nginx',
    );
    expect(overlapping.passed ? '' : overlapping.message.en).toMatch(
      /^the times do not line up one after another: /,
    );
  });
});
