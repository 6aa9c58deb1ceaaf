import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * Notes 4, "ConfigMap": as environment variables (`env | grep APP`), as files (with and without
 * `items`), and what happens when the ConfigMap changes — files follow within the kubelet's sync
 * period, environment variables never do.
 */
const CM_APPVARS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-appvars
data:
  apploglevel: info
  appdatadir: /var/data
`;

const CM_TEST_POD = `apiVersion: v1
kind: Pod
metadata:
  name: cm-test-pod
spec:
  containers:
  - name: cm-test
    image: busybox
    command: ["/bin/sh", "-c", "env | grep APP"]
    env:
    - name: APPLOGLEVEL #定义环境变量的名称
      valueFrom: #key "apploglevel" 对应的值
        configMapKeyRef:
          name: cm-appvars #环境变量的值取自cm-appvars:
          key: apploglevel #key为apploglevel
    - name: APPDATADIR #定义环境变量的名称
      valueFrom: #key "appdatadir" 对应的值
        configMapKeyRef:
          name: cm-appvars #环境变量的值取自cm-appvars:
          key: appdatadir #key为appdatadir
    #envFrom: #Kubernetes 1.6开始引入的新字段,可以自动生成环境变量
    #- configMapKeyRef
    #  name: cm-appvars #根据cm-appvars中的key=value自动生成环境变量
  restartPolicy: Never
`;

/** The commented-out envFrom, written as it works (`configMapRef`). */
const ENV_FROM_POD = `apiVersion: v1
kind: Pod
metadata:
  name: cm-envfrom
spec:
  containers:
  - name: cm-test
    image: busybox
    command: ["/bin/sh", "-c", "env | grep -i app"]
    envFrom:
    - configMapRef:
        name: cm-appvars
  restartPolicy: Never
`;

const CM_FILES = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-appconfigfiles
data:
  key-servexml: |
          just test
  key-loggingproperties: |
          just test, too
`;

/** The notes' `items` pod, as printed: `- items:` under a mapping is not YAML. */
const CM_ITEMS_AS_PRINTED = `apiVersion: v1
kind: Pod
metadata:
  name: cm-test-app
spec:
  containers:
  - name: cm-test-app
    image: tomcat
    ports:
    - containerPort: 8080
    volumeMounts:
    - name: serverxml
      mountPath: /configfiles
  volumes:
  - name: serverxml
    configMap:
      name: cm-appconfigfiles
      - items: key-serverxml
        path: server.xml
      - items: key-loggingproperties
        path: logging.properties
`;

/** What the author meant — still naming `key-serverxml`, which the ConfigMap spells `key-servexml`. */
const CM_ITEMS = `apiVersion: v1
kind: Pod
metadata:
  name: cm-test-app
spec:
  containers:
  - name: cm-test-app
    image: tomcat
    ports:
    - containerPort: 8080
    volumeMounts:
    - name: serverxml
      mountPath: /configfiles
  volumes:
  - name: serverxml
    configMap:
      name: cm-appconfigfiles
      items:
      - key: key-serverxml
        path: server.xml
      - key: key-loggingproperties
        path: logging.properties
`;

/** The notes' pod without items; nginx stands in for tomcat, which the simulator does not carry. */
const CM_NO_ITEMS = `apiVersion: v1
kind: Pod
metadata:
  name: cm-test-app2
spec:
  containers:
  - name: cm-test-app
    image: nginx
    ports:
    - containerPort: 8080
    volumeMounts:
    - name: serverxml
      mountPath: /configfiles
  volumes:
  - name: serverxml
    configMap:
      name: cm-appconfigfiles
`;

/** ui-config as a file and as env, plus a subPath mount: what an update reaches. */
const UI_POD = `apiVersion: v1
kind: Pod
metadata:
  name: ui
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    env:
    - name: UI_PROPERTIES
      valueFrom:
        configMapKeyRef:
          name: ui-config
          key: ui.properties
    volumeMounts:
    - name: config
      mountPath: /etc/ui
    - name: config
      mountPath: /opt/ui.properties
      subPath: ui.properties
  volumes:
  - name: config
    configMap:
      name: ui-config
`;

const UI_PROPERTIES =
  'color.good=purple\ncolor.bad=yellow\nallow.textmode=true\nhow.nice.to.look=fairlyNice\n';

describe.skipIf(!KUBECTL)(
  `notes: ConfigMaps as env and as files${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('holds cm-test-pod in CreateContainerConfigError until cm-appvars exists', async () => {
      await n.apply('cm-test-pod.yaml', CM_TEST_POD);
      await n.onNode('cm-test-pod');
      await n.advance(2000);
      await n.untilEvent('cm-test-pod', 'Failed: Error: configmap "cm-appvars" not found');
      expect(await n.statusColumns('cm-test-pod')).toBe('0/1 CreateContainerConfigError 0');
      const waiting = await n.kubectl([
        'get',
        'pod',
        'cm-test-pod',
        '-o',
        'jsonpath={.status.containerStatuses[0].state.waiting.message}',
      ]);
      expect(waiting.stdout).toBe('configmap "cm-appvars" not found');

      await n.apply('cm-appvars.yaml', CM_APPVARS);
      // The pod worker tries again on its next sync, 10 s later.
      await n.advance(10_000);
      await n.until('cm-test-pod', '{.status.phase}', 'Succeeded');
      expect(await n.statusColumns('cm-test-pod')).toBe('0/1 Completed 0');
      // The kubelet hands the runtime a map's worth of variables: their order is not fixed.
      const logs = (await n.kubectl(['logs', 'cm-test-pod'])).stdout;
      expect(logs.split('\n').filter(Boolean).sort()).toEqual([
        'APPDATADIR=/var/data',
        'APPLOGLEVEL=info',
      ]);
    });

    it('turns every key into a variable with envFrom, names as they are', async () => {
      await n.apply('cm-envfrom.yaml', ENV_FROM_POD);
      await n.runUntil('cm-envfrom', '{.status.phase}', 'Succeeded');
      const logs = (await n.kubectl(['logs', 'cm-envfrom'])).stdout;
      expect(logs.split('\n').filter(Boolean).sort()).toEqual([
        'appdatadir=/var/data',
        'apploglevel=info',
      ]);
    });

    it("rejects the notes' items pod as printed: it is not YAML", async () => {
      const r = await n.kubectl(['apply', '-f', '-'], CM_ITEMS_AS_PRINTED);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'error: error parsing STDIN: error converting YAML to JSON: yaml: line 17: did not find expected key\n',
      );
    });

    it('cannot mount an item whose key the ConfigMap does not have (key-serverxml ≠ key-servexml)', async () => {
      await n.apply('cm-appconfigfiles.yaml', CM_FILES);
      await n.apply('cm-test-app.yaml', CM_ITEMS);
      await n.untilEvent(
        'cm-test-app',
        'FailedMount: MountVolume.SetUp failed for volume "serverxml" : configmap references non-existent config key: key-serverxml',
      );
      expect(await n.statusColumns('cm-test-app')).toBe('0/1 ContainerCreating 0');
    });

    it('mounts one file per key without items', async () => {
      await n.apply('cm-test-app2.yaml', CM_NO_ITEMS);
      await n.runUntil('cm-test-app2', '{.status.phase}', 'Running');
      const r = await n.exec('cm-test-app2', undefined, [
        'sh',
        '-c',
        'cd /configfiles && ls && cat key-servexml key-loggingproperties',
      ]);
      expect(r).toEqual({
        code: 0,
        stdout: 'key-loggingproperties\nkey-servexml\njust test\njust test, too\n',
        stderr: '',
      });
    });

    it('updates the mounted file within the sync period, never the env or the subPath file', async () => {
      const dir = join(n.cluster.dir, 'example');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'ui.properties'), UI_PROPERTIES);
      const created = await n.kubectl([
        'create',
        'configmap',
        'ui-config',
        `--from-file=${dir}/ui.properties`,
      ]);
      expect(created.stdout).toBe('configmap/ui-config created\n');
      await n.apply('ui.yaml', UI_POD);
      await n.runUntil('ui', '{.status.phase}', 'Running');
      const read = async () => ({
        file: (await n.exec('ui', undefined, ['cat', '/etc/ui/ui.properties'])).stdout,
        env: (await n.exec('ui', undefined, ['printenv', 'UI_PROPERTIES'])).stdout,
        subPath: (await n.exec('ui', undefined, ['cat', '/opt/ui.properties'])).stdout,
        data: (await n.exec('ui', undefined, ['ls', '-l', '/etc/ui/..data'])).stdout.replace(
          /^.* -> /,
          '',
        ),
      });
      const before = await read();
      expect(before).toEqual({
        file: UI_PROPERTIES,
        env: `${UI_PROPERTIES}\n`,
        subPath: UI_PROPERTIES,
        data: expect.stringMatching(/^\.\.2026_11_23_12_00_\d\d\.\d+\n$/),
      });

      const changed = UI_PROPERTIES.replace('yellow', 'red');
      await writeFile(join(dir, 'ui.properties'), changed);
      const regenerated = await n.kubectl([
        'create',
        'configmap',
        'ui-config',
        `--from-file=${dir}/ui.properties`,
        '--dry-run=client',
        '-o',
        'yaml',
      ]);
      const replaced = await n.kubectl(['replace', '-f', '-'], regenerated.stdout);
      expect(replaced.stdout).toBe('configmap/ui-config replaced\n');
      // Nothing changes until the kubelet's periodic sync (1 min) comes round.
      expect((await n.exec('ui', undefined, ['cat', '/etc/ui/ui.properties'])).stdout).toBe(
        UI_PROPERTIES,
      );
      await n.advance(61_000);
      const after = await read();
      expect(after).toEqual({
        file: changed,
        env: `${UI_PROPERTIES}\n`,
        subPath: UI_PROPERTIES,
        data: expect.stringMatching(/^\.\.2026_11_23_12_01_\d\d\.\d+\n$/),
      });
    });
  },
);
