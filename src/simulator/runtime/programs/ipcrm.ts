import type { IpcKind } from '../process/contracts.js';
import { busyboxIpcrm } from './ipcrm-busybox.js';
import { Exit, KIND_OF, LEGACY, legacyForm, parseKey, Run, refusal } from './ipcrm-run.js';
import type { Tool } from './tool.js';

/**
 * `ipcrm`: System V IPC objects removed from the process's IPC namespace (the pod's, or the
 * node's for a hostIPC pod) by id (`-m`, `-q`, `-s`) or key (`-M`, `-Q`, `-S`), or in the old
 * `ipcrm shm|msg|sem ID...` form. util-linux 2.38 (Debian) adds `-a[=shm|msg|sem]`, `-v` and
 * long options and says `invalid id (N)`; busybox 1.36 says the same for a bad id, has no `-a`,
 * and exits with the number of failures.
 */

const GNU_HELP = `
Usage:
 ipcrm [options]
 ipcrm shm|msg|sem <id>...

Remove certain IPC resources.

Options:
 -m, --shmem-id <id>        remove shared memory segment by id
 -M, --shmem-key <key>      remove shared memory segment by key
 -q, --queue-id <id>        remove message queue by id
 -Q, --queue-key <key>      remove message queue by key
 -s, --semaphore-id <id>    remove semaphore by id
 -S, --semaphore-key <key>  remove semaphore by key
 -a, --all[=shm|msg|sem]    remove all (in the specified category)
 -v, --verbose              explain what is being done

 -h, --help                 display this help
 -V, --version              display version

For more details see ipcrm(1).
`;

const VERBOSE_NAME: Record<IpcKind, string> = {
  shm: 'shared memory segment',
  msg: 'message queue',
  sem: 'semaphore',
};
const GNU_LONG: Record<string, string> = {
  'shmem-id': 'm',
  'shmem-key': 'M',
  'queue-id': 'q',
  'queue-key': 'Q',
  'semaphore-id': 's',
  'semaphore-key': 'S',
  all: 'a',
  verbose: 'v',
  help: 'h',
  version: 'V',
};

export const ipcrm: Tool = async (context, flavour) => {
  const run = new Run(context);
  let status: number;
  try {
    status = flavour === 'gnu' ? utilLinux(run) : busyboxIpcrm(run);
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    status = error.status;
  }
  if (run.out) await context.stdout.write(run.out);
  if (run.err) await context.stderr.write(run.err);
  return status;
};

/** getopt_long over util-linux's "q:m:s:Q:M:S:a::vhV": options in order, operands put aside. */
function gnuOptions(run: Run, args: readonly string[]) {
  const options: { letter: string; value: string | undefined }[] = [];
  const operands: string[] = [];
  const required = 'qmsQMS';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name = '', inline] = arg.slice(2).split(/=(.*)/s);
      const letter = GNU_LONG[name];
      if (letter === undefined) run.fatal(`unrecognized option '${arg}'`, true);
      let value = inline;
      if (required.includes(letter as string) && value === undefined) value = args[++i];
      if (required.includes(letter as string) && value === undefined) {
        run.fatal(`option '--${name}' requires an argument`, true);
      }
      options.push({ letter: letter as string, value });
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j] as string;
      if (!'qmsQMSavhV'.includes(letter)) run.fatal(`invalid option -- '${letter}'`, true);
      const rest = arg.slice(j + 1);
      if (letter === 'a') {
        // An optional argument must be glued on: `-ashm`, never `-a shm`.
        options.push({ letter, value: rest === '' ? undefined : rest });
        break;
      }
      if (required.includes(letter)) {
        const value = rest !== '' ? rest : args[++i];
        if (value === undefined) run.fatal(`option requires an argument -- '${letter}'`, true);
        options.push({ letter, value });
        break;
      }
      options.push({ letter, value: undefined });
    }
  }
  return { options, operands };
}

function utilLinux(run: Run): number {
  const args = run.context.argv.slice(1);
  // Without arguments util-linux 2.38 does nothing, successfully.
  if (args.length === 0) return 0;
  const legacy = LEGACY[args[0] as string];
  if (legacy) return legacyForm(run, legacy, args.slice(1), 'gnu');
  const { options, operands } = gnuOptions(run, args);
  let failures = 0;
  let verbose = false;
  let all: IpcKind[] | undefined;
  const removeId = (kind: IpcKind, id: number, what: 'id' | 'key') => {
    if (verbose) run.out += `removing ${VERBOSE_NAME[kind]} id \`${id}'\n`;
    const problem = run.remove(kind, id);
    if (problem) {
      run.err += `ipcrm: ${refusal(problem, what)} (${id})\n`;
      failures++;
    }
  };
  for (const { letter, value = '' } of options) {
    if (letter === 'h') {
      run.out += GNU_HELP;
      throw new Exit(0);
    }
    if (letter === 'V') {
      run.out += 'ipcrm from util-linux 2.38.1\n';
      throw new Exit(0);
    }
    if (letter === 'v') {
      verbose = true;
    } else if (letter === 'a') {
      if (value === '') all = ['shm', 'sem', 'msg'];
      else all = [LEGACY[value] ?? run.fatal(`unknown argument: ${value}`)];
    } else if (letter === letter.toLowerCase()) {
      // strtos32_or_err: a decimal int.
      if (!/^[-+]?\d+$/.test(value)) run.fatal(`failed to parse argument: '${value}'`);
      const id = Number(value);
      if (id > 0x7fffffff || id < -0x80000000) {
        run.fatal(`failed to parse argument: '${value}': Numerical result out of range`);
      }
      removeId(KIND_OF[letter] as IpcKind, id, 'id');
    } else {
      const kind = KIND_OF[letter.toLowerCase()] as IpcKind;
      const key = parseKey(value) ?? run.fatal(`failed to parse argument: '${value}'`);
      const id = key === 0 ? undefined : run.ipc?.idOfKey(kind, key);
      if (id === undefined) {
        run.err += `ipcrm: ${key === 0 ? 'illegal' : 'invalid'} key (${value})\n`;
        failures++;
      } else {
        removeId(kind, id, 'key');
      }
    }
  }
  for (const kind of all ?? []) {
    for (const object of run.objects(kind)) removeId(kind, object.id, 'id');
  }
  if (operands.length > 0) run.fatal(`unknown argument: ${operands[0]}`, true);
  return failures === 0 ? 0 : 1;
}
