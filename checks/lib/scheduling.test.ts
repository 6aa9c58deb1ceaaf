import { describe, expect, it } from 'vitest';
import { nodesFiledUnder } from './scheduling.js';

const SELECTOR = "node(s) didn't match Pod's node affinity/selector";
const NOTHING_FITS =
  "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

describe('nodesFiledUnder', () => {
  it('reads the count of one reason from a FitError message', () => {
    expect(nodesFiledUnder(NOTHING_FITS, SELECTOR)).toBe(2);
    expect(
      nodesFiledUnder(
        NOTHING_FITS,
        'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
      ),
    ).toBe(1);
  });

  it('counts a reason listed first, alone, or not at all', () => {
    const tolerated =
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    expect(nodesFiledUnder(tolerated, SELECTOR)).toBe(3);
    expect(nodesFiledUnder(tolerated, 'Insufficient cpu')).toBe(0);
  });

  it('ignores the preemption histogram', () => {
    expect(nodesFiledUnder(NOTHING_FITS, 'Preemption is not helpful for scheduling')).toBe(0);
  });
});
