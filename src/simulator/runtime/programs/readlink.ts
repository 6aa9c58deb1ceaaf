import type { FileSystem } from '../fs/file-system.js';
import { FS_ERROR_TEXT, FsError } from '../fs/file-system.js';
import { resolvePath } from './io.js';
import { busyboxUsage, type Tool } from './tool.js';

/**
 * `readlink`: busybox's `readlink [-fnv] FILE` and coreutils' `readlink [-f|-e|-m] [-n] [-z]
 * [-v] FILE...`. Without a canonicalize option it prints a symlink's target as stored, and a
 * file that is no symlink fails quietly (status 1) unless -v asks for the EINVAL message.
 */
const BUSYBOX_USAGE = busyboxUsage(
  'readlink [-fnv] FILE',
  "Display the value of a symlink\n\n\t-f\tCanonicalize by following all symlinks\n\t-n\tDon't add newline\n\t-v\tVerbose",
);

type Canonical = 'f' | 'e' | 'm' | undefined;

export const readlink: Tool = async (context, flavour) => {
  let canonical: Canonical;
  let newline = true;
  let zero = false;
  let verbose = false;
  const files: string[] = [];
  let options = true;
  for (const arg of context.argv.slice(1)) {
    if (options && arg === '--') {
      options = false;
      continue;
    }
    const long: Record<string, string> = {
      '--canonicalize': 'f',
      '--canonicalize-existing': 'e',
      '--canonicalize-missing': 'm',
      '--no-newline': 'n',
      '--zero': 'z',
      '--verbose': 'v',
      '--quiet': 'q',
      '--silent': 's',
    };
    const letters = !options
      ? undefined
      : flavour === 'gnu' && arg.startsWith('--')
        ? long[arg]
        : arg.length > 1 && arg.startsWith('-')
          ? arg.slice(1)
          : undefined;
    if (letters === undefined) {
      if (options && flavour === 'gnu' && arg.startsWith('--')) {
        await context.stderr.write(
          `readlink: unrecognized option '${arg}'\nTry 'readlink --help' for more information.\n`,
        );
        return 1;
      }
      files.push(arg);
      continue;
    }
    for (const letter of letters) {
      const allowed = flavour === 'busybox' ? 'fnv' : 'femnzvqs';
      if (!allowed.includes(letter)) {
        await context.stderr.write(
          flavour === 'busybox'
            ? `readlink: invalid option -- '${letter}'\n${BUSYBOX_USAGE}`
            : `readlink: invalid option -- '${letter}'\nTry 'readlink --help' for more information.\n`,
        );
        return 1;
      }
      if (letter === 'f' || letter === 'e' || letter === 'm') canonical = letter;
      else if (letter === 'n') newline = false;
      else if (letter === 'z') zero = true;
      else if (letter === 'v') verbose = true;
      else verbose = false;
    }
  }
  if (flavour === 'busybox' ? files.length !== 1 : files.length === 0) {
    await context.stderr.write(
      flavour === 'busybox'
        ? BUSYBOX_USAGE
        : "readlink: missing operand\nTry 'readlink --help' for more information.\n",
    );
    return 1;
  }
  if (!newline && files.length > 1) {
    await context.stderr.write('readlink: ignoring --no-newline with multiple arguments\n');
    newline = true;
  }
  const end = zero ? '\0' : newline ? '\n' : '';
  let status = 0;
  for (const file of files) {
    const path = resolvePath(context.cwd, file);
    try {
      const value = canonical
        ? canonicalize(context.fs, path, canonical)
        : context.fs.readlink(path);
      await context.stdout.write(`${value}${end}`);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      status = 1;
      if (verbose) await context.stderr.write(`readlink: ${file}: ${FS_ERROR_TEXT[error.code]}\n`);
    }
  }
  return status;
};

/**
 * -e: every component must exist; -f: all but the last; -m: none. The missing tail is kept
 * as written, with `.` and `..` folded, after the longest prefix that resolves.
 */
function canonicalize(fs: FileSystem, path: string, mode: 'f' | 'e' | 'm'): string {
  try {
    return fs.realpath(path);
  } catch (error) {
    if (mode === 'e' || !(error instanceof FsError)) throw error;
  }
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  // The longest existing prefix, then the rest.
  for (let keep = parts.length - 1; keep >= 0; keep--) {
    const head = `/${parts.slice(0, keep).join('/')}`;
    let real: string;
    try {
      real = fs.realpath(head);
      if (fs.stat(real).type !== 'directory') throw new FsError('ENOTDIR', path, 'realpath');
    } catch (error) {
      if (mode === 'f') throw error;
      continue;
    }
    const segments = real === '/' ? [] : real.slice(1).split('/');
    for (const part of parts.slice(keep)) {
      if (part === '..') segments.pop();
      else segments.push(part);
    }
    return `/${segments.join('/')}`;
  }
  throw new FsError('ENOENT', path, 'realpath');
}
