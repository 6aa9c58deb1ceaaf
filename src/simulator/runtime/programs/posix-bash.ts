import type { InputStream, OutputStream, ProcessContext, Program } from '../process/contracts.js';
import { findBashOnly, refusal } from './bash-only-syntax.js';
import { bytes, resolvePath, text } from './io.js';

/** GNU bash of each base image, for `bash --version`. */
const BASH_VERSIONS: Record<string, string> = {
  noble: '5.2.21(1)-release',
  jammy: '5.1.16(1)-release',
  bookworm: '5.2.15(1)-release',
  ol: '5.1.8(1)-release',
};

/** Options of bash that the POSIX shell underneath has no use for. */
const BASH_LONG_OPTIONS = new Set(['--login', '--norc', '--noprofile', '--posix', '--noediting']);

/**
 * `bash` of the Debian-family and Oracle Linux images, run by the simulator's POSIX shell
 * (busybox ash's flavour: it has `[[ ]]` with pattern matching, `${v:offset:length}`, `pipefail` and `&>` as bash
 * does). What only bash can do — arrays, brace expansion, `<<<`, `(( ))`, `declare`… — is
 * refused with a message that says so before anything runs, instead of running with another
 * meaning. An interactive session gets the prompt Ubuntu's and Debian's root .bashrc sets.
 */
export function posixBash(shell: Program): Program {
  return async (context) => {
    const arg0 = context.argv[0] ?? 'bash';
    const args = context.argv.slice(1).filter((arg) => !BASH_LONG_OPTIONS.has(arg));
    if (args[0] === '--version') {
      await context.stdout.write(versionText(context));
      return 0;
    }
    const invocation = invocationOf(args);
    const refuse = async (source: string) => {
      const use = findBashOnly(source);
      if (!use) return false;
      await context.stderr.write(refusal(arg0, use));
      return true;
    };
    if (invocation.command !== undefined) {
      if (await refuse(invocation.command)) return 2;
      return shell({ ...context, argv: [arg0, ...args] });
    }
    if (invocation.script !== undefined) {
      let source: string | undefined;
      try {
        source = text(context.fs.readFile(resolvePath(context.cwd, invocation.script)));
      } catch {
        source = undefined; // The shell reports the missing script in its own words.
      }
      if (source !== undefined && (await refuse(source))) return 2;
      return shell({ ...context, argv: [arg0, ...args] });
    }
    const interactive = invocation.interactive || context.stderr.isTerminal;
    if (interactive) {
      const env = { ...context.env };
      // Ubuntu's and Debian's /root/.bashrc: PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '.
      env.PS1 ??= '\\u@\\h:\\w\\$ ';
      return shell({
        ...context,
        argv: [arg0, ...args],
        env,
        stdin: refusingLines(context.stdin, context.stderr, arg0),
      });
    }
    // Commands from a pipe run as they arrive (`kubectl exec -i`): each line is judged alone.
    return shell({
      ...context,
      argv: [arg0, ...args],
      stdin: refusingLines(context.stdin, context.stderr, arg0),
    });
  };
}

function invocationOf(args: string[]): { command?: string; script?: string; interactive: boolean } {
  let interactive = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return { script: args[i + 1] as string, interactive };
    if (!/^[-+]./.test(arg)) return { script: arg, interactive };
    if (arg.includes('i')) interactive = true;
    if (arg.startsWith('-') && arg.includes('c'))
      return { command: args[i + 1] ?? '', interactive };
    if (arg === '-o' || arg === '+o') i++;
  }
  return { interactive };
}

/** Input read line by line: a line that uses a bash-only feature is refused, not run. */
function refusingLines(input: InputStream, stderr: OutputStream, arg0: string): InputStream {
  const filtered: InputStream = {
    async read(signal) {
      const chunk = await input.read(signal);
      if (chunk === null) return null;
      const lines = text(chunk).split('\n');
      const kept: string[] = [];
      for (const [index, line] of lines.entries()) {
        const complete = index < lines.length - 1;
        const use = complete ? findBashOnly(line) : undefined;
        if (use) await stderr.write(refusal(arg0, use));
        kept.push(use ? '' : line);
      }
      return bytes(kept.join('\n'));
    },
  };
  return input.terminal ? { ...filtered, terminal: input.terminal } : filtered;
}

function versionText(context: ProcessContext): string {
  let release = '';
  try {
    release = text(context.fs.readFile('/etc/os-release'));
  } catch {
    release = '';
  }
  const key =
    /^VERSION_CODENAME=(\w+)/m.exec(release)?.[1] ?? /^ID="?(\w+)/m.exec(release)?.[1] ?? '';
  const version = BASH_VERSIONS[key] ?? BASH_VERSIONS.bookworm;
  return `GNU bash, version ${version} (x86_64-pc-linux-gnu)
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>

This is free software; you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.
`;
}
