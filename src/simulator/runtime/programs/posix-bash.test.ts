// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell scripts, not templates
import { describe, expect, it } from 'vitest';
import { shellProgram } from '../shell/sh-program.js';
import { ShellWorld } from '../shell/shell-world.test-support.js';
import { findBashOnly } from './bash-only-syntax.js';
import { posixBash } from './posix-bash.js';

function bashWorld() {
  return new ShellWorld(
    'dash',
    { '/etc/os-release': 'VERSION_CODENAME=noble\n' },
    {
      '/bin/bash': posixBash(shellProgram('ash')),
    },
  );
}

describe('bash-only syntax', () => {
  it('finds what a POSIX shell would run with another meaning or not at all', () => {
    const cases: [string, string][] = [
      ['a=(1 2 3); echo ${a[1]}', 'a=('],
      ['echo {1..3}', '{1..3}'],
      ['cp file{,.bak}', 'file{,.bak}'],
      ['cat <<< hi', '<<<'],
      ['(( x = 1 + 2 ))', '(('],
      ['function f { echo f; }', 'function f'],
      ['declare -i n=3', 'declare'],
      ['diff <(ls a) <(ls b)', '<('],
      ['[[ abc =~ ^a ]] && echo y', '=~'],
      ['s=hello; echo "${s^^}"', '${s^^}'],
      ['echo $RANDOM', '$RANDOM'],
      ['arr[2]=x', 'arr[2]='],
    ];
    for (const [source, snippet] of cases)
      expect(findBashOnly(source)?.snippet, source).toBe(snippet);
  });

  it('leaves POSIX scripts and quoted text alone', () => {
    for (const source of [
      'for i in 1 2 3; do echo $i; done',
      "awk '{print $1,$2}' /etc/passwd",
      'echo "{1..3} is literal here"',
      "echo '${a[1]}'",
      'x=$(date); echo ${x:-none} ${#x}',
      '[[ -f /etc/passwd ]] && echo yes',
      '[[ $x == h* ]] && echo y',
      'echo ${PATH:0:4}',
      'find / -name x -exec ls {} +',
      'f() { echo hi; }; f # a comment with {a,b} and (( ))',
      'echo $((1 + 2))',
    ]) {
      expect(findBashOnly(source), source).toBeUndefined();
    }
  });
});

describe('bash as the simulator runs it', () => {
  it('runs POSIX scripts and the bash extensions ash shares', async () => {
    const world = bashWorld();
    const r = world.start([
      'bash',
      '-c',
      'x=hello; [[ $x == hello ]] && echo ${x:1:3}; [[ $x == h* ]] && echo glob; set -o pipefail; false | true; echo $?',
    ]);
    expect(await r.process.exit).toBe(0);
    expect(r.stdout.text()).toBe('ell\nglob\n1\n');
  });

  it('refuses a bash-only script before running any of it', async () => {
    const world = bashWorld();
    const r = world.start(['bash', '-c', 'echo before; echo {1..3}']);
    expect(await r.process.exit).toBe(2);
    expect(r.stdout.text()).toBe('');
    expect(r.stderr.text()).toBe(
      'bash: {1..3}: not supported by this simulated bash (brace expansion): it is a POSIX shell with [[ ]], ${v:offset:length} and pipefail\n',
    );
  });

  it('judges piped input line by line', async () => {
    const world = bashWorld();
    const r = world.start(['bash'], { stdin: 'echo one\ndeclare -a x\necho two\n' });
    expect(await r.process.exit).toBe(0);
    expect(r.stdout.text()).toBe('one\ntwo\n');
    expect(r.stderr.text()).toContain('bash: declare: not supported by this simulated bash');
  });

  it("prompts as Ubuntu's root .bashrc sets it, and refuses a typed bash-only line", async () => {
    const world = bashWorld();
    const r = world.start(['bash'], { stdin: 'echo {a,b}\necho ok\n', terminal: true });
    expect(await r.process.exit).toBe(0);
    expect(r.stdout.text()).toBe('ok\n');
    expect(r.stderr.text()).toMatch(/^root@[\w.-]+:\/# bash: \{a,b\}: not supported/);
  });

  it('reports the image version of GNU bash', async () => {
    const world = bashWorld();
    const r = world.start(['bash', '--version']);
    await r.process.exit;
    expect(r.stdout.text()).toMatch(
      /^GNU bash, version 5\.2\.21\(1\)-release \(x86_64-pc-linux-gnu\)\n/,
    );
  });
});
