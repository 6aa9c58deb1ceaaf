import { defineImageLayer, type ImageLayer } from '../fs/image-layer.js';

/**
 * `mysql:<version>`: the official image's default (Oracle Linux 9 slim) variant: merged /usr,
 * bash as /bin/sh (no dash), GNU coreutils, microdnf; MySQL Community Server from the el9 RPMs
 * (`/usr/sbin/mysqld`, the `mysql` and `mysqladmin` clients, mysqlsh), gosu, the
 * `docker-entrypoint.sh` that initialises `/var/lib/mysql` on first start, and the mysql user
 * (999) the server runs as.
 */
export interface MysqlRelease {
  /** `8.4.5`: what the server and the clients report. */
  version: string;
  /** MYSQL_MAJOR: `8.4`, or `innovation` for 9.x. */
  major: string;
}

export const MYSQL_8_0: MysqlRelease = { version: '8.0.42', major: '8.0' };
export const MYSQL_8_4: MysqlRelease = { version: '8.4.5', major: '8.4' };
export const MYSQL_9_3: MysqlRelease = { version: '9.3.0', major: 'innovation' };

export const MYSQL_DATADIR = '/var/lib/mysql';
export const MYSQL_SOCKET = '/var/run/mysqld/mysqld.sock';

export function mysqlEnv(release: MysqlRelease): string[] {
  return [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'GOSU_VERSION=1.17',
    `MYSQL_MAJOR=${release.major}`,
    `MYSQL_VERSION=${release.version}-1.el9`,
    `MYSQL_SHELL_VERSION=${release.version}-1.el9`,
  ];
}

/** Commands of Oracle Linux 9 slim the simulator implements (coreutils-single, grep, sed…). */
const OL9_BINARIES = [
  'bash',
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
  'umount',
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
  'gzip',
  'expr',
  'sync',
  'stty',
  'tty',
  'microdnf',
  'openssl',
  'mysql',
  'mysqladmin',
  'mysqldump',
  'mysql_tzinfo_to_sql',
  'mysqlsh',
] as const;

const PASSWD = `root:x:0:0:root:/root:/bin/bash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/spool/mail:/sbin/nologin
operator:x:11:0:operator:/root:/sbin/nologin
games:x:12:100:games:/usr/games:/sbin/nologin
ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin
nobody:x:65534:65534:Kernel Overflow User:/:/sbin/nologin
mysql:x:999:999::/var/lib/mysql:/bin/bash
`;

const GROUP = `root:x:0:
bin:x:1:
daemon:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mem:x:8:
kmem:x:9:
wheel:x:10:
cdrom:x:11:
mail:x:12:
man:x:15:
dialout:x:18:
floppy:x:19:
games:x:20:
tape:x:33:
video:x:39:
ftp:x:50:
lock:x:54:
audio:x:63:
users:x:100:
nobody:x:65534:
mysql:x:999:
`;

const OS_RELEASE = `NAME="Oracle Linux Server"
VERSION="9.5"
ID="ol"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="9.5"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Oracle Linux Server 9.5"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:9:5:server"
HOME_URL="https://linux.oracle.com/"
BUG_REPORT_URL="https://github.com/oracle/oracle-linux"

ORACLE_BUGZILLA_PRODUCT="Oracle Linux 9"
ORACLE_BUGZILLA_PRODUCT_VERSION=9.5
ORACLE_SUPPORT_PRODUCT="Oracle Linux"
ORACLE_SUPPORT_PRODUCT_VERSION=9.5
`;

/** /etc/my.cnf of the image: the datadir, the socket the clients default to, no name lookups. */
export function myCnf(release: MysqlRelease): string {
  const minor = release.version.split('.').slice(0, 2).join('.');
  const hostCache = release.version.startsWith('8.0') ? 'skip-host-cache' : 'host-cache-size=0';
  return `# For advice on how to change settings please see
# http://dev.mysql.com/doc/refman/${minor}/en/server-configuration-defaults.html

[mysqld]
#
# Remove leading # and set to the amount of RAM for the most important data
# cache in MySQL. Start at 70% of total RAM for dedicated server, else 10%.
# innodb_buffer_pool_size = 128M
#
# Remove leading # to turn on a very important data integrity option: logging
# changes to the binary log between backups.
# log_bin
#
# Remove leading # to set options mainly useful for reporting servers.
# The server defaults are faster for transactions and fast SELECTs.
# Adjust sizes as needed, experiment to find the optimal values.
# join_buffer_size = 128M
# sort_buffer_size = 2M
# read_rnd_buffer_size = 2M

${hostCache}
skip-name-resolve
datadir=${MYSQL_DATADIR}
socket=${MYSQL_SOCKET}
secure-file-priv=/var/lib/mysql-files
user=mysql

pid-file=/var/run/mysqld/mysqld.pid
[client]
socket=${MYSQL_SOCKET}

!includedir /etc/mysql/conf.d/
`;
}

export function mysqlLayer(release: MysqlRelease, buildTime: Date): ImageLayer {
  return defineImageLayer(
    (image) => {
      for (const dir of [
        '/usr/bin',
        '/usr/sbin',
        '/usr/lib',
        '/usr/lib64',
        '/usr/local/bin',
        '/usr/share/zoneinfo',
        '/etc/mysql/conf.d',
        '/docker-entrypoint-initdb.d',
        '/home',
        '/media',
        '/mnt',
        '/opt',
        '/srv',
        '/var/log',
        '/var/cache',
        '/run',
        '/dev',
        '/proc',
        '/sys',
      ]) {
        image.dir(dir);
      }
      image.dir('/root', { mode: 0o550 });
      image.dir('/tmp', { mode: 0o1777 });
      image.symlink('/bin', 'usr/bin');
      image.symlink('/sbin', 'usr/sbin');
      image.symlink('/lib', 'usr/lib');
      image.symlink('/lib64', 'usr/lib64');
      image.symlink('/var/run', '../run');
      for (const name of OL9_BINARIES) image.executable(`/usr/bin/${name}`);
      image.symlink('/usr/bin/sh', 'bash');
      image.executable('/usr/sbin/mysqld');
      image.executable('/usr/sbin/nologin');
      image.executable('/usr/local/bin/gosu');
      image.executable('/usr/local/bin/docker-entrypoint.sh', '#!/usr/bin/env bash\n');
      image.symlink('/entrypoint.sh', 'usr/local/bin/docker-entrypoint.sh');
      // The Dockerfile makes both world-writable so that `--user` works.
      image.dir('/var/lib/mysql', { mode: 0o1777, uid: 999, gid: 999 });
      image.dir('/run/mysqld', { mode: 0o1777, uid: 999, gid: 999 });
      image.dir('/var/lib/mysql-files', { mode: 0o700, uid: 999, gid: 999 });
      image.files({
        '/etc/passwd': PASSWD,
        '/etc/group': GROUP,
        '/etc/os-release': OS_RELEASE,
        '/etc/oracle-release': 'Oracle Linux Server release 9.5\n',
        '/etc/my.cnf': myCnf(release),
      });
      image.symlink('/etc/redhat-release', 'oracle-release');
      image.file('/etc/shadow', 'root:!locked::0:99999:7:::\n', { mode: 0 });
    },
    { mtime: buildTime },
  );
}
