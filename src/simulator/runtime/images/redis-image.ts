import { type ImageLayer, ImageLayerBuilder } from '../fs/image-layer.js';
import { layerText } from './layer-text.js';

/**
 * `redis:<version>`: the official image, `FROM debian:bookworm-slim`, with Redis built into
 * /usr/local/bin (redis-check-aof, redis-check-rdb and redis-sentinel are links to
 * redis-server), gosu, the redis user (999), `WORKDIR /data` and the `docker-entrypoint.sh`
 * that drops to that user before it execs redis-server.
 */
export interface RedisRelease {
  version: string;
}

export const REDIS_7_4: RedisRelease = { version: '7.4.2' };
export const REDIS_7_2: RedisRelease = { version: '7.2.7' };

export function redisEnv(release: RedisRelease): string[] {
  return [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'GOSU_VERSION=1.17',
    `REDIS_VERSION=${release.version}`,
    `REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-${release.version}.tar.gz`,
  ];
}

export function redisLayer(debian: ImageLayer, buildTime: Date): ImageLayer {
  const image = new ImageLayerBuilder({ base: debian, mtime: buildTime });
  image.files({
    '/etc/passwd': `${layerText(debian, '/etc/passwd')}redis:x:999:999::/home/redis:/bin/sh\n`,
    '/etc/group': `${layerText(debian, '/etc/group')}redis:x:999:\n`,
  });
  for (const name of ['redis-server', 'redis-cli', 'redis-benchmark', 'gosu']) {
    image.executable(`/usr/local/bin/${name}`);
  }
  for (const name of ['redis-check-aof', 'redis-check-rdb', 'redis-sentinel']) {
    image.symlink(`/usr/local/bin/${name}`, 'redis-server');
  }
  image.executable('/usr/local/bin/docker-entrypoint.sh', '#!/bin/sh\n');
  image.dir('/data', { mode: 0o755, uid: 999, gid: 999 });
  return image.build();
}
