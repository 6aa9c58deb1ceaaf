import { defineImageLayer, type ImageLayer } from '../fs/image-layer.js';
import { BUSYBOX_APPLETS } from './busybox-image.js';

/**
 * `alpine:<version>`: musl, busybox as the whole userland (symlinks to /bin/busybox spread over
 * /bin, /sbin, /usr/bin and /usr/sbin as Alpine installs them), `/bin/sh` being ash, and
 * apk-tools with the release's repositories configured but no index fetched yet.
 */
export interface AlpineRelease {
  /** `3.21.3`: /etc/alpine-release. */
  version: string;
  /** `v3.21`: the repository branch in /etc/apk/repositories. */
  branch: string;
  apkTools: string;
  /** The busybox banner's version and build stamp. */
  busybox: string;
  busyboxBuilt: string;
}

export const ALPINE_3_21: AlpineRelease = {
  version: '3.21.3',
  branch: 'v3.21',
  apkTools: '2.14.6',
  busybox: '1.37.0',
  busyboxBuilt: '2025-01-17 18:12:01 UTC',
};

export const ALPINE_3_20: AlpineRelease = {
  version: '3.20.6',
  branch: 'v3.20',
  apkTools: '2.14.4',
  busybox: '1.36.1',
  busyboxBuilt: '2025-01-17 18:11:59 UTC',
};

/** Where Alpine's busybox package puts the applets the simulator knows (default `/bin`). */
const APPLET_DIRS: Record<string, string> = {
  ifconfig: '/sbin',
  ip: '/sbin',
  addgroup: '/usr/sbin',
  adduser: '/usr/sbin',
  chroot: '/usr/sbin',
  httpd: '/usr/sbin',
};
for (const name of [
  '[',
  '[[',
  'awk',
  'basename',
  'clear',
  'cmp',
  'cut',
  'diff',
  'dirname',
  'du',
  'env',
  'expr',
  'find',
  'free',
  'head',
  'id',
  'ipcrm',
  'ipcs',
  'killall',
  'less',
  'md5sum',
  'mkfifo',
  'nc',
  'nohup',
  'nproc',
  'nslookup',
  'od',
  'pgrep',
  'pkill',
  'printf',
  'pstree',
  'readlink',
  'realpath',
  'seq',
  'sha256sum',
  'sort',
  'tac',
  'tail',
  'tee',
  'test',
  'time',
  'timeout',
  'top',
  'tr',
  'truncate',
  'tty',
  'uniq',
  'unzip',
  'uptime',
  'vi',
  'wc',
  'wget',
  'which',
  'whoami',
  'xargs',
  'yes',
]) {
  APPLET_DIRS[name] = '/usr/bin';
}

/** The applets an Alpine image links, by name (busybox's list plus `ipcrm`). */
export const ALPINE_APPLETS: readonly string[] = [
  ...BUSYBOX_APPLETS.filter((name) => name !== 'sh'),
  'ipcrm',
];

/** `/usr/bin/tail` for `tail`: the path Alpine's busybox gives an applet. */
export function alpineAppletPath(name: string): string {
  return `${APPLET_DIRS[name] ?? '/bin'}/${name}`;
}

/** What the minirootfs has installed (`apk info`), in apk's order. */
export const ALPINE_PACKAGES = [
  'alpine-baselayout',
  'alpine-baselayout-data',
  'alpine-keys',
  'alpine-release',
  'apk-tools',
  'busybox',
  'busybox-binsh',
  'ca-certificates-bundle',
  'libcrypto3',
  'libssl3',
  'musl',
  'musl-utils',
  'scanelf',
  'ssl_client',
  'zlib',
] as const;

const PASSWD = `root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
`;

const GROUP = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin
adm:x:4:root,daemon
tty:x:5:
disk:x:6:root
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
cron:x:16:cron
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
tape:x:26:root
video:x:27:root
netdev:x:28:
kvm:x:34:kvm
games:x:35:
shadow:x:42:
www-data:x:82:
users:x:100:games
ntp:x:123:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
`;

export function alpineOsRelease(release: AlpineRelease): string {
  return `NAME="Alpine Linux"
ID=alpine
VERSION_ID=${release.version}
PRETTY_NAME="Alpine Linux ${release.branch}"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;
}

export function alpineRepositories(release: AlpineRelease): string[] {
  return [
    `https://dl-cdn.alpinelinux.org/alpine/${release.branch}/main`,
    `https://dl-cdn.alpinelinux.org/alpine/${release.branch}/community`,
  ];
}

export function alpineLayer(release: AlpineRelease, buildTime: Date): ImageLayer {
  return defineImageLayer(
    (image) => {
      for (const dir of [
        '/dev',
        '/etc/apk/keys',
        '/etc/apk/protected_paths.d',
        '/etc/crontabs',
        '/etc/profile.d',
        '/home',
        '/lib/apk/db',
        '/media',
        '/mnt',
        '/opt',
        '/proc',
        '/run',
        '/srv',
        '/sys',
        '/usr/lib',
        '/usr/local/bin',
        '/usr/local/lib',
        '/usr/local/share',
        '/usr/share',
        '/var/cache/apk',
        '/var/empty',
        '/var/lib',
        '/var/local',
        '/var/lock',
        '/var/log',
        '/var/mail',
        '/var/opt',
        '/var/spool/cron',
        '/var/tmp',
      ]) {
        image.dir(dir);
      }
      image.dir('/root', { mode: 0o700 });
      image.dir('/tmp', { mode: 0o1777 });
      image.executable('/bin/busybox');
      image.symlink('/bin/sh', '/bin/busybox');
      for (const name of ALPINE_APPLETS) image.symlink(alpineAppletPath(name), '/bin/busybox');
      image.executable('/sbin/apk');
      image.executable('/lib/ld-musl-x86_64.so.1');
      image.symlink('/lib/libc.musl-x86_64.so.1', 'ld-musl-x86_64.so.1');
      image.files({
        '/etc/alpine-release': `${release.version}\n`,
        '/etc/os-release': alpineOsRelease(release),
        '/etc/passwd': PASSWD,
        '/etc/group': GROUP,
        '/etc/shells': '# valid login shells\n/bin/sh\n/bin/ash\n',
        '/etc/hostname': 'localhost\n',
        '/etc/apk/arch': 'x86_64\n',
        '/etc/apk/repositories': `${alpineRepositories(release).join('\n')}\n`,
        '/etc/apk/world':
          'alpine-baselayout\nalpine-keys\nalpine-release\napk-tools\nbusybox\nca-certificates-bundle\nlibc-utils\n',
        '/lib/apk/db/installed': ALPINE_PACKAGES.map((name) => `P:${name}\n`).join('\n'),
      });
      image.file('/etc/shadow', 'root:*::0:::::\n', { mode: 0o640, gid: 42 });
    },
    { mtime: buildTime },
  );
}
