import type { ProcessContext } from '../process/contracts.js';
import type { MountEntry } from '../process/system-views.js';
import { resolvePath } from './io.js';
import { mountTable } from './mount-table.js';
import { BUSYBOX_BANNER, type Flavour, type Tool } from './tool.js';

/**
 * `mount` lists the container's mounts as `/proc/mounts` has them; mounting and unmounting
 * fail as they do in a container without CAP_SYS_ADMIN (every pod that is not privileged):
 * the process is root, but the kernel says EPERM. busybox and util-linux word that
 * differently, and both first check what they can without the kernel (fstab, the target).
 */

const DMESG = '       dmesg(1) may have more information after failed mount system call.\n';

export const mount: Tool = async (context, flavour) => {
  const args = context.argv.slice(1);
  const operands: string[] = [];
  let type: string | undefined;
  let all = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-t') type = args[++i];
    else if (arg.startsWith('-t') && arg.length > 2) type = arg.slice(2);
    else if (arg === '-o' || arg === '-O') i++;
    else if (arg === '-a') all = true;
    else if (arg.startsWith('-') && arg.length > 1) continue;
    else operands.push(arg);
  }
  const table = mountTable(context);
  if (operands.length === 0 && !all) {
    const shown = table.filter((entry) => type === undefined || matchesType(entry, type));
    await context.stdout.write(
      shown
        .map(
          (entry) => `${entry.source} on ${entry.target} type ${entry.type} (${entry.options})\n`,
        )
        .join(''),
    );
    return 0;
  }
  if (operands.length <= 1) return fromFstab(context, flavour, operands[0] ?? '');
  const source = operands[0] as string;
  const target = operands[1] as string;
  const exists = pointExists(context, table, target);
  if (flavour === 'gnu') {
    await context.stderr.write(
      `mount: ${target}: ${exists ? 'permission denied' : 'mount point does not exist'}.\n${DMESG}`,
    );
    return 32;
  }
  await context.stderr.write(
    exists
      ? 'mount: permission denied (are you root?)\n'
      : `mount: mounting ${source} on ${target} failed: No such file or directory\n`,
  );
  return 1;
};

/** `-t nodev,tmpfs` style lists; `no` in front negates the whole list. */
function matchesType(entry: MountEntry, list: string): boolean {
  const negate = list.startsWith('no');
  const types = (negate ? list.slice(2) : list).split(',');
  return types.includes(entry.type) !== negate;
}

/** `mount DIR` and `mount -a` look in /etc/fstab, which a container image rarely has. */
async function fromFstab(context: ProcessContext, flavour: Flavour, operand: string) {
  let fstab: string | undefined;
  try {
    fstab = new TextDecoder().decode(context.fs.readFile('/etc/fstab'));
  } catch {
    fstab = undefined;
  }
  if (flavour === 'gnu') {
    if (operand === '') return 0;
    await context.stderr.write(`mount: ${operand}: can't find in /etc/fstab.\n`);
    return 1;
  }
  if (fstab === undefined) {
    await context.stderr.write("mount: can't read '/etc/fstab': No such file or directory\n");
    return 1;
  }
  const listed = fstab
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .some((line) => line.split(/\s+/).slice(0, 2).includes(operand));
  if (operand === '') return 0;
  await context.stderr.write(
    listed
      ? 'mount: permission denied (are you root?)\n'
      : `mount: can't find ${operand} in /etc/fstab\n`,
  );
  return 1;
}

/** A mount point the runtime made (`/proc`) exists even where the image has no directory. */
function pointExists(context: ProcessContext, table: MountEntry[], target: string): boolean {
  const path = resolvePath(context.cwd, target).replace(/(.)\/+$/, '$1');
  return table.some((entry) => entry.target === path) || context.fs.exists(path);
}

/** `umount TARGET…`: nothing can be unmounted without CAP_SYS_ADMIN either. */
export const umount: Tool = async (context, flavour) => {
  const operands = context.argv.slice(1).filter((arg) => !arg.startsWith('-'));
  if (operands.length === 0) {
    await context.stderr.write(
      flavour === 'gnu'
        ? 'Usage:\n umount [-hV]\n umount -a [options]\n umount [options] <source> | <directory>\n\nUnmount filesystems.\n'
        : `${BUSYBOX_BANNER}\nUsage: umount [-rlfda] [-t FSTYPE] FILESYSTEM|DIRECTORY\n`,
    );
    return 1;
  }
  const table = mountTable(context);
  let status = 0;
  for (const operand of operands) {
    const path = resolvePath(context.cwd, operand).replace(/(.)\/+$/, '$1');
    const mounted = table.some((entry) => entry.target === path || entry.source === operand);
    const exists = mounted || context.fs.exists(path);
    if (flavour === 'gnu') {
      const why = mounted
        ? 'must be superuser to unmount'
        : exists
          ? 'not mounted'
          : 'no mount point specified';
      await context.stderr.write(`umount: ${operand}: ${why}.\n`);
      status = 32;
      continue;
    }
    const why = mounted
      ? 'Operation not permitted'
      : exists
        ? 'Invalid argument'
        : 'No such file or directory';
    await context.stderr.write(`umount: can't unmount ${operand}: ${why}\n`);
    status = 1;
  }
  return status;
};
