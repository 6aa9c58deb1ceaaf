import type { FileSystem } from '../fs/file-system.js';
import type { ContainerImage } from '../images/container-image.js';
import type { CommandCatalogue, Program } from '../process/contracts.js';
import { stty, tty } from '../tty/tty-programs.js';
import { cat } from './cat.js';
import { cp, mv } from './copy-move.js';
import { curl } from './curl.js';
import { dd } from './dd.js';
import { df } from './df.js';
import { du } from './du.js';
import { echo } from './echo.js';
import { grep } from './grep.js';
import { head, tail } from './head-tail.js';
import { hostname } from './hostname.js';
import { imagePrograms } from './image-programs.js';
import { ip } from './ip.js';
import { ipcmk } from './ipcmk.js';
import { ipcrm } from './ipcrm.js';
import { ipcs } from './ipcs.js';
import { ls } from './ls.js';
import { mkdir } from './mkdir.js';
import { mount, umount } from './mount.js';
import { nginx } from './nginx.js';
import { nginxEntrypoint } from './nginx-entrypoint.js';
import { nslookup } from './nslookup.js';
import { kill, pause, ps, sleep } from './process-tools.js';
import { pstree } from './pstree.js';
import { readlink } from './readlink.js';
import { rm } from './rm.js';
import { sed } from './sed.js';
import { basename, dirname, falseTool, seq, trueTool, yes } from './small-tools.js';
import { sort, uniq } from './sort-uniq.js';
import { stress } from './stress.js';
import { date, env, id, printenv, uname, whoami } from './system-info.js';
import { test } from './test-tool.js';
import { BUSYBOX_BANNER, bindTool, type Flavour, type Tool } from './tool.js';
import { top } from './top.js';
import { ln, touch } from './touch-ln.js';
import { cut, tr } from './tr-cut.js';
import { wc } from './wc.js';
import { wget } from './wget.js';

/** The shells come from the shell module; the catalogue only places them in each image. */
export interface ShellPrograms {
  ash?: Program;
  dash?: Program;
  bash?: Program;
}

/** Tools both busybox and Debian ship, by command name. */
const COMMON: Record<string, Tool> = {
  cat,
  echo,
  ls,
  mkdir,
  rm,
  cp,
  mv,
  touch,
  ln,
  head,
  tail,
  wc,
  grep,
  egrep: grep,
  fgrep: grep,
  sed,
  sort,
  uniq,
  tr,
  cut,
  date,
  sleep,
  env,
  printenv,
  hostname,
  id,
  whoami,
  uname,
  true: trueTool,
  false: falseTool,
  yes,
  seq,
  basename,
  dirname,
  readlink,
  test,
  '[': test,
  // coreutils' df and du, util-linux's mount, umount, ipcs and ipcrm: Debian's base has them all.
  df,
  du,
  mount,
  umount,
  ipcs,
  ipcrm,
  // Both ship dd (busybox's applet, coreutils'): the shell's way to fill a tmpfs.
  dd,
  // The terminal's own tools live with the terminal (runtime/tty).
  stty,
  tty,
};

/**
 * busybox-only applets among those implemented: Debian's base has no procps (`ps`, `top`,
 * `kill`), psmisc (`pstree`), iproute2 (`ip`), wget or dnsutils (`nslookup`).
 */
const BUSYBOX_ONLY: Record<string, Tool> = { ps, kill, wget, top, pstree, ip, nslookup };

/** Debian-only among those implemented: util-linux's `ipcmk` (busybox has no such applet). */
const DEBIAN_ONLY: Record<string, Tool> = { ipcmk };

/**
 * The programs of one image by absolute path, with execvp(3) lookup over the container's
 * filesystem: a command resolves only while its file exists there (`rm /bin/sleep` makes
 * `sleep` not found), and through symlinks (`/bin/sh` → `dash` in Debian).
 */
export class ImageCatalogue implements CommandCatalogue {
  constructor(private readonly programs: ReadonlyMap<string, Program>) {}

  resolve(
    name: string,
    path: string,
    fs: FileSystem,
  ): { path: string; program: Program } | undefined {
    if (name.includes('/')) return this.at(name.startsWith('/') ? name : `/${name}`, fs);
    for (const dir of path.split(':')) {
      const found = this.at(`${dir === '' ? '.' : dir.replace(/\/$/, '')}/${name}`, fs);
      if (found) return found;
    }
    return undefined;
  }

  /** Every path this image can run (for `command -v` style listings and tests). */
  paths(): string[] {
    return [...this.programs.keys()].sort();
  }

  private at(path: string, fs: FileSystem): { path: string; program: Program } | undefined {
    let real: string;
    try {
      const stat = fs.stat(path);
      if (stat.type !== 'file' || (stat.mode & 0o111) === 0) return undefined;
      real = fs.realpath(path);
    } catch {
      return undefined;
    }
    const program = this.programs.get(path) ?? this.programs.get(real);
    return program ? { path, program } : undefined;
  }
}

export function imageCatalogue(image: ContainerImage, shells: ShellPrograms = {}): ImageCatalogue {
  const programs = new Map<string, Program>();
  const add = (path: string, tool: Tool, flavour: Flavour) =>
    programs.set(path, bindTool(tool, flavour));
  const repository = image.repository;
  if (repository.endsWith('/pause')) {
    add('/pause', pause, 'busybox');
  } else if (image.flavour === 'busybox') {
    for (const [name, tool] of Object.entries({ ...COMMON, ...BUSYBOX_ONLY }))
      add(`/bin/${name}`, tool, 'busybox');
    if (shells.ash) {
      programs.set('/bin/sh', shells.ash);
      programs.set('/bin/ash', shells.ash);
    }
    programs.set('/bin/busybox', busyboxDispatcher(programs));
    if (repository.endsWith('/stress')) add('/usr/local/bin/stress', stress, 'busybox');
  } else {
    for (const [name, tool] of Object.entries({ ...COMMON, ...DEBIAN_ONLY }))
      add(`/usr/bin/${name}`, tool, 'gnu');
    if (shells.dash) programs.set('/usr/bin/dash', shells.dash);
    if (shells.bash) programs.set('/usr/bin/bash', shells.bash);
    if (repository.endsWith('/nginx')) {
      add('/usr/sbin/nginx', nginx, 'gnu');
      add('/usr/sbin/nginx-debug', nginx, 'gnu');
      add('/usr/bin/curl', curl, 'gnu');
      add('/docker-entrypoint.sh', nginxEntrypoint, 'gnu');
    }
  }
  for (const [path, program] of imagePrograms(image, programs, shells)) programs.set(path, program);
  return new ImageCatalogue(programs);
}

/**
 * Every program of one flavour under `/bin`, plus the sandbox's `/pause`: the table test
 * worlds (a process host, a shell) are built from, with no image filesystem needed.
 */
export function programTable(flavour: Flavour): Record<string, Program> {
  const tools =
    flavour === 'busybox' ? { ...COMMON, ...BUSYBOX_ONLY } : { ...COMMON, ...DEBIAN_ONLY };
  const table: Record<string, Program> = {};
  for (const [name, tool] of Object.entries(tools)) table[`/bin/${name}`] = bindTool(tool, flavour);
  table['/pause'] = bindTool(pause, 'busybox');
  return table;
}

/** `busybox APPLET ARGS…` runs the applet; `busybox` alone lists what is installed. */
function busyboxDispatcher(programs: ReadonlyMap<string, Program>): Program {
  return async (context) => {
    const applet = context.argv[1];
    const program = applet === undefined ? undefined : programs.get(`/bin/${applet}`);
    if (applet === undefined) {
      const names = [...programs.keys()]
        .map((path) => path.slice(5))
        .filter((n) => n !== 'busybox')
        .sort();
      await context.stdout.write(
        `${BUSYBOX_BANNER}\nCurrently defined functions:\n\t${names.join(', ')}\n`,
      );
      return 0;
    }
    if (!program) {
      await context.stderr.write(`${applet}: applet not found\n`);
      return 127;
    }
    return program({ ...context, argv: context.argv.slice(1) });
  };
}
