import { describe, expect, it } from 'vitest';
import { ShellWorld } from './shell-world.test-support.js';

describe('[[ ]] in busybox ash', () => {
  it('matches the right-hand side of == and != as a pattern', async () => {
    const world = new ShellWorld('ash');
    const script =
      'x=hello; [[ $x == h* ]] && echo star; [[ $x == h?llo ]] && echo question; ' +
      '[[ $x == [gh]ello ]] && echo class; [[ $x != h* ]] || echo negated; [[ $x = x* ]] || echo no';
    expect(await world.run(script)).toEqual({
      stdout: 'star\nquestion\nclass\nnegated\nno\n',
      stderr: '',
      status: 0,
    });
  });

  it('takes quoted parts of the pattern literally, and a pattern from a variable live', async () => {
    const world = new ShellWorld('ash');
    const script =
      'x=hello; p="h*"; [[ $x == "h*" ]] || echo literal; [[ $x == $p ]] && echo live; ' +
      '[[ $x == "$p" ]] || echo quoted; y="h*"; [[ $y == "h*" ]] && echo same';
    expect((await world.run(script)).stdout).toBe('literal\nlive\nquoted\nsame\n');
  });

  it('neither splits nor globs the operands', async () => {
    const world = new ShellWorld('ash', { '/tmp/a': '', '/tmp/b': '' });
    const script =
      'v="a b"; [[ $v == "a b" ]] && echo whole; cd /tmp; [[ * == "*" ]] && echo noglob';
    expect((await world.run(script)).stdout).toBe('whole\nnoglob\n');
  });

  it('leaves test and [ comparing strings', async () => {
    const world = new ShellWorld('ash');
    expect(
      (await world.run('[ hello = "h*" ] || echo plain; test hello = h* || echo plain')).stdout,
    ).toBe('plain\nplain\n');
  });
});
