import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { KUBECTL } from '../support/kubectl.js';
import type { TestCluster } from '../support/simulator.js';

/** How long a test waits for kubectl to print what it should; a hang fails instead of stalling. */
const WAIT_LIMIT_MS = 15_000;

/**
 * A long-running kubectl (`get -w`) whose output the test reads while it runs. Started with
 * `-v=6`, so stderr logs each request as its response headers arrive: the test can tell when the
 * watch itself is open before it changes anything.
 */
export interface KubectlProcess {
  stdout(): string;
  stderr(): string;
  /** Resolves once `done(stdout, stderr)` holds; rejects with both outputs after the limit. */
  waitFor(what: string, done: (stdout: string, stderr: string) => boolean): Promise<void>;
  /** Resolves when kubectl has logged that its watch request got a 200. */
  watchOpen(): Promise<void>;
  stop(): Promise<void>;
}

export function startKubectl(cluster: TestCluster, args: string[]): KubectlProcess {
  const cacheDir = join(cluster.dir, 'kube-cache');
  const child: ChildProcess = spawn(
    KUBECTL ?? 'kubectl',
    [
      `--kubeconfig=${cluster.simulator.kubeconfigPath}`,
      `--cache-dir=${cacheDir}`,
      '-v=6',
      ...args,
    ],
    { env: { ...process.env, KUBECACHEDIR: cacheDir, HOME: cacheDir } },
  );
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    changed();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    changed();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('exit', changed);

  const waitFor = (what: string, done: (stdout: string, stderr: string) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done(out, err)) {
          cleanup();
          resolve();
        } else if (child.exitCode !== null) {
          cleanup();
          reject(new Error(`kubectl exited before ${what}\nstdout:\n${out}\nstderr:\n${err}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`kubectl did not show ${what}\nstdout:\n${out}\nstderr:\n${err}`));
      }, WAIT_LIMIT_MS);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  return {
    stdout: () => out,
    stderr: () => err,
    waitFor,
    watchOpen: () =>
      waitFor('an open watch', (_o, e) => /&watch=true 200 OK|\?watch=true 200 OK/.test(e)),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The printed table without the AGE column's values, which depend on the clock. */
export function tableLines(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s{2,}/));
}
