import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import type { Program } from '../process/contracts.js';
import { imageCatalogue } from './catalogue.js';
import { curl } from './curl.js';
import { nginx } from './nginx.js';
import { nginxEntrypoint } from './nginx-entrypoint.js';
import { ps } from './process-tools.js';
import { Collector, run, settle, World } from './programs.test-support.js';
import { bindTool } from './tool.js';
import { wget } from './wget.js';

const NGINX_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  NGINX_VERSION: '1.27.5',
};

function nginxWorld() {
  const nginxProgram = bindTool(nginx, 'gnu');
  const world = new World({
    image: pullImage('nginx:1.27').layer,
    programs: { nginx: nginxProgram },
  });
  return { world, nginxProgram };
}

async function startNginx(world: World, program: Program) {
  const stdout = new Collector();
  const stderr = new Collector();
  const handle = world.start(program, ['nginx', '-g', 'daemon off;'], {
    stdout,
    stderr,
    env: NGINX_ENV,
  });
  await settle();
  return { handle, stdout, stderr };
}

describe('nginx', () => {
  it('starts a master and workers, logs like the image and serves the welcome page', async () => {
    const { world, nginxProgram } = nginxWorld();
    const { stdout, stderr } = await startNginx(world, nginxProgram);
    expect(stderr.text).toBe(
      '2024/05/14 10:21:33 [notice] 1#1: using the "epoll" event method\n' +
        '2024/05/14 10:21:33 [notice] 1#1: nginx/1.27.5\n' +
        '2024/05/14 10:21:33 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) \n' +
        '2024/05/14 10:21:33 [notice] 1#1: OS: Linux 6.1.0-28-amd64\n' +
        '2024/05/14 10:21:33 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576\n' +
        '2024/05/14 10:21:33 [notice] 1#1: start worker processes\n' +
        '2024/05/14 10:21:33 [notice] 1#1: start worker process 2\n' +
        '2024/05/14 10:21:33 [notice] 1#1: start worker process 3\n',
    );
    const table = await run(world, bindTool(ps, 'busybox'), ['ps']);
    expect(table.stdout).toContain(
      '    1 root      0:00 nginx: master process nginx -g daemon off;\n',
    );
    // `user nginx;`: the workers run as uid 101, which this image's passwd names nginx.
    expect(table.stdout).toContain('    2 nginx     0:00 nginx: worker process\n');
    const page = await run(world, bindTool(curl, 'gnu'), ['curl', '-s', 'localhost']);
    expect(page.stdout).toContain('<title>Welcome to nginx!</title>');
    expect(page.stdout.length).toBe(615);
    expect(stdout.text).toBe(
      '127.0.0.1 - - [14/May/2024:10:21:33 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.88.1" "-"\n',
    );
  });

  it('answers 404 with its built-in page and an error log line', async () => {
    const { world, nginxProgram } = nginxWorld();
    const { stdout, stderr } = await startNginx(world, nginxProgram);
    const result = await run(world, bindTool(curl, 'gnu'), [
      'curl',
      '-si',
      'http://localhost/nope',
    ]);
    expect(result.stdout).toContain('HTTP/1.1 404 Not Found\r\nServer: nginx/1.27.5\r\n');
    expect(result.stdout).toContain('<hr><center>nginx/1.27.5</center>\r\n</body>\r\n</html>\r\n');
    expect(stdout.text).toContain('"GET /nope HTTP/1.1" 404 153 "-" "curl/7.88.1" "-"\n');
    expect(stderr.text).toContain(
      '[error] 2#2: *1 open() "/usr/share/nginx/html/nope" failed (2: No such file or directory), client: 127.0.0.1, server: localhost, request: "GET /nope HTTP/1.1", host: "localhost"\n',
    );
  });

  it('shuts down gracefully on SIGQUIT and at once on SIGTERM, exiting 0', async () => {
    for (const signal of ['SIGQUIT', 'SIGTERM'] as const) {
      const { world, nginxProgram } = nginxWorld();
      const { handle, stderr } = await startNginx(world, nginxProgram);
      world.kill(handle.pid, signal);
      expect(await handle.exit).toBe(0);
      const tail = stderr.text.split('\n').slice(8).join('\n');
      const graceful = signal === 'SIGQUIT';
      expect(tail).toBe(
        `2024/05/14 10:21:33 [notice] 1#1: signal ${graceful ? '3 (SIGQUIT) received, shutting down' : '15 (SIGTERM) received, exiting'}\n` +
          (graceful ? '2024/05/14 10:21:33 [notice] 2#2: gracefully shutting down\n' : '') +
          '2024/05/14 10:21:33 [notice] 2#2: exiting\n' +
          '2024/05/14 10:21:33 [notice] 2#2: exit\n' +
          (graceful ? '2024/05/14 10:21:33 [notice] 3#3: gracefully shutting down\n' : '') +
          '2024/05/14 10:21:33 [notice] 3#3: exiting\n' +
          '2024/05/14 10:21:33 [notice] 3#3: exit\n' +
          '2024/05/14 10:21:33 [notice] 1#1: signal 17 (SIGCHLD) received from 2\n' +
          '2024/05/14 10:21:33 [notice] 1#1: worker process 2 exited with code 0\n' +
          '2024/05/14 10:21:33 [notice] 1#1: signal 17 (SIGCHLD) received from 3\n' +
          '2024/05/14 10:21:33 [notice] 1#1: worker process 3 exited with code 0\n' +
          '2024/05/14 10:21:33 [notice] 1#1: exit\n',
      );
      expect(world.fs.exists('/var/run/nginx.pid')).toBe(false);
    }
  });

  it('nginx -s quit signals the master through its pid file', async () => {
    const { world, nginxProgram } = nginxWorld();
    const { handle } = await startNginx(world, nginxProgram);
    const quit = await run(world, nginxProgram, ['nginx', '-s', 'quit']);
    expect(quit.stderr).toBe('2024/05/14 10:21:33 [notice] 4#4: signal process started\n');
    expect(await handle.exit).toBe(0);
  });

  it('reports a taken port five times, then gives up', async () => {
    const { world, nginxProgram } = nginxWorld();
    world.network.listen(80, async () => ({ status: 200, headers: {}, body: new Uint8Array() }));
    const stderr = new Collector();
    const handle = world.start(nginxProgram, ['nginx', '-g', 'daemon off;'], {
      stderr,
      env: NGINX_ENV,
    });
    for (let i = 0; i < 5; i++) await world.clock.advance(500);
    expect(await handle.exit).toBe(1);
    expect(
      stderr.text.split(
        'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n',
      ),
    ).toHaveLength(6);
    expect(stderr.text.endsWith('nginx: [emerg] still could not bind()\n')).toBe(true);
  });
});

describe('the nginx entrypoint', () => {
  it('prints the configuration lines kubectl logs shows, enables IPv6, then execs nginx', async () => {
    const { world, nginxProgram } = nginxWorld();
    const stdout = new Collector();
    const handle = world.start(
      bindTool(nginxEntrypoint, 'gnu'),
      ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'],
      {
        stdout,
        env: NGINX_ENV,
      },
    );
    await settle();
    expect(stdout.text).toBe(
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n' +
        '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\n' +
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh\n' +
        '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf\n' +
        '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n' +
        '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh\n' +
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh\n' +
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh\n' +
        '/docker-entrypoint.sh: Configuration complete; ready for start up\n',
    );
    const conf = new TextDecoder().decode(world.fs.readFile('/etc/nginx/conf.d/default.conf'));
    expect(
      conf.startsWith(
        'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n',
      ),
    ).toBe(true);
    expect(world.network.servers.has(80)).toBe(true);
    world.kill(handle.pid, 'SIGQUIT');
    expect(await handle.exit).toBe(0);
    void nginxProgram;
  });
});

describe('curl and wget when nothing listens', () => {
  it('curl exits 7 with its progress meter and message', async () => {
    const w = new World({ image: pullImage('nginx:1.27').layer });
    const result = await run(w, bindTool(curl, 'gnu'), ['curl', 'localhost:8080']);
    expect(result.status).toBe(7);
    expect(result.stderr).toBe(
      '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
        '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
        '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n' +
        "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n",
    );
    expect((await run(w, bindTool(curl, 'gnu'), ['curl', '-s', 'localhost:8080'])).stderr).toBe('');
    expect((await run(w, bindTool(curl, 'gnu'), ['curl', '-sS', 'http://nope/'])).stderr).toBe(
      'curl: (6) Could not resolve host: nope\n',
    );
  });

  it('busybox wget -qO- prints the body, or says the connection was refused', async () => {
    const w = new World({ image: pullImage('busybox:1.36').layer });
    const refused = await run(w, bindTool(wget, 'busybox'), [
      'wget',
      '-qO-',
      'http://localhost:80',
    ]);
    expect(refused).toEqual({
      status: 1,
      stdout: '',
      stderr: "wget: can't connect to remote host (127.0.0.1): Connection refused\n",
    });
    w.network.listen(80, async () => ({
      status: 200,
      headers: {},
      body: new TextEncoder().encode('hi\n'),
    }));
    expect((await run(w, bindTool(wget, 'busybox'), ['wget', '-qO-', 'localhost'])).stdout).toBe(
      'hi\n',
    );
    expect((await run(w, bindTool(wget, 'busybox'), ['wget', '-O', '-', 'localhost'])).stderr).toBe(
      'Connecting to localhost (127.0.0.1:80)\nwriting to stdout\n-                    100% |********************************|     3  0:00:00 ETA\nwritten to stdout\n',
    );
  });
});

describe('image catalogues', () => {
  it('map each image to its binaries, following symlinks and the filesystem', async () => {
    const sh: Program = async () => 0;
    const busybox = pullImage('busybox:1.36');
    const w = new World({ image: busybox.layer });
    const catalogue = imageCatalogue(busybox, { ash: sh });
    const path = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    expect(catalogue.resolve('ls', path, w.fs)?.path).toBe('/bin/ls');
    expect(catalogue.resolve('sh', path, w.fs)?.program).toBe(sh);
    expect(catalogue.resolve('curl', path, w.fs)).toBeUndefined();
    w.fs.unlink('/bin/sleep');
    expect(catalogue.resolve('sleep', path, w.fs)).toBeUndefined();
    const viaBusybox = catalogue.resolve('busybox', path, w.fs)?.program as Program;
    expect((await run(w, viaBusybox, ['busybox', 'echo', 'hi'])).stdout).toBe('hi\n');

    const debian = pullImage('debian:bookworm');
    const dash: Program = async () => 0;
    const dw = new World({ image: debian.layer });
    const gnu = imageCatalogue(debian, { dash });
    expect(gnu.resolve('/bin/sh', path, dw.fs)?.program).toBe(dash);
    expect(gnu.resolve('ps', path, dw.fs)).toBeUndefined();
    expect(gnu.resolve('wget', path, dw.fs)).toBeUndefined();
    const nginxImage = pullImage('nginx');
    const nw = new World({ image: nginxImage.layer });
    expect(imageCatalogue(nginxImage).resolve('nginx', path, nw.fs)?.path).toBe('/usr/sbin/nginx');
    expect(imageCatalogue(nginxImage).resolve('/docker-entrypoint.sh', path, nw.fs)).toBeDefined();
  });
});

describe('curl progress meter on success', () => {
  it('ends with the 100% line', async () => {
    const w = new World({ image: pullImage('nginx:1.27').layer });
    w.network.listen(80, async () => ({ status: 200, headers: {}, body: new Uint8Array(615) }));
    const result = await run(w, bindTool(curl, 'gnu'), ['curl', 'localhost']);
    expect(result.stderr.split('\n')[2]).toBe(
      '100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k',
    );
  });
});
