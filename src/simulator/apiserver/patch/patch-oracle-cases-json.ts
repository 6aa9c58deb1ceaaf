/** Oracle cases: JSON merge patch and JSON patch. */

import { json, merge, type OracleCase } from './patch-oracle-fixtures.js';

export const JSON_CASES: readonly OracleCase[] = [
  // --- JSON merge patch ------------------------------------------------------------------
  merge('merge: label added and removed', { metadata: { labels: { tier: null, x: 'y' } } }),
  merge('merge: containers replaced wholesale', {
    spec: { containers: [{ name: 'c', image: 'z', x: null }] },
  }),
  merge('merge: nested nulls pruned from new values', {
    spec: {
      securityContext: { runAsUser: 1, fsGroup: null, nested: { a: null, b: [null, { c: null }] } },
    },
  }),
  merge('merge: map replacing a list', { spec: { containers: { a: 1, b: null } } }),
  merge('merge: scalar replacing a map', { metadata: { labels: 'x' } }),
  merge('merge: whole spec removed', { spec: null }),
  merge('merge: kubectl scale', { spec: { replicas: 6 } }),
  merge('merge: empty patch', {}),
  merge('merge: null patch', null),
  merge('merge: string patch', 'x'),
  merge('merge: list replacing a scalar keeps its nulls', {
    status: { phase: [null, { a: null }] },
  }),
  // --- JSON patch --------------------------------------------------------------------------
  json('json: add a label', [{ op: 'add', path: '/metadata/labels/x', value: 'y' }]),
  json('json: add with escaped path', [
    { op: 'add', path: '/metadata/annotations/a~1b~0c', value: '1' },
  ]),
  json('json: append a container', [
    { op: 'add', path: '/spec/containers/-', value: { name: 'c', image: 'z' } },
  ]),
  json('json: insert a container', [
    { op: 'add', path: '/spec/containers/1', value: { name: 'c' } },
  ]),
  json('json: insert at a negative index', [{ op: 'add', path: '/spec/containers/-1', value: 1 }]),
  json('json: insert with a plus sign', [{ op: 'add', path: '/spec/containers/+0', value: 1 }]),
  json('json: add past the end', [{ op: 'add', path: '/spec/containers/5', value: 1 }]),
  json('json: add below a missing parent', [{ op: 'add', path: '/metadata/x/y', value: 1 }]),
  json('json: add at a bad index', [{ op: 'add', path: '/spec/containers/x', value: 1 }]),
  json('json: add at an enormous index', [
    { op: 'add', path: '/spec/containers/99999999999999999999', value: 1 },
  ]),
  json('json: add without leading slash', [{ op: 'add', path: 'kind2', value: 1 }]),
  json('json: add ignores text before the first slash', [
    { op: 'add', path: 'metadata/extra', value: 1 },
  ]),
  json('json: add without a value', [{ op: 'add', path: '/metadata/labels/n' }]),
  json('json: remove a label', [{ op: 'remove', path: '/metadata/labels/tier' }]),
  json('json: remove a missing label', [{ op: 'remove', path: '/metadata/labels/nope' }]),
  json('json: remove the last container', [{ op: 'remove', path: '/spec/containers/-1' }]),
  json('json: remove with "-"', [{ op: 'remove', path: '/spec/containers/-' }]),
  json('json: remove out of range', [{ op: 'remove', path: '/spec/containers/-3' }]),
  json('json: replace an image', [
    { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:2' },
  ]),
  json('json: replace a missing key adds it', [
    { op: 'replace', path: '/metadata/labels/new', value: 'v' },
  ]),
  json('json: replace a missing index', [
    { op: 'replace', path: '/spec/containers/7', value: 'v' },
  ]),
  json('json: replace at a negative index', [
    { op: 'replace', path: '/spec/containers/-1', value: { name: 'z' } },
  ]),
  json('json: replace the whole document', [
    { op: 'replace', path: '', value: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } } },
  ]),
  json('json: replace the document by a scalar is ignored', [
    { op: 'replace', path: '', value: 3 },
  ]),
  json('json: replace with a numeric path', [{ op: 'replace', path: 3, value: 1 }]),
  json('json: replace without path', [{ op: 'replace' }]),
  json('json: move a container to the end', [
    { op: 'move', from: '/spec/containers/0', path: '/spec/containers/-' },
  ]),
  json('json: move a label', [
    { op: 'move', from: '/metadata/labels/tier', path: '/metadata/annotations/tier' },
  ]),
  json('json: move a missing key', [{ op: 'move', from: '/metadata/labels/zz', path: '/x' }]),
  json('json: move into itself', [{ op: 'move', from: '/spec', path: '/spec/x' }]),
  json('json: move without from', [{ op: 'move', path: '/a' }]),
  json('json: copy metadata into itself', [
    { op: 'copy', from: '/metadata', path: '/metadata/copy' },
  ]),
  json('json: copy a missing key copies null', [
    { op: 'copy', from: '/metadata/labels/zz', path: '/x' },
  ]),
  json('json: copy from a bad index', [{ op: 'copy', from: '/spec/containers/9', path: '/x' }]),
  json('json: test passes', [
    { op: 'test', path: '/spec/containers/0/image', value: 'nginx:1.25' },
    { op: 'add', path: '/t', value: true },
  ]),
  json('json: test fails', [{ op: 'test', path: '/spec/containers/0/image', value: 'q' }]),
  json('json: test a map regardless of key order', [
    { op: 'test', path: '/metadata/labels', value: { tier: 'fe', app: 'web' } },
  ]),
  json('json: test null against a missing key', [
    { op: 'test', path: '/metadata/labels/zz', value: null },
  ]),
  json('json: test a negative index', [
    { op: 'test', path: '/spec/containers/-1/name', value: 'b' },
  ]),
  json('json: test without a value', [{ op: 'test', path: '/metadata/labels' }]),
  json('json: test the whole document', [{ op: 'test', path: '', value: { kind: 'Pod' } }]),
  json('json: ops are applied in order', [
    { op: 'add', path: '/metadata/labels/a', value: '1' },
    { op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/b' },
    { op: 'copy', from: '/metadata/labels/b', path: '/metadata/annotations/b' },
  ]),
  json('json: unknown op', [{ op: 'bogus' }]),
  json('json: op missing', [{ path: '/a' }]),
  json('json: null op', [null]),
  json('json: not an array', { op: 'add' }),
  json('json: array of strings', ['x']),
];
