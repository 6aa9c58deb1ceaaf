import { describe, expect, it } from 'vitest';
import { wrapCommand } from './command-layout.js';

describe('wrapCommand', () => {
  it('keeps a command that fits on one line as it is', () => {
    expect(wrapCommand('kubectl get pods', 40)).toEqual(['kubectl get pods']);
  });

  it('continues a long command with a backslash at a space', () => {
    expect(wrapCommand('$ kubectl apply -f /a/very/long/path/to/lesson/solution.yaml', 24)).toEqual(
      ['$ kubectl apply -f \\', '    /a/very/long/path/to/lesson/solution.yaml'],
    );
  });

  it('never breaks inside quotes, where a backslash would not continue the line', () => {
    const lines = wrapCommand("kubectl exec p -- sh -c 'echo one two three four'", 20);
    expect(lines).toContain("    'echo one two three four'");
    expect(lines.slice(0, -1).every((line) => line.endsWith(' \\'))).toBe(true);
  });
});
