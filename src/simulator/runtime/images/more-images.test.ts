import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from '../fs/container-file-system.js';
import { newContainerLayer } from '../fs/image-layer.js';
import { text } from '../programs/io.js';
import { knownImages, pullImage } from './image-registry.js';

function filesystemOf(reference: string) {
  const image = pullImage(reference);
  return ContainerFileSystem.create({
    image: image.layer,
    upper: newContainerLayer(image.layer, { clock: { now: () => new Date(Date.UTC(2025, 4, 1)) } }),
  });
}

const read = (reference: string, path: string) => text(filesystemOf(reference).readFile(path));

describe('the images of issue 4', () => {
  it('serves each repository under the tags Docker Hub has, and no others', () => {
    const known = knownImages();
    for (const reference of [
      'docker.io/library/alpine:3.21',
      'docker.io/library/alpine:3.20',
      'docker.io/library/alpine:latest',
      'docker.io/library/ubuntu:24.04',
      'docker.io/library/ubuntu:jammy',
      'docker.io/library/ubuntu:latest',
      'docker.io/library/tomcat:10.1',
      'docker.io/library/tomcat:11',
      'docker.io/library/tomcat:9',
      'docker.io/library/tomcat:latest',
      'docker.io/library/mysql:8.0',
      'docker.io/library/mysql:8.4',
      'docker.io/library/mysql:9',
      'docker.io/library/redis:7.2',
      'docker.io/library/redis:7.4',
      'docker.io/library/redis:latest',
      'docker.io/curlimages/curl:8.13.0',
      'docker.io/curlimages/curl:latest',
    ]) {
      expect(known).toContain(reference);
    }
    expect(() => pullImage('redis:6.9')).toThrow(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/redis:6.9": failed to resolve reference "docker.io/library/redis:6.9": docker.io/library/redis:6.9: not found',
    );
    expect(() => pullImage('curlimages/curl:7')).toThrow('not found');
  });

  it('carries the configuration of the real images', () => {
    const tomcat = pullImage('tomcat');
    expect(tomcat.config.entrypoint).toEqual([]);
    expect(tomcat.config.cmd).toEqual(['catalina.sh', 'run']);
    expect(tomcat.config.workingDir).toBe('/usr/local/tomcat');
    expect(tomcat.config.exposedPorts).toEqual(['8080/tcp']);
    expect(tomcat.config.env).toContain('CATALINA_HOME=/usr/local/tomcat');
    expect(tomcat.config.env).toContain('TOMCAT_VERSION=11.0.6');
    expect(tomcat.config.env).toContain('JAVA_HOME=/opt/java/openjdk');
    expect(pullImage('tomcat:9').config.env).toContain('TOMCAT_MAJOR=9');
    const mysql = pullImage('mysql:8.4');
    expect(mysql.config.entrypoint).toEqual(['docker-entrypoint.sh']);
    expect(mysql.config.cmd).toEqual(['mysqld']);
    expect(mysql.config.exposedPorts).toEqual(['3306/tcp', '33060/tcp']);
    expect(mysql.config.env).toContain('MYSQL_VERSION=8.4.5-1.el9');
    const redis = pullImage('redis:7.4');
    expect(redis.config.entrypoint).toEqual(['docker-entrypoint.sh']);
    expect(redis.config.cmd).toEqual(['redis-server']);
    expect(redis.config.workingDir).toBe('/data');
    const curl = pullImage('curlimages/curl');
    expect(curl.canonicalName).toBe('docker.io/curlimages/curl:latest');
    expect(curl.config.entrypoint).toEqual(['/entrypoint.sh']);
    expect(curl.config.cmd).toEqual(['curl']);
    expect(curl.config.user).toBe('curl_user');
    expect(curl.config.workingDir).toBe('/home/curl_user');
    expect(curl.config.env).toContain('CURL_CA_BUNDLE=/cacert.pem');
    expect(pullImage('alpine').config.cmd).toEqual(['/bin/sh']);
    expect(pullImage('ubuntu').config.cmd).toEqual(['/bin/bash']);
    // Compressed sizes grow the way the real images do.
    expect(pullImage('alpine').sizeBytes).toBeLessThan(pullImage('curlimages/curl').sizeBytes);
    expect(pullImage('ubuntu').sizeBytes).toBeLessThan(pullImage('redis').sizeBytes);
    expect(pullImage('redis').sizeBytes).toBeLessThan(pullImage('mysql').sizeBytes);
  });

  it('lays out Alpine: release files, busybox links where Alpine puts them, apk', () => {
    expect(read('alpine:3.21', '/etc/alpine-release')).toBe('3.21.3\n');
    expect(read('alpine:3.20', '/etc/os-release')).toContain('PRETTY_NAME="Alpine Linux v3.20"\n');
    expect(read('alpine', '/etc/apk/repositories')).toBe(
      'https://dl-cdn.alpinelinux.org/alpine/v3.21/main\nhttps://dl-cdn.alpinelinux.org/alpine/v3.21/community\n',
    );
    const fs = filesystemOf('alpine');
    expect(fs.readlink('/usr/bin/tail')).toBe('/bin/busybox');
    expect(fs.readlink('/sbin/ip')).toBe('/bin/busybox');
    expect(fs.readlink('/bin/sh')).toBe('/bin/busybox');
    expect(fs.stat('/sbin/apk').mode & 0o111).not.toBe(0);
  });

  it('lays out Ubuntu like Debian with its own release files and user', () => {
    expect(read('ubuntu', '/etc/os-release')).toContain('VERSION="24.04.2 LTS (Noble Numbat)"\n');
    expect(read('ubuntu:22.04', '/etc/os-release')).toContain('VERSION_CODENAME=jammy\n');
    expect(read('ubuntu', '/etc/passwd')).toContain(
      'ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n',
    );
    expect(read('ubuntu:jammy', '/etc/passwd')).not.toContain('ubuntu:x:1000');
    const fs = filesystemOf('ubuntu');
    expect(fs.realpath('/bin/sh')).toBe('/usr/bin/dash');
    expect(fs.exists('/usr/bin/bash')).toBe(true);
    expect(fs.exists('/usr/bin/curl')).toBe(false);
  });

  it('lays out the server images', () => {
    const tomcat = filesystemOf('tomcat:10.1');
    expect(tomcat.readdir('/usr/local/tomcat/webapps')).toEqual([]);
    expect(tomcat.readdir('/usr/local/tomcat/webapps.dist')).toContain('ROOT');
    expect(tomcat.stat('/usr/local/tomcat/logs').mode & 0o7777).toBe(0o1777);
    expect(text(tomcat.readFile('/usr/local/tomcat/conf/server.xml'))).toContain(
      '<Connector port="8080" protocol="HTTP/1.1"',
    );
    expect(read('tomcat', '/etc/os-release')).toContain('UBUNTU_CODENAME=noble');
    expect(read('mysql', '/etc/my.cnf')).toContain('socket=/var/run/mysqld/mysqld.sock\n');
    expect(read('mysql:8.0', '/etc/my.cnf')).toContain('skip-host-cache\n');
    expect(read('mysql', '/etc/os-release')).toContain('PRETTY_NAME="Oracle Linux Server 9.5"');
    expect(filesystemOf('mysql').realpath('/bin/sh')).toBe('/usr/bin/bash');
    expect(read('redis', '/etc/passwd')).toContain('redis:x:999:999::/home/redis:/bin/sh\n');
    expect(filesystemOf('redis').realpath('/usr/local/bin/redis-check-aof')).toBe(
      '/usr/local/bin/redis-server',
    );
    expect(read('curlimages/curl', '/etc/passwd')).toContain('curl_user:x:100:101:');
    expect(read('curlimages/curl', '/entrypoint.sh')).toContain('set -- curl "$@"');
  });
});
