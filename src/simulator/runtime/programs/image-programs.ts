import { ALPINE_3_20, ALPINE_3_21 } from '../images/alpine-image.js';
import type { ContainerImage } from '../images/container-image.js';
import { layerText } from '../images/layer-text.js';
import type { Program } from '../process/contracts.js';
import { alpinePrograms } from './alpine-busybox.js';
import { catalina, java } from './catalina.js';
import type { ShellPrograms } from './catalogue.js';
import { curlEntrypoint } from './curl-entrypoint.js';
import { CURL_IMAGE_8_12, CURL_IMAGE_8_13, CURL_NOBLE, curlRelease } from './curl-release.js';
import { mysqlClient } from './mysql-client.js';
import { mysqlEntrypoint } from './mysql-entrypoint.js';
import { mysqladmin } from './mysqladmin.js';
import { mysqld } from './mysqld.js';
import { posixBash } from './posix-bash.js';
import { redisCli } from './redis-cli.js';
import { redisEntrypoint } from './redis-entrypoint.js';
import { redisServer } from './redis-server.js';
import { bindTool, type Tool } from './tool.js';

/**
 * The programs an image adds to its base userland (what `imageCatalogue` already placed):
 * Alpine's applet paths and apk, `bash` in the Debian-family and Oracle Linux images, and
 * each server image's own commands at the paths the real image has them.
 */
export function imagePrograms(
  image: ContainerImage,
  base: ReadonlyMap<string, Program>,
  shells: ShellPrograms,
): Map<string, Program> {
  const programs = new Map<string, Program>();
  const gnu = (path: string, tool: Tool) => programs.set(path, bindTool(tool, 'gnu'));
  const repository = image.repository;
  if (repository === 'docker.io/library/alpine' || repository === 'docker.io/curlimages/curl') {
    const version = layerText(image.layer, '/etc/alpine-release').trim();
    const release = version === ALPINE_3_20.version ? ALPINE_3_20 : ALPINE_3_21;
    for (const [path, program] of alpinePrograms(base, release)) programs.set(path, program);
  }
  if (image.flavour === 'gnu' && !shells.bash && shells.ash) {
    // The file is there in every Debian-family image; without it nothing resolves here.
    programs.set('/usr/bin/bash', posixBash(shells.ash));
  }
  switch (repository) {
    case 'docker.io/curlimages/curl': {
      const build = image.tag === CURL_IMAGE_8_12.version ? CURL_IMAGE_8_12 : CURL_IMAGE_8_13;
      programs.set('/usr/bin/curl', bindTool(curlRelease(build), 'busybox'));
      programs.set('/entrypoint.sh', bindTool(curlEntrypoint, 'busybox'));
      break;
    }
    case 'docker.io/library/tomcat':
      gnu('/usr/local/tomcat/bin/catalina.sh', catalina);
      gnu('/opt/java/openjdk/bin/java', java);
      gnu('/usr/bin/curl', curlRelease(CURL_NOBLE));
      break;
    case 'docker.io/library/mysql':
      gnu('/usr/local/bin/docker-entrypoint.sh', mysqlEntrypoint);
      gnu('/usr/sbin/mysqld', mysqld);
      gnu('/usr/bin/mysql', mysqlClient);
      gnu('/usr/bin/mysqladmin', mysqladmin);
      break;
    case 'docker.io/library/redis':
      gnu('/usr/local/bin/docker-entrypoint.sh', redisEntrypoint);
      gnu('/usr/local/bin/redis-server', redisServer);
      gnu('/usr/local/bin/redis-cli', redisCli);
      break;
  }
  return programs;
}
