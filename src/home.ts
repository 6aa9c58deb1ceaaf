import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where pod-course keeps its state: `$POD_COURSE_HOME`, else the OS convention for
 * per-user application data (CLI.md § Global).
 */
export function podCourseHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform) {
  if (env.POD_COURSE_HOME) return env.POD_COURSE_HOME;
  if (platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'pod-course');
  }
  if (platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'pod-course');
  }
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'pod-course');
}

/** The simulator's default directory: its state, certificate and kubeconfig live here. */
export function defaultSimDir(env: NodeJS.ProcessEnv = process.env) {
  return join(podCourseHome(env), 'sim');
}
