import type { Program } from '../contracts.js';

/** `env [-i] [NAME=VALUE]... [COMMAND [ARG]...]`: prints the environment or runs a command in it. */
export const env: Program = async (context) => {
  const args = context.argv.slice(1);
  let environment: Record<string, string> = { ...context.env };
  while (args.length > 0) {
    const arg = args[0] as string;
    if (arg === '-i' || arg === '-') {
      environment = {};
      args.shift();
    } else if (arg === '--') {
      args.shift();
      break;
    } else if (arg.includes('=') && !arg.startsWith('=')) {
      const at = arg.indexOf('=');
      environment[arg.slice(0, at)] = arg.slice(at + 1);
      args.shift();
    } else break;
  }
  if (args.length === 0) {
    const text = Object.entries(environment)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('');
    await context.stdout.write(text);
    return 0;
  }
  const name = args[0] as string;
  const executable = context.lookPath(name, environment.PATH ?? '');
  if (executable === undefined) {
    await context.stderr.write(`env: can't execute '${name}': No such file or directory\n`);
    return 127;
  }
  return context.exec({
    argv: args,
    env: environment,
    cwd: context.cwd,
    stdin: context.stdin,
    stdout: context.stdout,
    stderr: context.stderr,
    executable,
  });
};
