import { defineImageLayer, type ImageLayer } from '../fs/image-layer.js';

/**
 * `debian:bookworm` (and `stable-slim`, which differs only in docs and locales): merged /usr
 * (`/bin` → `usr/bin`), dash as `/bin/sh`, bash, coreutils, grep, sed, util-linux's mount,
 * ipcs, ipcmk and ipcrm, `hostname`; no procps (`ps`, `top`, `kill` binary), no curl, wget or iproute2.
 */
export const DEBIAN_BINARIES = [
  'bash',
  'dash',
  'sh',
  'cat',
  'echo',
  'ls',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'touch',
  'ln',
  'head',
  'tail',
  'wc',
  'grep',
  'egrep',
  'fgrep',
  'sed',
  'sort',
  'uniq',
  'tr',
  'cut',
  'date',
  'sleep',
  'env',
  'printenv',
  'hostname',
  'id',
  'whoami',
  'uname',
  'true',
  'false',
  'yes',
  'seq',
  'basename',
  'dirname',
  'test',
  '[',
  'df',
  'du',
  'dd',
  'mount',
  'ipcs',
  'ipcmk',
  'ipcrm',
  'pwd',
  'readlink',
  'realpath',
  'rmdir',
  'stat',
  'tee',
  'timeout',
  'nproc',
  'chmod',
  'chown',
  'printf',
  'tac',
  'md5sum',
  'sha256sum',
  'base64',
  'mktemp',
  'nohup',
  'find',
  'xargs',
  'tar',
  'gzip',
  'mktemp',
  'expr',
  'sync',
  'stty',
  'tty',
  'umount',
  'which',
] as const;

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;

const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
`;

export const DEBIAN_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

export function debianLayer(buildTime: Date): ImageLayer {
  return defineImageLayer(
    (image) => {
      for (const dir of [
        '/usr/bin',
        '/usr/sbin',
        '/usr/lib',
        '/usr/local/bin',
        '/home',
        '/srv',
        '/opt',
        '/mnt',
        '/media',
        '/var/log',
        '/var/cache',
        '/var/lib',
        '/run',
        '/dev',
        '/proc',
        '/sys',
      ]) {
        image.dir(dir);
      }
      image.dir('/root', { mode: 0o700 });
      image.dir('/tmp', { mode: 0o1777 });
      image.symlink('/bin', 'usr/bin');
      image.symlink('/sbin', 'usr/sbin');
      image.symlink('/lib', 'usr/lib');
      image.symlink('/var/run', '/run');
      for (const name of DEBIAN_BINARIES) {
        if (name === 'sh') continue;
        image.executable(`/usr/bin/${name}`);
      }
      image.symlink('/usr/bin/sh', 'dash');
      image.executable('/usr/sbin/nologin');
      image.files({
        '/etc/passwd': PASSWD,
        '/etc/group': GROUP,
        '/etc/debian_version': '12.7\n',
        '/usr/lib/os-release': DEBIAN_OS_RELEASE,
        '/root/.bashrc': '# ~/.bashrc: executed by bash(1) for non-login shells.\n',
        '/root/.profile': '# ~/.profile: executed by Bourne-compatible login shells.\n',
      });
      image.symlink('/etc/os-release', '../usr/lib/os-release');
      image.file('/etc/shadow', 'root:*:19998:0:99999:7:::\n', { mode: 0o640, gid: 42 });
    },
    { mtime: buildTime },
  );
}
