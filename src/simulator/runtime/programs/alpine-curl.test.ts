import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from '../fs/container-file-system.js';
import { newContainerLayer } from '../fs/image-layer.js';
import { pullImage } from '../images/image-registry.js';
import { shellProgram } from '../shell/sh-program.js';
import { apk } from './apk.js';
import { imageCatalogue } from './catalogue.js';
import { curlEntrypoint } from './curl-entrypoint.js';
import { CURL_IMAGE_8_13, curlRelease } from './curl-release.js';
import { run, World } from './programs.test-support.js';
import { bindTool } from './tool.js';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function catalogueOf(reference: string) {
  const image = pullImage(reference);
  const fs = ContainerFileSystem.create({
    image: image.layer,
    upper: newContainerLayer(image.layer, { clock: { now: () => new Date() } }),
  });
  const catalogue = imageCatalogue(image, { ash: shellProgram('ash'), dash: shellProgram('dash') });
  return { fs, catalogue };
}

describe('alpine', () => {
  it('finds busybox applets where Alpine links them, and apk', () => {
    const { fs, catalogue } = catalogueOf('alpine:3.21');
    expect(catalogue.resolve('tail', PATH, fs)?.path).toBe('/usr/bin/tail');
    expect(catalogue.resolve('ip', PATH, fs)?.path).toBe('/sbin/ip');
    expect(catalogue.resolve('ls', PATH, fs)?.path).toBe('/bin/ls');
    expect(catalogue.resolve('apk', PATH, fs)?.path).toBe('/sbin/apk');
    expect(catalogue.resolve('sh', PATH, fs)?.path).toBe('/bin/sh');
    expect(catalogue.resolve('bash', PATH, fs)).toBeUndefined();
  });

  it('runs an applet through /bin/busybox under either name', async () => {
    const { fs, catalogue } = catalogueOf('alpine');
    const busybox = catalogue.resolve('/bin/busybox', PATH, fs)?.program;
    if (!busybox) throw new Error('no busybox');
    const world = new World({ image: pullImage('alpine').layer });
    const byName = await run(world, busybox, ['echo', 'hi']);
    expect(byName.stdout).toBe('hi\n');
    const explicit = await run(world, busybox, ['busybox', 'echo', 'there']);
    expect(explicit.stdout).toBe('there\n');
    const listing = await run(world, busybox, ['busybox']);
    expect(listing.stdout).toMatch(
      /^BusyBox v1\.37\.0 \(2025-01-17 18:12:01 UTC\) multi-call binary\.\n/,
    );
    const missing = await run(world, busybox, ['awk', '{print}']);
    expect(missing.status).toBe(127);
    expect(missing.stderr).toBe('awk: applet not found\n');
  });

  it('apk cannot reach a repository: the index fetch fails and nothing is installed', async () => {
    const world = new World({ image: pullImage('alpine:3.21').layer });
    const program = bindTool(apk, 'busybox');
    const add = await run(world, program, ['apk', 'add', 'curl']);
    expect(add.status).toBe(1);
    expect(add.stdout).toBe(
      'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\n',
    );
    expect(add.stderr).toBe(
      'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/main: DNS lookup error\n' +
        'WARNING: updating and opening https://dl-cdn.alpinelinux.org/alpine/v3.21/community: DNS lookup error\n' +
        'ERROR: unable to select packages:\n  curl (no such package):\n    required by: world[curl]\n',
    );
    const installed = await run(world, program, ['apk', 'add', 'busybox']);
    expect(installed.status).toBe(0);
    expect(installed.stdout).toContain('OK: 8 MiB in 15 packages\n');
    const update = await run(world, program, ['apk', 'update']);
    expect(update.status).toBe(2);
    expect(update.stdout).toContain('2 unavailable, 0 stale; 15 distinct packages available\n');
    expect((await run(world, program, ['apk', '--version'])).stdout).toBe(
      'apk-tools 2.14.6, compiled for x86_64.\n',
    );
  });
});

describe('curlimages/curl', () => {
  const curl = bindTool(curlRelease(CURL_IMAGE_8_13), 'busybox');

  it('reports curl 8.13 and sends its User-Agent', async () => {
    const world = new World({ image: pullImage('curlimages/curl').layer });
    const version = await run(world, curl, ['curl', '--version']);
    expect(version.stdout).toMatch(
      /^curl 8\.13\.0 \(x86_64-pc-linux-musl\) libcurl\/8\.13\.0 OpenSSL/,
    );
    let userAgent = '';
    world.network.listen(80, async (request) => {
      userAgent = request.headers['user-agent'] ?? '';
      return { status: 200, headers: {}, body: new TextEncoder().encode('ok') };
    });
    expect((await run(world, curl, ['curl', '-s', 'localhost'])).stdout).toBe('ok');
    expect(userAgent).toBe('curl/8.13.0');
    await run(world, curl, ['curl', '-s', '-A', 'probe/1', 'localhost']);
    expect(userAgent).toBe('probe/1');
    const refused = await run(world, curl, ['curl', '-sS', 'localhost:9']);
    expect(refused.status).toBe(7);
    expect(refused.stderr).toBe(
      'curl: (7) Failed to connect to localhost port 9 after 0 ms: Could not connect to server\n',
    );
  });

  it('the entrypoint runs curl unless the first argument is a command of the image', async () => {
    const ran: string[][] = [];
    const record = (name: string) => async (context: { argv: string[] }) => {
      ran.push([name, ...context.argv.slice(1)]);
      return 0;
    };
    const world = new World({
      image: pullImage('curlimages/curl').layer,
      programs: { curl: record('curl'), sleep: record('sleep') },
    });
    const entrypoint = bindTool(curlEntrypoint, 'busybox');
    const env = { PATH };
    await run(world, entrypoint, ['/entrypoint.sh', '-s', 'http://web'], { env });
    await run(world, entrypoint, ['/entrypoint.sh', 'http://web'], { env });
    await run(world, entrypoint, ['/entrypoint.sh', 'sleep', '3600'], { env });
    await run(world, entrypoint, ['/entrypoint.sh', 'curl'], { env });
    expect(ran).toEqual([
      ['curl', '-s', 'http://web'],
      ['curl', 'http://web'],
      ['sleep', '3600'],
      ['curl'],
    ]);
  });
});
