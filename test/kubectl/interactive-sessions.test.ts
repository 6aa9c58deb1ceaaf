import { execFile, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, untilReady } from './helpers.js';

const run = promisify(execFile);
const TMUX = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).status === 0;
const SKIP_REASON = !TMUX
  ? 'tmux is not on PATH: the interactive exec/attach tests are skipped'
  : !KUBECTL
    ? 'kubectl is not on PATH: the interactive exec/attach tests are skipped'
    : '';
if (SKIP_REASON) console.warn(`[pod-course tests] ${SKIP_REASON}`);

/** How long one screen may take to appear; a hang fails with the screen as it was. */
const SCREEN_LIMIT_MS = 20_000;

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: box
spec:
  containers:
  - name: box
    image: busybox:1.36
    command: ['sleep', '3600']
---
apiVersion: v1
kind: Pod
metadata:
  name: console
spec:
  containers:
  - name: console
    image: busybox:1.36
    command: ['sh']
    stdin: true
    tty: true
---
apiVersion: v1
kind: Pod
metadata:
  name: ticker
spec:
  containers:
  - name: ticker
    image: busybox:1.36
    command: ['sh', '-c', 'while true; do echo tick; sleep 1; done']
---
apiVersion: v1
kind: Pod
metadata:
  name: nginx-busybox
spec:
  shareProcessNamespace: true
  containers:
  - name: nginx
    image: nginx
  - name: shell
    image: busybox
    stdin: true
    tty: true
`;

/**
 * `kubectl exec -it` and `kubectl attach -it` in a real terminal: tmux gives kubectl a pty
 * (100×30), the test types with send-keys and reads the screen with capture-pane, as a
 * learner would. kubectl puts its terminal in raw mode, so every key reaches the simulated
 * terminal, whose line discipline echoes, edits and signals.
 */
describe.skipIf(SKIP_REASON !== '')(
  `interactive sessions through a pseudo-terminal${SKIP_REASON ? ` (${SKIP_REASON})` : ''}`,
  () => {
    let cluster: TestCluster;
    const socket = `pod-course-it-${process.pid}`;
    const tmux = (...args: string[]) => run('tmux', ['-L', socket, ...args]);
    let sessions = 0;

    /** Runs `kubectl ARGS` in a new tmux session; the pane stays to show `EXIT=<code>`. */
    async function terminal(args: string[]) {
      const name = `s${++sessions}`;
      const script = join(cluster.dir, `${name}.sh`);
      const cache = join(cluster.dir, 'kube-cache');
      const quoted = args.map((a) => `'${a}'`).join(' ');
      await writeFile(
        script,
        // The trap keeps this script alive when Ctrl-C ends kubectl, to print its exit code.
        `trap : INT\nexport HOME='${cache}'\n'${KUBECTL}' --kubeconfig='${cluster.simulator.kubeconfigPath}' --cache-dir='${cache}' ${quoted}\necho "EXIT=$?"\nsleep 600\n`,
      );
      await tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', `sh '${script}'`);
      const screen = async () => (await tmux('capture-pane', '-p', '-J', '-t', name)).stdout;
      return {
        screen,
        keys: (...keys: string[]) => tmux('send-keys', '-t', name, ...keys),
        /** Types a line as a person would: the text literally, then Enter. */
        line: async (text: string) => {
          await tmux('send-keys', '-t', name, '-l', text);
          await tmux('send-keys', '-t', name, 'Enter');
        },
        resize: (cols: number, rows: number) =>
          tmux('resize-window', '-t', name, '-x', String(cols), '-y', String(rows)),
        /** Polls the screen until `expected` shows. */
        async waitFor(expected: string | RegExp): Promise<string> {
          const deadline = Date.now() + SCREEN_LIMIT_MS;
          let last = '';
          while (Date.now() < deadline) {
            last = await screen();
            if (typeof expected === 'string' ? last.includes(expected) : expected.test(last))
              return last;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          throw new Error(`the screen never showed ${String(expected)}; it showed:\n${last}`);
        },
      };
    }

    /** The screen's non-empty lines, right-trimmed. */
    const lines = (screen: string) =>
      screen
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l !== '');

    beforeAll(async () => {
      cluster = await startTestCluster();
      const file = await manifestWriter(cluster.dir)('pods.yaml', PODS);
      const applied = await cluster.kubectl(['apply', '-f', file]);
      expect(applied.code, applied.stderr).toBe(0);
      for (const pod of ['box', 'console', 'ticker', 'nginx-busybox']) {
        await untilReady(cluster.kubectl, pod);
      }
    }, 60_000);

    afterAll(async () => {
      await tmux('kill-server').catch(() => undefined);
      await cluster?.stop();
    });

    it('keeps the working directory and variables between lines, and exits with exit 3', async () => {
      const t = await terminal(['exec', '-it', 'box', '--', 'sh']);
      await t.waitFor('/ # ');
      await t.line('cd /tmp');
      await t.waitFor('/tmp # ');
      await t.line('GREETING=hello; export LEVEL=2');
      await t.line('echo "$GREETING $LEVEL $PWD"');
      await t.waitFor('hello 2 /tmp');
      await t.line('exit 3');
      const screen = await t.waitFor('EXIT=3');
      expect(lines(screen)).toEqual([
        '/ # cd /tmp',
        '/tmp # GREETING=hello; export LEVEL=2',
        '/tmp # echo "$GREETING $LEVEL $PWD"',
        'hello 2 /tmp',
        '/tmp # exit 3',
        'command terminated with exit code 3',
        'EXIT=3',
      ]);
    });

    it('interrupts a running sleep with Ctrl-C, edits with Backspace, and leaves on Ctrl-D', async () => {
      const t = await terminal(['exec', '-it', 'box', '--', 'sh']);
      await t.waitFor('/ # ');
      await t.line('sleep 100');
      await t.waitFor('sleep 100');
      await t.keys('C-c');
      await t.waitFor(/\^C\n\/ # $/m);
      await t.keys('-l', 'echo $?x');
      await t.keys('BSpace');
      await t.keys('Enter');
      await t.waitFor(/^130$/m);
      // Ctrl-C at the prompt abandons the line and sets $? to 130, which Ctrl-D exits with.
      await t.keys('-l', 'never run');
      await t.keys('C-c');
      await t.waitFor('never run^C');
      await t.keys('C-d');
      const screen = await t.waitFor('EXIT=130');
      expect(lines(screen)).toEqual([
        '/ # sleep 100',
        '^C',
        '/ # echo $?',
        '130',
        '/ # never run^C',
        '/ #',
        'command terminated with exit code 130',
        'EXIT=130',
      ]);
    });

    it('follows the window size: stty size before and after tmux resizes the window', async () => {
      const t = await terminal(['exec', '-it', 'box', '--', 'sh']);
      await t.waitFor('/ # ');
      await t.line('stty size');
      await t.waitFor(/^30 100$/m);
      await t.resize(120, 40);
      await t.line('stty size');
      await t.waitFor(/^40 120$/m);
      await t.line('exit');
      await t.waitFor('EXIT=0');
    });

    it('attaches to a stdin+tty container and shows its shell prompt', async () => {
      const t = await terminal(['attach', '-it', 'console']);
      await t.waitFor("If you don't see a command prompt, try pressing enter.");
      await t.waitFor(/^\/ # $/m);
      await t.line('echo attached-$((6*7))');
      await t.waitFor(/^attached-42$/m);
      await t.line('exit');
      const screen = await t.waitFor('EXIT=0');
      expect(lines(screen)).toEqual([
        "If you don't see a command prompt, try pressing enter.",
        '/ # echo attached-$((6*7))',
        'attached-42',
        '/ # exit',
        "Session ended, resume using 'kubectl attach console -c console -i -t' command when the pod is running",
        'EXIT=0',
      ]);
    });

    it("attaches to the notes' shell container and sees every process of the pod", async () => {
      const t = await terminal(['attach', '-it', 'nginx-busybox', '-c', 'shell']);
      await t.waitFor(/^\/ # $/m);
      await t.line('ps ax');
      const screen = await t.waitFor(/ps ax\n(.*\n)*.* ps ax\n\/ # $/m);
      const table = lines(screen).slice(lines(screen).indexOf('/ # ps ax') + 1, -1);
      expect(table[0]).toMatch(/^PID\s+USER\s+TIME\s+COMMAND$/);
      const commands = table.slice(1).map((row) => row.split(/\s+/).slice(4).join(' '));
      // nginx starts a worker per CPU of the node: one or more.
      expect([...new Set(commands)]).toEqual([
        '/pause',
        'nginx: master process nginx -g daemon off;',
        'nginx: worker process',
        'sh',
        'ps ax',
      ]);
    });

    it('says a container without tty did not allocate one, then attaches without a terminal', async () => {
      const t = await terminal(['attach', '-it', 'ticker']);
      await t.waitFor('error: Unable to use a TTY - container ticker did not allocate one');
      await t.waitFor("If you don't see a command prompt, try pressing enter.");
      // Not a terminal session: the output is the container's, and Ctrl-C ends kubectl itself.
      await t.waitFor(/^tick$/m);
      await t.keys('C-c');
      const screen = await t.waitFor(/EXIT=\d+/);
      expect(lines(screen).slice(0, 2)).toEqual([
        'error: Unable to use a TTY - container ticker did not allocate one',
        "If you don't see a command prompt, try pressing enter.",
      ]);
      expect(
        lines(screen)
          .slice(2, -1)
          .every((l) => l === 'tick'),
      ).toBe(true);
      // kubectl catches the interrupt and exits 1; the local terminal echoed the ^C.
      expect(lines(screen).at(-1)).toBe('^CEXIT=1');
    });
  },
);
