// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are shell scripts, not templates
import { describe, expect, it } from 'vitest';
import { parseScript } from './parser.js';
import { ShellWorld } from './shell-world.test-support.js';
import { ShellSyntaxError } from './syntax-error.js';

/**
 * Syntax errors with each shell's exact words. The table was recorded by running every
 * script through busybox 1.35 (`sh -c`) and dash 0.5.12 (`sh -c`); the `sh: ` prefix is
 * left out.
 */
const SYNTAX_ERRORS: [script: string, ash: string, dash: string][] = [
  ['if true; then fi', 'syntax error: unexpected "fi"', '1: Syntax error: "fi" unexpected'],
  ['fi', 'syntax error: unexpected "fi"', '1: Syntax error: "fi" unexpected'],
  ['done', 'syntax error: unexpected "done"', '1: Syntax error: "done" unexpected'],
  ['then', 'syntax error: unexpected "then"', '1: Syntax error: "then" unexpected'],
  [')', 'syntax error: unexpected ")"', '1: Syntax error: ")" unexpected'],
  [
    '(',
    'syntax error: unexpected end of file (expecting ")")',
    '1: Syntax error: end of file unexpected (expecting ")")',
  ],
  [';;', 'syntax error: unexpected ";;"', '1: Syntax error: ";;" unexpected'],
  ['; echo', 'syntax error: unexpected ";"', '1: Syntax error: ";" unexpected'],
  ['| echo', 'syntax error: unexpected "|"', '1: Syntax error: "|" unexpected'],
  ['&& echo', 'syntax error: unexpected "&&"', '1: Syntax error: "&&" unexpected'],
  ['echo |', 'syntax error: unexpected end of file', '1: Syntax error: end of file unexpected'],
  ['echo &&', 'syntax error: unexpected end of file', '1: Syntax error: end of file unexpected'],
  [
    'echo (',
    'syntax error: unexpected end of file (expecting ")")',
    '1: Syntax error: end of file unexpected (expecting ")")',
  ],
  [
    'if',
    'syntax error: unexpected end of file (expecting "then")',
    '1: Syntax error: end of file unexpected (expecting "then")',
  ],
  [
    'if true',
    'syntax error: unexpected end of file (expecting "then")',
    '1: Syntax error: end of file unexpected (expecting "then")',
  ],
  [
    'if true; then echo',
    'syntax error: unexpected end of file (expecting "fi")',
    '1: Syntax error: end of file unexpected (expecting "fi")',
  ],
  [
    'while true; do echo; done; done',
    'syntax error: unexpected "done"',
    '1: Syntax error: "done" unexpected',
  ],
  ['{ }', 'syntax error: unexpected "}"', '1: Syntax error: "}" unexpected'],
  [
    '{ echo',
    'syntax error: unexpected end of file (expecting "}")',
    '1: Syntax error: end of file unexpected (expecting "}")',
  ],
  [
    'case x in',
    'syntax error: unexpected end of file (expecting ")")',
    '1: Syntax error: end of file unexpected (expecting ")")',
  ],
  [
    'case x in a) echo;;',
    'syntax error: unexpected end of file (expecting ")")',
    '1: Syntax error: end of file unexpected (expecting ")")',
  ],
  [
    'case x in a) echo;; esac esac',
    'syntax error: unexpected "esac"',
    '1: Syntax error: "esac" unexpected',
  ],
  [
    'case x',
    'syntax error: unexpected end of file (expecting "in")',
    '1: Syntax error: end of file unexpected (expecting "in")',
  ],
  [
    'for 1 in a; do echo; done',
    'syntax error: bad for loop variable',
    '1: Syntax error: Bad for loop variable',
  ],
  [
    'for i in a b; echo; done',
    'syntax error: unexpected word (expecting "do")',
    '1: Syntax error: word unexpected (expecting "do")',
  ],
  ['f()', 'syntax error: unexpected end of file', '1: Syntax error: end of file unexpected'],
  ['echo >', 'syntax error: unexpected end of file', '1: Syntax error: end of file unexpected'],
  ['echo > ;', 'syntax error: unexpected ";"', '1: Syntax error: ";" unexpected'],
  ['echo <<', 'syntax error: unexpected end of file', '1: Syntax error: end of file unexpected'],
  [
    'echo $(',
    'syntax error: unexpected end of file (expecting ")")',
    '1: Syntax error: end of file unexpected (expecting ")")',
  ],
  ['echo $(if)', 'syntax error: unexpected ")"', '1: Syntax error: ")" unexpected'],
  [
    'echo `',
    'syntax error: EOF in backquote substitution',
    '1: Syntax error: EOF in backquote substitution',
  ],
  ['echo ${', "syntax error: missing '}'", "1: Syntax error: Missing '}'"],
  ['echo ${x', "syntax error: missing '}'", "1: Syntax error: Missing '}'"],
  [
    "echo 'abc",
    'syntax error: unterminated quoted string',
    '1: Syntax error: Unterminated quoted string',
  ],
  [
    "echo 'abc",
    'syntax error: unterminated quoted string',
    '1: Syntax error: Unterminated quoted string',
  ],
  ['x=1 (', 'syntax error: unexpected "("', '1: Syntax error: "(" unexpected'],
  ['echo a b c )', 'syntax error: unexpected ")"', '1: Syntax error: ")" unexpected'],
  ['! ! true', 'syntax error: unexpected "!"', '1: Syntax error: "!" unexpected'],
  ['while; do done', 'syntax error: unexpected ";"', '1: Syntax error: ";" unexpected'],
  [
    'until',
    'syntax error: unexpected end of file (expecting "do")',
    '1: Syntax error: end of file unexpected (expecting "do")',
  ],
  ['echo ${#x:-a}', 'syntax error: bad substitution', '1: Bad substitution'],
  ['echo $((1+))', 'arithmetic syntax error', '1: arithmetic expression: expecting primary: "1+"'],
  ['echo $((a b))', 'arithmetic syntax error', '1: arithmetic expression: expecting EOF: "a b"'],
  ['echo ${x!}', 'syntax error: bad substitution', '1: Bad substitution'],
  [
    'echo a; ( echo b',
    'syntax error: unexpected end of file (expecting ")")',
    '1: Syntax error: end of file unexpected (expecting ")")',
  ],
  ['echo &; echo', 'syntax error: unexpected ";"', '1: Syntax error: ";" unexpected'],
  ['echo a &&& echo', 'syntax error: unexpected "&"', '1: Syntax error: "&" unexpected'],
  ['echo ;; echo', 'syntax error: unexpected ";;"', '1: Syntax error: ";;" unexpected'],
  [
    'echo `echo a; if`',
    'syntax error: unexpected end of file (expecting "then")',
    '1: Syntax error: end of file unexpected (expecting "then")',
  ],
];

describe('syntax errors', () => {
  it.each(SYNTAX_ERRORS)('%s', async (script, ashMessage, dashMessage) => {
    for (const [flavour, message] of [
      ['ash', ashMessage],
      ['dash', dashMessage],
    ] as const) {
      const result = await new ShellWorld(flavour).run(script);
      expect(result.stderr).toBe(`sh: ${message}\n`);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('runs the commands before a bad line, then reports the line (dash numbers it)', async () => {
    const script = 'echo one\necho two\nfi\necho never';
    const ash = await new ShellWorld('ash').run(script);
    expect(ash).toEqual({
      stdout: 'one\ntwo\n',
      stderr: 'sh: syntax error: unexpected "fi"\n',
      status: 2,
    });
    const dash = await new ShellWorld('dash').run(script);
    expect(dash).toEqual({
      stdout: 'one\ntwo\n',
      stderr: 'sh: 3: Syntax error: "fi" unexpected\n',
      status: 2,
    });
  });

  it('names the script and its line when sh runs a file', async () => {
    for (const flavour of ['ash', 'dash'] as const) {
      const world = new ShellWorld(flavour, { '/s.sh': 'echo hi\nnosuch\nif then\n' });
      const started = world.start(['sh', '/s.sh']);
      expect(await started.process.exit).toBe(2);
      expect(started.stdout.text()).toBe('hi\n');
      expect(started.stderr.text()).toBe(
        flavour === 'ash'
          ? '/s.sh: line 2: nosuch: not found\n/s.sh: line 3: syntax error: unexpected "then"\n'
          : '/s.sh: 2: nosuch: not found\n/s.sh: 3: Syntax error: "then" unexpected\n',
      );
    }
  });
});

describe('parser', () => {
  it('keeps quoting in words and reads here-documents after their line', () => {
    const list = parseScript('cat <<EOF; echo "a $x" \'b\'\nbody $y\nEOF\n', { ash: false });
    const [cat, echo] = list.items.map((item) => item.command.first.commands[0]);
    expect(cat?.type === 'simple' && cat.redirects[0]?.heredoc).toEqual({
      expand: true,
      body: {
        parts: [
          { type: 'literal', text: 'body ' },
          { type: 'param', name: 'y' },
          { type: 'literal', text: '\n' },
        ],
      },
    });
    expect(echo?.type === 'simple' && echo.words[1]).toEqual({
      parts: [
        {
          type: 'double',
          parts: [
            { type: 'literal', text: 'a ' },
            { type: 'param', name: 'x' },
          ],
        },
      ],
    });
  });

  it('tells an interactive shell that more input would complete a command', () => {
    for (const source of ['if true', 'echo "abc', 'while :; do', 'echo `x', 'f() {']) {
      try {
        parseScript(source, { ash: true });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ShellSyntaxError);
        expect((error as ShellSyntaxError).incomplete).toBe(true);
      }
    }
  });

  it("parses the notes' multi-line loop", () => {
    const script =
      "while true; do\nif [[ -e /etc/podinfo/labels ]]; then\necho -en '\\n\\n'; cat /etc/podinfo/labels; fi;\nsleep 5;\ndone;";
    const list = parseScript(script, { ash: true });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]?.command.first.commands[0]?.type).toBe('while');
  });
});
