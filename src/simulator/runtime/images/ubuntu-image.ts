import { type ImageLayer, ImageLayerBuilder } from '../fs/image-layer.js';
import { layerText } from './layer-text.js';

/**
 * `ubuntu:<release>`: the same minimal Debian-family userland as `debian` (merged /usr, dash as
 * /bin/sh, bash, GNU coreutils, util-linux; no procps, curl, wget or iproute2), with Ubuntu's
 * release files, its root `.bashrc` (the `\u@\h:\w\$` prompt) and, from 24.04, the `ubuntu`
 * user (uid 1000).
 */
export interface UbuntuRelease {
  codename: 'jammy' | 'noble';
  versionId: string;
  /** `24.04.2 LTS`. */
  version: string;
  /** `Noble Numbat`. */
  name: string;
  /** /etc/debian_version: the Debian testing it branched from. */
  debianVersion: string;
}

export const UBUNTU_NOBLE: UbuntuRelease = {
  codename: 'noble',
  versionId: '24.04',
  version: '24.04.2 LTS',
  name: 'Noble Numbat',
  debianVersion: 'trixie/sid',
};

export const UBUNTU_JAMMY: UbuntuRelease = {
  codename: 'jammy',
  versionId: '22.04',
  version: '22.04.5 LTS',
  name: 'Jammy Jellyfish',
  debianVersion: 'bookworm/sid',
};

export function ubuntuOsRelease(release: UbuntuRelease): string {
  return `PRETTY_NAME="Ubuntu ${release.version}"
NAME="Ubuntu"
VERSION_ID="${release.versionId}"
VERSION="${release.version} (${release.name})"
VERSION_CODENAME=${release.codename}
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=${release.codename}
${release.codename === 'noble' ? 'LOGO=ubuntu-logo\n' : ''}`;
}

/** The part of Ubuntu's /etc/skel/.bashrc that sets the prompt `kubectl exec -it … bash` shows. */
const ROOT_BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.
# see /usr/share/doc/bash/examples/startup-files (in the package bash-doc)
# for examples

# If not running interactively, don't do anything
[ -z "$PS1" ] && return

# set a fancy prompt (non-color, unless we know we "want" color)
PS1='\${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '
`;

/** Ubuntu on top of the Debian-family base layer given (its binaries and directories). */
export function ubuntuLayer(base: ImageLayer, release: UbuntuRelease, buildTime: Date): ImageLayer {
  const image = new ImageLayerBuilder({ base, mtime: buildTime });
  // Ubuntu's base-passwd: the Debian accounts without `_apt`'s position change, plus `ubuntu`.
  let passwd = layerText(base, '/etc/passwd');
  let group = layerText(base, '/etc/group');
  if (release.codename === 'noble') {
    passwd += 'ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n';
    group += 'ubuntu:x:1000:\n';
    image.dir('/home/ubuntu', { mode: 0o750, uid: 1000, gid: 1000 });
  }
  image.files({
    '/etc/passwd': passwd,
    '/etc/group': group,
    '/usr/lib/os-release': ubuntuOsRelease(release),
    '/etc/lsb-release': `DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=${release.versionId}\nDISTRIB_CODENAME=${release.codename}\nDISTRIB_DESCRIPTION="Ubuntu ${release.version}"\n`,
    '/etc/debian_version': `${release.debianVersion}\n`,
    '/etc/hostname': 'ubuntu\n',
    '/root/.bashrc': ROOT_BASHRC,
    '/root/.profile':
      '# ~/.profile: executed by Bourne-compatible login shells.\n\nif [ "$BASH" ]; then\n  if [ -f ~/.bashrc ]; then\n    . ~/.bashrc\n  fi\nfi\n\nmesg n 2> /dev/null || true\n',
  });
  return image.build();
}
