import { type ImageLayer, ImageLayerBuilder } from '../fs/image-layer.js';
import { layerText } from './layer-text.js';

/**
 * `curlimages/curl:<version>` (built by curl/curl-container with buildah): Alpine with curl
 * compiled into /usr/bin/curl, Mozilla's CA bundle at /cacert.pem (`CURL_CA_BUNDLE`), the
 * system user curl_user (uid 100, group curl_group 101) it runs as from /home/curl_user, and
 * `/entrypoint.sh`, which runs curl unless the first argument is a command of the image.
 */
export interface CurlRelease {
  version: string;
}

export const CURL_8_13: CurlRelease = { version: '8.13.0' };
export const CURL_8_12: CurlRelease = { version: '8.12.1' };

/** curl-container's etc/entrypoint.sh, verbatim. */
export const CURL_ENTRYPOINT_SH = `#!/bin/sh
#
# Copyright (C) 2023 James Fuller, <jim@webcomposite.com>, et al.
#
# SPDX-License-Identifier: MIT
#

set -e

if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ]; then
  set -- curl "$@"
fi

exec "$@"
`;

export function curlImageLayer(alpine: ImageLayer, buildTime: Date): ImageLayer {
  const image = new ImageLayerBuilder({ base: alpine, mtime: buildTime });
  image.executable('/usr/bin/curl');
  image.file('/usr/lib/libcurl.so.4.8.0');
  image.symlink('/usr/lib/libcurl.so.4', '/usr/lib/libcurl.so.4.8.0');
  image.file('/cacert.pem', '##\n## Bundle of CA Root Certificates\n##\n');
  image.files({
    // busybox's `adduser -S` / `addgroup -S`: the first free system ids.
    '/etc/passwd': `${layerText(alpine, '/etc/passwd')}curl_user:x:100:101:Linux User,,,:/home/curl_user:/sbin/nologin\n`,
    '/etc/group': `${layerText(alpine, '/etc/group')}curl_group:x:101:curl_user\n`,
  });
  image.dir('/home/curl_user', { mode: 0o755, uid: 100, gid: 101 });
  image.executable('/entrypoint.sh', CURL_ENTRYPOINT_SH, { uid: 100, gid: 101 });
  return image.build();
}
