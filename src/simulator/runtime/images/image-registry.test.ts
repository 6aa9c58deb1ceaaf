import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from '../fs/container-file-system.js';
import { newContainerLayer } from '../fs/image-layer.js';
import { imageID } from './container-image.js';
import { parseImageReference } from './image-reference.js';
import { pullImage } from './image-registry.js';

function filesystemOf(reference: string) {
  const image = pullImage(reference);
  return ContainerFileSystem.create({
    image: image.layer,
    upper: newContainerLayer(image.layer, { clock: { now: () => new Date(Date.UTC(2025, 4, 1)) } }),
  });
}

describe('image references', () => {
  it('normalises as containerd does', () => {
    expect(parseImageReference('nginx')?.canonical).toBe('docker.io/library/nginx:latest');
    expect(parseImageReference('nginx:1.27')?.canonical).toBe('docker.io/library/nginx:1.27');
    expect(parseImageReference('k8s.gcr.io/busybox')?.canonical).toBe('k8s.gcr.io/busybox:latest');
    expect(parseImageReference('registry.k8s.io/pause:3.10')?.repository).toBe(
      'registry.k8s.io/pause',
    );
    expect(parseImageReference('bitnami/nginx:1')?.canonical).toBe('docker.io/bitnami/nginx:1');
    expect(parseImageReference('Nginx')).toBeUndefined();
  });
});

describe('pullImage', () => {
  it('knows the course images with their config', () => {
    const nginx = pullImage('nginx:1.27');
    expect(nginx.canonicalName).toBe('docker.io/library/nginx:1.27');
    expect(nginx.sizeBytes).toBe(48498745);
    expect(nginx.config.entrypoint).toEqual(['/docker-entrypoint.sh']);
    expect(nginx.config.cmd).toEqual(['nginx', '-g', 'daemon off;']);
    expect(nginx.config.stopSignal).toBe('SIGQUIT');
    expect(imageID(nginx)).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(pullImage('nginx:latest').canonicalName).toBe('docker.io/library/nginx:latest');
    expect(pullImage('busybox:1.36').config.cmd).toEqual(['sh']);
    expect(pullImage('debian:stable-slim').config.cmd).toEqual(['bash']);
    expect(pullImage('registry.k8s.io/pause:3.10').config.entrypoint).toEqual(['/pause']);
  });

  it('resolves a digest reference to the image it names', () => {
    const busybox = pullImage('busybox:1.36');
    const again = pullImage(`busybox@${busybox.digest}`);
    expect(again.digest).toBe(busybox.digest);
  });

  it('fails with containerd messages', () => {
    expect(() => pullImage('nginx:nope')).toThrow(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found',
    );
    expect(() => pullImage('nginxx')).toThrow(
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginxx:latest": failed to resolve reference "docker.io/library/nginxx:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });

  it('ships nginx pages and configuration verbatim', () => {
    const fs = filesystemOf('nginx:1.27');
    expect(fs.stat('/usr/share/nginx/html/index.html').size).toBe(615);
    expect(fs.stat('/usr/share/nginx/html/50x.html').size).toBe(497);
    expect(fs.readlink('/var/log/nginx/access.log')).toBe('/dev/stdout');
    expect(new TextDecoder().decode(fs.readFile('/etc/passwd'))).toContain(
      'nginx:x:101:101:nginx user:/nonexistent:/bin/false\n',
    );
    expect(fs.exists('/usr/bin/curl')).toBe(true);
    expect(fs.exists('/usr/bin/ps')).toBe(false);
  });

  it('lays out busybox and debian like the real ones', () => {
    const busybox = filesystemOf('busybox');
    expect(busybox.stat('/bin/sh').ino).toBe(busybox.stat('/bin/busybox').ino);
    expect(busybox.stat('/tmp').mode).toBe(0o1777);
    const debian = filesystemOf('debian:bookworm');
    expect(debian.realpath('/bin/sh')).toBe('/usr/bin/dash');
    expect(debian.exists('/usr/bin/wget')).toBe(false);
  });
});
