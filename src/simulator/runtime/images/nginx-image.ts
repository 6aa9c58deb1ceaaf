import { type ImageLayer, ImageLayerBuilder } from '../fs/image-layer.js';
import {
  DOCKER_ENTRYPOINT_SH,
  ENTRYPOINT_SCRIPTS,
  MIME_TYPES,
  NGINX_50X_HTML,
  NGINX_CONF,
  NGINX_DEFAULT_CONF,
  NGINX_INDEX_HTML,
} from './nginx-files.js';

/** Binaries the nginx image adds to Debian: nginx itself and curl (no ps, no wget). */
export const NGINX_BINARIES = [
  '/usr/sbin/nginx',
  '/usr/sbin/nginx-debug',
  '/usr/bin/curl',
  '/usr/bin/envsubst',
] as const;

/**
 * `nginx:<version>` = Debian bookworm + the nginx.org package: user nginx (101), the logs as
 * links to the container's stdout/stderr, the html root and conf files, the entrypoint.
 */
export function nginxLayer(debian: ImageLayer, buildTime: Date): ImageLayer {
  const image = new ImageLayerBuilder({ base: debian, mtime: buildTime });
  for (const path of NGINX_BINARIES) image.executable(path);
  image.files({
    '/etc/passwd': `${readText(debian, '/etc/passwd')}nginx:x:101:101:nginx user:/nonexistent:/bin/false\n`,
    '/etc/group': `${readText(debian, '/etc/group')}nginx:x:101:\n`,
    '/usr/share/nginx/html/index.html': NGINX_INDEX_HTML,
    '/usr/share/nginx/html/50x.html': NGINX_50X_HTML,
    '/etc/nginx/nginx.conf': NGINX_CONF,
    '/etc/nginx/conf.d/default.conf': NGINX_DEFAULT_CONF,
    '/etc/nginx/mime.types': MIME_TYPES,
    '/etc/nginx/fastcgi_params': '',
    '/etc/nginx/scgi_params': '',
    '/etc/nginx/uwsgi_params': '',
  });
  image.dir('/var/cache/nginx');
  image.dir('/var/log/nginx');
  image.symlink('/var/log/nginx/access.log', '/dev/stdout');
  image.symlink('/var/log/nginx/error.log', '/dev/stderr');
  image.symlink('/etc/nginx/modules', '/usr/lib/nginx/modules');
  image.dir('/usr/lib/nginx/modules');
  image.executable('/docker-entrypoint.sh', DOCKER_ENTRYPOINT_SH);
  for (const name of ENTRYPOINT_SCRIPTS)
    image.executable(`/docker-entrypoint.d/${name}`, '#!/bin/sh\n');
  return image.build();
}

function readText(layer: ImageLayer, path: string): string {
  const node = layer.tree.get(path);
  if (node?.type !== 'file') return '';
  return new TextDecoder().decode(node.data.subarray(0, node.size));
}
