import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GLOBAL_OPTIONS, parseArguments } from './arguments.js';
import { runSimServe, SIM_SERVE_OPTIONS } from './commands/sim-serve.js';
import { CliError, EXIT } from './exit-codes.js';
import { isKnownLanguageFlag, type Language, resolveLanguage } from './ui/language.js';
import { type Messages, messages } from './ui/messages.js';

/** Options of every command, so the command word is found even after `--wait 30s`-style options. */
const ALL_OPTIONS = {
  ...SIM_SERVE_OPTIONS,
  wait: { type: 'string' },
  level: { type: 'string' },
  all: { type: 'boolean' },
  format: { type: 'string' },
  mirror: { type: 'string' },
  preload: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
} as const;

function commandWords(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { ...GLOBAL_OPTIONS, ...ALL_OPTIONS },
      allowPositionals: true,
      strict: false,
    }).positionals;
  } catch {
    return argv.filter((a) => !a.startsWith('-'));
  }
}

/** The lesson-engine commands: each parsed with its own options, loaded on demand. */
async function runCourseCommand(command: string, argv: string[], t: Messages, language: Language) {
  const checked = <V extends { lang?: string | undefined; help?: boolean | undefined }>(
    values: V,
  ) => {
    if (values.lang !== undefined && !isKnownLanguageFlag(values.lang))
      throw new CliError(t.badLang(values.lang), EXIT.usage);
    return values;
  };
  const lang = (values: { lang?: string | undefined }) =>
    values.lang === undefined ? language : resolveLanguage(values.lang);
  const refOf = (words: string[]) => {
    if (words.length > 2)
      throw new CliError(t.badOption(`unexpected argument "${words[2]}"`), EXIT.usage);
    return words[1];
  };
  switch (command) {
    case 'list': {
      const { runList, LIST_OPTIONS } = await import('./commands/list.js');
      const { values, positionals } = parseArguments(argv, LIST_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      if (positionals.length > 1)
        throw new CliError(t.badOption(`unexpected argument "${positionals[1]}"`), EXIT.usage);
      return runList(values, lang(values));
    }
    case 'check': {
      const { runCheck, CHECK_OPTIONS } = await import('./commands/check.js');
      const { values, positionals } = parseArguments(argv, CHECK_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      return runCheck(refOf(positionals), values, lang(values));
    }
    case 'hint': {
      const { runHint, HINT_OPTIONS } = await import('./commands/hint.js');
      const { values, positionals } = parseArguments(argv, HINT_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      return runHint(refOf(positionals), values, lang(values));
    }
    case 'solve': {
      const { runSolve, SOLVE_OPTIONS } = await import('./commands/solve.js');
      const { values, positionals } = parseArguments(argv, SOLVE_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      return runSolve(refOf(positionals), values, lang(values));
    }
    case 'reset': {
      const { runReset, RESET_OPTIONS } = await import('./commands/reset.js');
      const { values, positionals } = parseArguments(argv, RESET_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      return runReset(refOf(positionals), values, lang(values));
    }
    case 'selftest': {
      const { runSelftest, SELFTEST_OPTIONS } = await import('./commands/selftest.js');
      const { values, positionals } = parseArguments(argv, SELFTEST_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      return runSelftest(refOf(positionals), values, lang(values));
    }
    case 'report': {
      const { runReport, REPORT_OPTIONS } = await import('./commands/report.js');
      const { values, positionals } = parseArguments(argv, REPORT_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      if (positionals.length > 1)
        throw new CliError(t.badOption(`unexpected argument "${positionals[1]}"`), EXIT.usage);
      return runReport(values, lang(values));
    }
    case 'progress': {
      const { runProgress, PROGRESS_OPTIONS } = await import('./commands/progress.js');
      const { values, positionals } = parseArguments(argv, PROGRESS_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      if (positionals.length > 3)
        throw new CliError(t.badOption(`unexpected argument "${positionals[3]}"`), EXIT.usage);
      return runProgress(positionals[1], positionals[2], values, lang(values));
    }
    case 'start': {
      const { runStart, START_OPTIONS } = await import('./commands/start.js');
      const { values, positionals } = parseArguments(argv, START_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      if (positionals.length > 1)
        throw new CliError(t.badOption(`unexpected argument "${positionals[1]}"`), EXIT.usage);
      return runStart(values, lang(values));
    }
    case 'preset': {
      const { runPreset, PRESET_OPTIONS } = await import('./commands/preset.js');
      const { values, positionals } = parseArguments(argv, PRESET_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      return runPreset(positionals, values, lang(values));
    }
    case 'kind': {
      const { runKind, KIND_OPTIONS } = await import('./commands/kind.js');
      const { values, positionals } = parseArguments(argv, KIND_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      const sub = positionals[1];
      if (sub !== 'create' && sub !== 'delete') {
        throw new CliError(
          t.badOption(`"kind" takes create or delete, got "${sub ?? ''}"`),
          EXIT.usage,
        );
      }
      return runKind(sub, values, lang(values));
    }
    case 'shell': {
      const { runShell, SHELL_OPTIONS } = await import('./commands/shell.js');
      const { values, positionals } = parseArguments(argv, SHELL_OPTIONS, t.badOption);
      if (checked(values).help) return printUsage(t);
      if (positionals.length > 1)
        throw new CliError(t.badOption(`unexpected argument "${positionals[1]}"`), EXIT.usage);
      return runShell(values, lang(values));
    }
    default:
      return undefined;
  }
}

/** package.json sits two levels up from src/cli, three from dist/src/cli. */
function packageVersion() {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === 'pod-course') return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return 'unknown';
}

/** Finds `--lang` before full parsing, so even usage errors come out in the right language. */
function earlyLanguage(argv: string[]): Language {
  const index = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value =
    index < 0
      ? undefined
      : argv[index]?.includes('=')
        ? argv[index]?.split('=')[1]
        : argv[index + 1];
  return resolveLanguage(value && isKnownLanguageFlag(value) ? value : undefined);
}

/** `sim start|stop|status`: loaded on demand, like the other commands that need no simulator code. */
async function runBackgroundCommand(
  sub: 'start' | 'stop' | 'status',
  argv: string[],
  t: Messages,
  language: Language,
): Promise<number> {
  const checked = <V extends { lang?: string | undefined }>(values: V) => {
    if (values.lang !== undefined && !isKnownLanguageFlag(values.lang))
      throw new CliError(t.badLang(values.lang), EXIT.usage);
    return values;
  };
  if (sub === 'start') {
    const { runSimStart, SIM_START_OPTIONS } = await import('./commands/sim-start.js');
    const values = checked(parseArguments(argv, SIM_START_OPTIONS, t.badOption).values);
    return values.help ? printUsage(t) : await runSimStart(values, t, language);
  }
  if (sub === 'stop') {
    const { runSimStop, SIM_STOP_OPTIONS } = await import('./commands/sim-stop.js');
    const values = checked(parseArguments(argv, SIM_STOP_OPTIONS, t.badOption).values);
    return values.help ? printUsage(t) : await runSimStop(values, t);
  }
  const { runSimStatus, SIM_STATUS_OPTIONS } = await import('./commands/sim-status.js');
  const values = checked(parseArguments(argv, SIM_STATUS_OPTIONS, t.badOption).values);
  return values.help ? printUsage(t) : await runSimStatus(values, t);
}

function printUsage(t: Messages) {
  process.stdout.write(`${t.usage()}\n`);
  return EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  const language = earlyLanguage(argv);
  const t = messages(language);
  const debug = argv.includes('--debug');
  try {
    const [command, sub] = commandWords(argv);
    if (command === 'sim' && sub === 'serve') {
      const { values } = parseArguments(argv, SIM_SERVE_OPTIONS, t.badOption);
      if (values.lang !== undefined && !isKnownLanguageFlag(values.lang))
        throw new CliError(t.badLang(values.lang), EXIT.usage);
      if (values.help) {
        process.stdout.write(`${t.usage()}\n`);
        return EXIT.ok;
      }
      return await runSimServe(values, t);
    }
    if (command === 'sim' && (sub === 'start' || sub === 'stop' || sub === 'status')) {
      return await runBackgroundCommand(sub, argv, t, language);
    }
    if (command === 'sim' && sub === 'advance') {
      const { values, positionals: words } = parseArguments(argv, {}, t.badOption);
      if (values.lang !== undefined && !isKnownLanguageFlag(values.lang))
        throw new CliError(t.badLang(values.lang), EXIT.usage);
      const { runSimAdvance } = await import('./commands/sim-advance.js');
      return await runSimAdvance(words[2], values, t);
    }
    if (command !== undefined) {
      const code = await runCourseCommand(command, argv, t, language);
      if (code !== undefined) return code;
    }
    const { values } = parseArguments(argv, {}, t.badOption);
    if (values.lang !== undefined && !isKnownLanguageFlag(values.lang))
      throw new CliError(t.badLang(values.lang), EXIT.usage);
    if (values.version) {
      process.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    if (values.help || command === undefined || command === 'help') {
      process.stdout.write(`${t.usage()}\n`);
      return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    const name = command === 'sim' ? `sim ${sub ?? ''}`.trim() : command;
    throw new CliError(t.unknownCommand(name), EXIT.usage);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`pod-course: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`pod-course: ${t.unexpected((error as Error).message)}\n`);
    if (debug) process.stderr.write(`${(error as Error).stack}\n`);
    return EXIT.notPassed;
  }
}
