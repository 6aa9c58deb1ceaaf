import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * The notes' Secret experiments ("挂载密码(secret)", notes 1, 3 and 4): projected volumes of
 * Secrets made with `kubectl create secret generic --from-file`, the pod that waits for them,
 * and what the files inside look like — the atomic writer's `..data` layout, `items`, `mode`,
 * `optional`, and read-only by nature.
 */
const SECRET_VOLUME = `apiVersion: v1
kind: Pod
metadata:
  name: secret-volume
spec:
  containers:
  - name: test-secret-volume
    image: busybox
    args: ["sleep", "3600"]
    volumeMounts:
    - name: mysql-creds
      mountPath: /etc/mysql-creds
      readOnly: true
  volumes:
  - name: mysql-creds
    projected:
      sources:
      - secret:
          name: myuser
      - secret:
          name: mypwd
`;

/** Notes 3: the YAML form of its two Secrets — both keyed `passwd` (the author's slip). */
const GYSL_SECRETS = `apiVersion: v1
kind: Secret
metadata:
  name: user
type: Opaque
data:
  passwd: Z3lzbAo=
---
apiVersion: v1
kind: Secret
metadata:
  name: passwd
type: Opaque
data:
  passwd: RSN3MjMlZGoySktACg==
`;

const SECRET_GYSL = `apiVersion: v1
kind: Pod
metadata:
  name: secret-gysl
spec:
  containers:
  - name: secret-gysl
    image: busybox
    args:
    - sleep
    - "3600"
    volumeMounts:
    - name: secret-mysql-gysl
      mountPath: "/projected-volume-secret"
      readOnly: true
  volumes:
  - name: secret-mysql-gysl
    projected:
      sources:
      - secret:
          name: user
      - secret:
          name: passwd
`;

/** Notes 4's YAML Secret, mounted with `items`, a per-file `mode` and an optional companion. */
const MYSECRET = `apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  user: YWRtaW4=
  pass: MWYyZDFlMmU2N2Rm
`;

const ITEMS_POD = `apiVersion: v1
kind: Pod
metadata:
  name: secret-items
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    volumeMounts:
    - name: creds
      mountPath: /etc/creds
    - name: extra
      mountPath: /etc/extra
  volumes:
  - name: creds
    secret:
      secretName: mysecret
      defaultMode: 0440
      items:
      - key: pass
        path: db/pass
        mode: 0400
      - key: user
        path: user
  - name: extra
    secret:
      secretName: not-there-yet
      optional: true
`;

describe.skipIf(!KUBECTL)(
  `notes: Secrets in projected volumes${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    /** `echo "admin" > username.txt && k create secret generic myuser --from-file=username.txt`. */
    const secretFromFile = async (name: string, file: string, content: string) => {
      const path = join(n.cluster.dir, file);
      await writeFile(path, content);
      const r = await n.kubectl(['create', 'secret', 'generic', name, `--from-file=${path}`]);
      expect(r).toEqual({ code: 0, stdout: `secret/${name} created\n`, stderr: '' });
    };

    it('holds secret-volume in ContainerCreating while its Secrets are missing', async () => {
      await n.apply('secret-volume.yaml', SECRET_VOLUME);
      await n.untilEvent(
        'secret-volume',
        'FailedMount: MountVolume.SetUp failed for volume "mysql-creds" : [secret "myuser" not found, secret "mypwd" not found]',
      );
      expect(await n.statusColumns('secret-volume')).toBe('0/1 ContainerCreating 0');
      await secretFromFile('myuser', 'username.txt', 'admin\n');
      // The kubelet retries the mount with a back-off of 500 ms doubling.
      await n.advance(1000);
      await n.untilEvent(
        'secret-volume',
        'FailedMount: MountVolume.SetUp failed for volume "mysql-creds" : secret "mypwd" not found',
      );
    });

    it('starts it once both exist, one file per key', async () => {
      await secretFromFile('mypwd', 'password.txt', '123456\n');
      // The next mount retry succeeds, then the image is pulled.
      await n.runUntil('secret-volume', '{.status.phase}', 'Running');
      expect(await n.statusColumns('secret-volume')).toBe('1/1 Running 0');
      expect(await n.exec('secret-volume', undefined, ['ls', '/etc/mysql-creds'])).toEqual({
        code: 0,
        stdout: 'password.txt\nusername.txt\n',
        stderr: '',
      });
      const cat = await n.exec('secret-volume', undefined, [
        'cat',
        '/etc/mysql-creds/password.txt',
      ]);
      expect(cat.stdout).toBe('123456\n');
      const yaml = await n.kubectl(['get', 'secret', 'mypwd', '-o', 'jsonpath={.data}']);
      expect(yaml.stdout).toBe('{"password.txt":"MTIzNDU2Cg=="}');
    });

    it('lays the files out as the atomic writer does: ..data and one symlink per key', async () => {
      const ls = await n.exec('secret-volume', undefined, ['ls', '-la', '/etc/mysql-creds']);
      const rows = ls.stdout
        .split('\n')
        .filter((l) => /^[dl-]/.test(l))
        .map((l) => {
          const f = l.split(/ +/);
          return [f[0], f.slice(8).join(' ')].join(' ');
        });
      const stamp = rows.find((r) => r.startsWith('drwxr-xr-x ..2'))?.split(' ')[1] ?? '';
      expect(stamp).toMatch(/^\.\.2026_11_23_12_00_\d\d\.\d+$/);
      expect(rows).toEqual(
        expect.arrayContaining([
          `drwxr-xr-x ${stamp}`,
          `lrwxrwxrwx ..data -> ${stamp}`,
          'lrwxrwxrwx password.txt -> ..data/password.txt',
          'lrwxrwxrwx username.txt -> ..data/username.txt',
        ]),
      );
      const inside = await n.exec('secret-volume', undefined, [
        'ls',
        '-l',
        `/etc/mysql-creds/${stamp}/`,
      ]);
      expect(inside.stdout).toMatch(/^-rw-r--r-- .* password\.txt$/m);
    });

    it('refuses writes: the mount is read-only', async () => {
      const r = await n.exec('secret-volume', undefined, [
        'sh',
        '-c',
        'echo x > /etc/mysql-creds/new',
      ]);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr:
          "sh: can't create /etc/mysql-creds/new: Read-only file system\ncommand terminated with exit code 1\n",
      });
    });

    it('lists the Secrets as `kubectl get secrets` shows them', async () => {
      const r = await n.kubectl(['get', 'secrets']);
      expect(r.stdout).toMatch(
        /^NAME +TYPE +DATA +AGE\nmypwd +Opaque +1 +\S+\nmyuser +Opaque +1 +\S+\n$/,
      );
    });

    it("shows one `passwd` file for notes 3's two Secrets that share the key", async () => {
      await n.apply('gysl-secrets.yaml', GYSL_SECRETS);
      await n.apply('secret-gysl.yaml', SECRET_GYSL);
      await n.runUntil('secret-gysl', '{.status.phase}', 'Running');
      expect(
        (await n.exec('secret-gysl', undefined, ['ls', '/projected-volume-secret/'])).stdout,
      ).toBe('passwd\n');
      // The later source wins: the `passwd` Secret's value, as the notes found.
      expect(
        (await n.exec('secret-gysl', undefined, ['cat', '/projected-volume-secret/passwd'])).stdout,
      ).toBe('E#w23%dj2JK@\n');
    });

    it('projects only the listed items, with their modes; an optional missing Secret is an empty dir', async () => {
      await n.apply('mysecret.yaml', MYSECRET);
      await n.apply('secret-items.yaml', ITEMS_POD);
      await n.runUntil('secret-items', '{.status.phase}', 'Running');
      const r = await n.exec('secret-items', undefined, [
        'sh',
        '-c',
        'cd /etc/creds && ls; cat db/pass; echo; cat user; echo; ls -l ..data/db/pass ..data/user; ls /etc/extra | wc -l; ls -A /etc/extra',
      ]);
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines.slice(0, 4)).toEqual(['db', 'user', '1f2d1e2e67df', 'admin']);
      expect(lines[4]).toMatch(/^-r-------- .* \.\.data\/db\/pass$/);
      expect(lines[5]).toMatch(/^-r--r----- .* \.\.data\/user$/);
      // An optional Secret that is missing still gets the writer's (empty) `..data`.
      expect(lines[6]?.trim()).toBe('0');
      expect(lines[7]).toMatch(/^\.\.2026_11_23_12_\d\d_\d\d\.\d+$/);
      expect(lines.slice(8)).toEqual(['..data', '']);
    });

    it('reports a missing key of a listed item as FailedMount', async () => {
      await n.apply(
        'bad-item.yaml',
        ITEMS_POD.replace('name: secret-items', 'name: bad-item').replace(
          'key: user',
          'key: username',
        ),
      );
      await n.untilEvent(
        'bad-item',
        'FailedMount: MountVolume.SetUp failed for volume "creds" : references non-existent secret key: username',
      );
      expect(await n.statusColumns('bad-item')).toBe('0/1 ContainerCreating 0');
    });
  },
);
