import type { FunctionDef } from './ast.js';

export interface Variable {
  value: string | undefined;
  exported: boolean;
  readonly: boolean;
}

export interface ShellOptions {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  noglob: boolean;
  noclobber: boolean;
  allexport: boolean;
  pipefail: boolean;
  verbose: boolean;
  noexec: boolean;
  monitor: boolean;
  interactive: boolean;
}

/** `$-` letters, in the order dash prints them. */
const OPTION_LETTERS: [keyof ShellOptions, string][] = [
  ['errexit', 'e'],
  ['noglob', 'f'],
  ['interactive', 'i'],
  ['monitor', 'm'],
  ['noexec', 'n'],
  ['nounset', 'u'],
  ['verbose', 'v'],
  ['xtrace', 'x'],
  ['allexport', 'a'],
  ['noclobber', 'C'],
];

export const OPTION_BY_LETTER = new Map(OPTION_LETTERS.map(([name, letter]) => [letter, name]));

export const OPTION_BY_NAME: Record<string, keyof ShellOptions> = {
  errexit: 'errexit',
  nounset: 'nounset',
  xtrace: 'xtrace',
  noglob: 'noglob',
  noclobber: 'noclobber',
  allexport: 'allexport',
  pipefail: 'pipefail',
  verbose: 'verbose',
  noexec: 'noexec',
  monitor: 'monitor',
};

/**
 * Everything a subshell copies from its parent: variables, functions, options, positional
 * parameters, cwd, traps. `clone()` is what `fork()` gives a subshell.
 */
export class ShellState {
  vars = new Map<string, Variable>();
  functions = new Map<string, FunctionDef>();
  positional: string[] = [];
  arg0 = 'sh';
  cwd = '/';
  lastStatus = 0;
  lastBackgroundPid: number | undefined;
  /** Trap actions by `EXIT` or signal name (`SIGTERM`); '' means ignored. */
  traps = new Map<string, string>();
  umask = 0o022;
  /** `getopts`' position inside a bundle of options (`-ab`). */
  optionOffset = 1;
  /** Saved variables of `local`, one frame per running function. */
  localFrames: Map<string, Variable | undefined>[] = [];
  options: ShellOptions = {
    errexit: false,
    nounset: false,
    xtrace: false,
    noglob: false,
    noclobber: false,
    allexport: false,
    pipefail: false,
    verbose: false,
    noexec: false,
    monitor: false,
    interactive: false,
  };

  clone(): ShellState {
    const copy = new ShellState();
    for (const [name, variable] of this.vars) copy.vars.set(name, { ...variable });
    copy.functions = new Map(this.functions);
    copy.positional = [...this.positional];
    copy.arg0 = this.arg0;
    copy.cwd = this.cwd;
    copy.lastStatus = this.lastStatus;
    copy.lastBackgroundPid = this.lastBackgroundPid;
    // A subshell keeps ignored signals ignored; caught ones go back to their default.
    for (const [name, action] of this.traps)
      if (action === '' && name !== 'EXIT') copy.traps.set(name, '');
    copy.umask = this.umask;
    copy.localFrames = this.localFrames.map((frame) => new Map(frame));
    copy.options = { ...this.options, interactive: false };
    return copy;
  }

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  /** Sets a variable; false when it is read-only. */
  set(name: string, value: string): boolean {
    const existing = this.vars.get(name);
    if (existing?.readonly) return false;
    if (existing) existing.value = value;
    else this.vars.set(name, { value, exported: this.options.allexport, readonly: false });
    if (this.options.allexport && existing) existing.exported = true;
    return true;
  }

  /** Unsets a variable; false when it is read-only. */
  unset(name: string): boolean {
    const existing = this.vars.get(name);
    if (existing?.readonly) return false;
    if (existing) {
      // A variable made local stays local-and-unset until the function returns.
      if (this.localFrames.some((frame) => frame.has(name))) {
        existing.value = undefined;
        existing.exported = false;
      } else this.vars.delete(name);
    }
    return true;
  }

  /** `local name`: saves the current variable, to be restored when the function returns. */
  makeLocal(name: string): void {
    const frame = this.localFrames[this.localFrames.length - 1];
    if (!frame || frame.has(name)) return;
    const existing = this.vars.get(name);
    frame.set(name, existing ? { ...existing } : undefined);
  }

  popLocals(): void {
    const frame = this.localFrames.pop();
    if (!frame) return;
    for (const [name, saved] of frame) {
      if (saved) this.vars.set(name, saved);
      else this.vars.delete(name);
    }
  }

  /** The environment exported to commands. */
  environment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, variable] of this.vars) {
      if (variable.exported && variable.value !== undefined) env[name] = variable.value;
    }
    return env;
  }

  /** `$-`. */
  flags(commandString: boolean): string {
    let text = '';
    for (const [name, letter] of OPTION_LETTERS) if (this.options[name]) text += letter;
    return commandString ? `${text}c` : text;
  }
}
