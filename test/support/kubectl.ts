import { execFile, spawnSync } from 'node:child_process';

/** The real kubectl on PATH, or undefined: suites that need it skip and say why. */
export const KUBECTL = (() => {
  const found = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
})();

export const NO_KUBECTL_REASON = 'kubectl is not on PATH: the real-kubectl tests are skipped';

if (!KUBECTL) {
  console.warn(`[pod-course tests] ${NO_KUBECTL_REASON}`);
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type KubectlRunner = (
  args: string[],
  options?: { input?: string; env?: Record<string, string>; timeoutMs?: number },
) => Promise<KubectlResult>;

/**
 * Runs kubectl against one kubeconfig with its own discovery/HTTP cache directory, so tests
 * never read or write the user's ~/.kube.
 */
export function kubectlFor(kubeconfig: string, cacheDir: string): KubectlRunner {
  return (args, options = {}) =>
    new Promise((resolve) => {
      const child = execFile(
        KUBECTL ?? 'kubectl',
        [`--kubeconfig=${kubeconfig}`, `--cache-dir=${cacheDir}`, ...args],
        {
          env: { ...process.env, KUBECACHEDIR: cacheDir, HOME: cacheDir, ...options.env },
          timeout: options.timeoutMs ?? 60_000,
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
      else child.stdin?.end();
    });
}
