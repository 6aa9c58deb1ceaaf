import { ALPINE_APPLETS, type AlpineRelease, alpineAppletPath } from '../images/alpine-image.js';
import type { Program } from '../process/contracts.js';
import { apk } from './apk.js';
import { bindTool } from './tool.js';

/**
 * Alpine's busybox: each applet is a symlink to /bin/busybox at the path Alpine installs it
 * (`/usr/bin/tail`, `/sbin/ip`), and busybox picks the applet from the name it was run as.
 * `programs` are the busybox tools the catalogue placed under /bin; this returns the same
 * programs at Alpine's paths, busybox itself and apk.
 */
export function alpinePrograms(
  programs: ReadonlyMap<string, Program>,
  release: AlpineRelease,
): Map<string, Program> {
  const placed = new Map<string, Program>();
  for (const name of ALPINE_APPLETS) {
    const program = programs.get(`/bin/${name}`);
    const path = alpineAppletPath(name);
    if (program && path !== `/bin/${name}`) placed.set(path, program);
  }
  placed.set('/bin/busybox', busybox(programs, release));
  placed.set('/sbin/apk', bindTool(apk, 'busybox'));
  return placed;
}

/**
 * `/bin/busybox` and every symlink to it: the applet is argv[0]'s name, or argv[1] after
 * `busybox`. An applet the simulator does not implement is "not found", as in the busybox
 * image, whose shell reports such commands as not found.
 */
function busybox(programs: ReadonlyMap<string, Program>, release: AlpineRelease): Program {
  return async (context) => {
    const invoked = context.argv[0] ?? 'busybox';
    const name = invoked.slice(invoked.lastIndexOf('/') + 1);
    const argv = name === 'busybox' ? context.argv.slice(1) : context.argv;
    const applet = argv[0];
    if (applet === undefined || applet === '--list') {
      const names = ALPINE_APPLETS.filter((n) => programs.has(`/bin/${n}`)).sort();
      if (applet === '--list') {
        await context.stdout.write(names.map((n) => `${n}\n`).join(''));
        return 0;
      }
      await context.stdout.write(
        `BusyBox v${release.busybox} (${release.busyboxBuilt}) multi-call binary.\nCurrently defined functions:\n\t${names.join(', ')}\n`,
      );
      return 0;
    }
    const program = programs.get(`/bin/${applet.slice(applet.lastIndexOf('/') + 1)}`);
    if (!program) {
      await context.stderr.write(`${applet}: applet not found\n`);
      return 127;
    }
    return program({ ...context, argv });
  };
}
