import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotesCluster, notesCluster } from '../../../../test/kubectl/notes-support.js';
import { KUBECTL, NO_KUBECTL_REASON } from '../../../../test/support/kubectl.js';

/**
 * Issue 4's images with the real kubectl: each one run as a pod, its logs read, its own
 * client exec'd — and the notes' logreader pod, where busybox follows the catalina log that
 * tomcat writes into a shared emptyDir. Simulated time moves only when a test moves it.
 */
const LOGREADER = `apiVersion: v1
kind: Pod
metadata:
  name: volume-pod
spec:
  containers:
  - name: tomcat
    image: tomcat
    ports:
    - containerPort: 8080
    volumeMounts:
    - name: app-logs
      mountPath: /usr/local/tomcat/logs
  - name: busybox
    image: busybox
    command: ["sh", "-c", "tail -f /logs/catalina*.log"]
    volumeMounts:
    - name: app-logs
      mountPath: /logs
  volumes:
  - name: app-logs
    emptyDir: {}
`;

const MYSQL = `apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: mysql
    image: mysql:8.4
    env:
    - name: MYSQL_ROOT_PASSWORD
      value: s3cret
    - name: MYSQL_DATABASE
      value: shop
    readinessProbe:
      tcpSocket:
        port: 3306
      periodSeconds: 2
`;

describe.skipIf(!KUBECTL)(
  `real kubectl: alpine, ubuntu, tomcat, mysql, redis, curlimages/curl${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    const sleeper = async (name: string, image: string) => {
      const r = await n.kubectl(['run', name, `--image=${image}`, '--', 'sleep', '3600']);
      expect(r.code, r.stderr).toBe(0);
      await n.runUntil(name, '{.status.phase}', 'Running');
    };

    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('alpine: release files, busybox at Alpine paths, apk add fails without a network', async () => {
      await sleeper('alp', 'alpine:3.21');
      expect((await n.exec('alp', undefined, ['cat', '/etc/alpine-release'])).stdout).toBe(
        '3.21.3\n',
      );
      expect(
        (
          await n.exec('alp', undefined, [
            'sh',
            '-c',
            'for c in tail ip sh; do command -v $c; done',
          ])
        ).stdout,
      ).toBe('/usr/bin/tail\n/sbin/ip\n/bin/sh\n');
      const add = await n.exec('alp', undefined, ['apk', 'add', 'curl']);
      expect(add.code).toBe(1);
      expect(add.stdout).toBe(
        'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\n',
      );
      expect(add.stderr).toContain(
        'ERROR: unable to select packages:\n  curl (no such package):\n',
      );
    });

    it('ubuntu: bash runs POSIX scripts and refuses what only bash can do', async () => {
      await sleeper('ub', 'ubuntu:24.04');
      expect(
        (await n.exec('ub', undefined, ['grep', 'VERSION_CODENAME', '/etc/os-release'])).stdout,
      ).toBe('VERSION_CODENAME=noble\n');
      const posix = await n.exec('ub', undefined, [
        'bash',
        '-c',
        'echo $((1+2)); [[ -d /tmp ]] && echo dir',
      ]);
      expect(posix).toEqual({ code: 0, stdout: '3\ndir\n', stderr: '' });
      const brace = await n.exec('ub', undefined, ['bash', '-c', 'echo {1..3}']);
      expect(brace.code).toBe(2);
      expect(brace.stderr).toContain(
        'bash: {1..3}: not supported by this simulated bash (brace expansion)',
      );
    });

    it("the notes' logreader: busybox follows tomcat's catalina log through the emptyDir", async () => {
      await n.apply('volume-pod.yaml', LOGREADER);
      await n.runUntil('volume-pod', '{.status.containerStatuses[*].ready}', 'true true');
      await n.advance(3000);
      const followed = await n.untilLogs(['volume-pod', '-c', 'busybox'], (logs) =>
        logs.includes('org.apache.catalina.startup.Catalina.start Server startup in ['),
      );
      expect(followed).toMatch(
        /^\d\d-\w{3}-\d{4} [\d:.]+ INFO \[main\] org\.apache\.catalina\.startup\.VersionLoggerListener\.log Server version name: {3}Apache Tomcat\/11\.0\.6\n/,
      );
      const tomcatLogs = (await n.kubectl(['logs', 'volume-pod', '-c', 'tomcat'])).stdout;
      expect(tomcatLogs).toMatch(/^NOTE: Picked up JDK_JAVA_OPTIONS: /);
      expect(tomcatLogs).toContain(followed.split('\n')[0]);
      const files = await n.exec('volume-pod', 'busybox', ['ls', '/logs']);
      expect(files.stdout).toMatch(
        /^catalina\.\d{4}-\d\d-\d\d\.log\nhost-manager\.[\d-]+\.log\nlocalhost\.[\d-]+\.log\nlocalhost_access_log\.[\d-]+\.txt\nmanager\.[\d-]+\.log\n$/,
      );
      const page = await n.exec('volume-pod', 'tomcat', [
        'curl',
        '-s',
        '-w',
        '%{http_code}',
        'localhost:8080/',
      ]);
      expect(page.stdout).toMatch(/<h3>Apache Tomcat\/11\.0\.6<\/h3><\/body><\/html>404$/);
    });

    it('curlimages/curl reaches the tomcat pod by its IP, through its entrypoint', async () => {
      const ip = await n.until('volume-pod', '{.status.podIP}', (value) => value !== '');
      const r = await n.kubectl([
        'run',
        'probe',
        '--image=curlimages/curl:8.13.0',
        '--restart=Never',
        '--',
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}\\n',
        `http://${ip}:8080/`,
      ]);
      expect(r.code, r.stderr).toBe(0);
      await n.runUntil('probe', '{.status.phase}', 'Succeeded');
      expect((await n.kubectl(['logs', 'probe'])).stdout).toBe('404\n');
    });

    it('mysql without a password: the documented error, exit 1, then CrashLoopBackOff', async () => {
      const r = await n.kubectl(['run', 'nopass', '--image=mysql:8.4']);
      expect(r.code, r.stderr).toBe(0);
      await n.runUntil(
        'nopass',
        '{.status.containerStatuses[0].lastState.terminated.exitCode}',
        '1',
      );
      const logs = await n.kubectl(['logs', 'nopass', '--previous']);
      expect(logs.stdout).toContain(
        '[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
      );
      await n.runUntil(
        'nopass',
        '{.status.containerStatuses[0].state.waiting.reason}',
        'CrashLoopBackOff',
      );
    });

    it('mysql with MYSQL_ROOT_PASSWORD: initialised, ready on 3306, the mysql client works', async () => {
      await n.apply('db.yaml', MYSQL);
      await n.runUntil('db', '{.status.containerStatuses[0].ready}', 'true');
      const logs = (await n.kubectl(['logs', 'db'])).stdout;
      expect(logs).toContain('[Note] [Entrypoint]: MySQL init process done. Ready for start up.\n');
      expect(logs).toMatch(
        /\/usr\/sbin\/mysqld: ready for connections\. Version: '8\.4\.5' {2}socket: '\/var\/run\/mysqld\/mysqld\.sock' {2}port: 3306 {2}MySQL Community Server - GPL\.\n$/,
      );
      const select = await n.exec('db', undefined, [
        'mysql',
        '-uroot',
        '-ps3cret',
        '-e',
        'select 1',
      ]);
      expect(select).toEqual({
        code: 0,
        stdout: '1\n1\n',
        stderr:
          'mysql: [Warning] Using a password on the command line interface can be insecure.\n',
      });
      const wrong = await n.exec('db', undefined, ['mysql', '-uroot', '-pwrong', '-e', 'select 1']);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain(
        "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n",
      );
      const shown = await n.exec('db', undefined, [
        'mysql',
        '-uroot',
        '-ps3cret',
        '-N',
        '-e',
        'show databases',
      ]);
      expect(shown.stdout).toBe('information_schema\nmysql\nperformance_schema\nshop\nsys\n');
      expect(
        (await n.exec('db', undefined, ['mysqladmin', '-uroot', '-ps3cret', 'ping'])).stdout,
      ).toBe('mysqld is alive\n');
    });

    it('redis: the startup banner, and redis-cli against the server of the pod', async () => {
      const r = await n.kubectl(['run', 'cache', '--image=redis:7.4']);
      expect(r.code, r.stderr).toBe(0);
      await n.runUntil('cache', '{.status.phase}', 'Running');
      const logs = await n.untilLogs('cache', (text) =>
        text.includes('Ready to accept connections tcp'),
      );
      expect(logs).toMatch(
        /^1:C \d\d \w{3} \d{4} [\d:.]+ \* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n/,
      );
      expect(logs).toContain(
        '* Redis version=7.4.2, bits=64, commit=00000000, modified=0, pid=1, just started\n',
      );
      expect(
        (await n.exec('cache', undefined, ['redis-cli', 'set', 'greeting', 'hello'])).stdout,
      ).toBe('OK\n');
      expect((await n.exec('cache', undefined, ['redis-cli', 'get', 'greeting'])).stdout).toBe(
        'hello\n',
      );
      expect((await n.exec('cache', undefined, ['redis-cli', 'keys', '*'])).stdout).toBe(
        'greeting\n',
      );
    });
  },
);
