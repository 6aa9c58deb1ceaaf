import { defineImageLayer, type ImageLayer } from '../fs/image-layer.js';

/**
 * The official `busybox` image (glibc variant, the default tag): one `/bin/busybox` binary
 * hard-linked under every applet name, `/bin/sh` being ash. The applet list is the part of
 * busybox 1.36's ~400 a course meets; a name not here is "not found" like any missing command.
 */
export const BUSYBOX_APPLETS = [
  '[',
  '[[',
  'addgroup',
  'adduser',
  'ash',
  'awk',
  'base64',
  'basename',
  'cat',
  'chgrp',
  'chmod',
  'chown',
  'chroot',
  'clear',
  'cmp',
  'cp',
  'cut',
  'date',
  'dd',
  'df',
  'diff',
  'dirname',
  'dmesg',
  'dnsdomainname',
  'du',
  'echo',
  'egrep',
  'env',
  'expr',
  'false',
  'fgrep',
  'find',
  'free',
  'grep',
  'gunzip',
  'gzip',
  'head',
  'hostname',
  'httpd',
  'id',
  'ifconfig',
  'ip',
  'ipcrm',
  'ipcs',
  'kill',
  'killall',
  'less',
  'ln',
  'ls',
  'md5sum',
  'mkdir',
  'mkfifo',
  'mktemp',
  'more',
  'mount',
  'mv',
  'nc',
  'netstat',
  'nice',
  'nohup',
  'nproc',
  'nslookup',
  'od',
  'pgrep',
  'pidof',
  'ping',
  'pkill',
  'printenv',
  'printf',
  'ps',
  'pstree',
  'pwd',
  'readlink',
  'realpath',
  'rm',
  'rmdir',
  'sed',
  'seq',
  'sh',
  'sha256sum',
  'sleep',
  'sort',
  'stat',
  'stty',
  'sync',
  'tac',
  'tail',
  'tar',
  'tee',
  'test',
  'time',
  'timeout',
  'top',
  'touch',
  'tr',
  'true',
  'truncate',
  'tty',
  'umount',
  'uname',
  'uniq',
  'unzip',
  'uptime',
  'usleep',
  'vi',
  'watch',
  'wc',
  'wget',
  'which',
  'whoami',
  'xargs',
  'yes',
  'zcat',
] as const;

const PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
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
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nogroup:x:65534:
`;

export function busyboxLayer(buildTime: Date): ImageLayer {
  return defineImageLayer(
    (image) => {
      for (const dir of [
        '/dev',
        '/etc',
        '/home',
        '/lib',
        '/lib64',
        '/usr/sbin',
        '/var/spool/mail',
        '/var/www',
      ]) {
        image.dir(dir);
      }
      image.dir('/root', { mode: 0o700 });
      image.dir('/tmp', { mode: 0o1777 });
      image.executable('/bin/busybox');
      image.hardlinks(
        '/bin/busybox',
        BUSYBOX_APPLETS.map((name) => `/bin/${name}`),
      );
      image.files({
        '/etc/passwd': PASSWD,
        '/etc/group': GROUP,
      });
      image.file('/etc/shadow', 'root:*:19502:0:99999:7:::\n', { mode: 0o600 });
    },
    { mtime: buildTime },
  );
}
