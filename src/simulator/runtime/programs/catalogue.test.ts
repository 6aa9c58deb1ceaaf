import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from '../fs/container-file-system.js';
import { newContainerLayer } from '../fs/image-layer.js';
import { pullImage } from '../images/image-registry.js';
import { DEFAULT_PATH } from '../process/process-host.js';
import { imageCatalogue, programTable } from './catalogue.js';
import { ManualClock } from './programs.test-support.js';

/** Which commands each image runs: exactly those its real image has, among the implemented. */

function commandsOf(reference: string, names: string[]): Record<string, string | undefined> {
  const image = pullImage(reference);
  const fs = ContainerFileSystem.create({
    image: image.layer,
    upper: newContainerLayer(image.layer, { clock: new ManualClock() }),
  });
  const catalogue = imageCatalogue(image);
  return Object.fromEntries(
    names.map((name) => [name, catalogue.resolve(name, DEFAULT_PATH, fs)?.path]),
  );
}

describe('image catalogues', () => {
  it('busybox has its applets, the process and network ones included', () => {
    expect(
      commandsOf('busybox:1.36', [
        'top',
        'pstree',
        'ps',
        'ip',
        'ipcs',
        'df',
        'du',
        'mount',
        'umount',
        'hostname',
        'curl',
      ]),
    ).toEqual({
      top: '/bin/top',
      pstree: '/bin/pstree',
      ps: '/bin/ps',
      ip: '/bin/ip',
      ipcs: '/bin/ipcs',
      df: '/bin/df',
      du: '/bin/du',
      mount: '/bin/mount',
      umount: '/bin/umount',
      hostname: '/bin/hostname',
      curl: undefined,
    });
  });

  it('debian has coreutils and util-linux, but no procps, psmisc or iproute2', () => {
    expect(
      commandsOf('debian:bookworm', [
        'df',
        'du',
        'mount',
        'umount',
        'ipcs',
        'hostname',
        'ps',
        'top',
        'pstree',
        'ip',
        'wget',
        'curl',
      ]),
    ).toEqual({
      df: '/usr/bin/df',
      du: '/usr/bin/du',
      mount: '/usr/bin/mount',
      umount: '/usr/bin/umount',
      ipcs: '/usr/bin/ipcs',
      hostname: '/usr/bin/hostname',
      ps: undefined,
      top: undefined,
      pstree: undefined,
      ip: undefined,
      wget: undefined,
      curl: undefined,
    });
  });

  it('nginx adds nginx and curl to Debian, still without ps', () => {
    expect(commandsOf('nginx:1.27', ['nginx', 'curl', 'df', 'ps', 'top', 'ip'])).toEqual({
      nginx: '/usr/sbin/nginx',
      curl: '/usr/bin/curl',
      df: '/usr/bin/df',
      ps: undefined,
      top: undefined,
      ip: undefined,
    });
  });

  it('both have dd; only Debian has ipcmk; polinux/stress adds stress to busybox', () => {
    expect(commandsOf('busybox:1.36', ['dd', 'ipcmk', 'stress'])).toEqual({
      dd: '/bin/dd',
      ipcmk: undefined,
      stress: undefined,
    });
    expect(commandsOf('debian:bookworm', ['dd', 'ipcmk', 'ipcs'])).toEqual({
      dd: '/usr/bin/dd',
      ipcmk: '/usr/bin/ipcmk',
      ipcs: '/usr/bin/ipcs',
    });
    expect(commandsOf('polinux/stress', ['stress', 'dd', 'ps'])).toEqual({
      stress: '/usr/local/bin/stress',
      dd: '/bin/dd',
      ps: '/bin/ps',
    });
  });

  it('the test table holds every program of a flavour under /bin', () => {
    expect(Object.keys(programTable('busybox'))).toEqual(
      expect.arrayContaining(['/bin/top', '/bin/ip', '/bin/cat', '/pause']),
    );
    expect(Object.keys(programTable('gnu'))).not.toContain('/bin/top');
  });
});
