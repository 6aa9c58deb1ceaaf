import { execa } from 'execa';
import { type KindMessages, kindMessages } from '../../cli/ui/kind-messages.js';
import { type Language, resolveLanguage } from '../../cli/ui/language.js';
import {
  commandLine,
  formatVersion,
  olderThan,
  parseKindVersion,
  providerInfoArgs,
  versionArgs,
} from './kind-commands.js';
import { KIND_MIN_VERSION } from './kind-config.js';
import {
  classifyProviderFailure,
  detectProvider,
  findExecutable,
  KindError,
  lastLine,
  tailLines,
} from './kind-tools.js';

/*
 * Running kind and Docker: finding them, checking that Docker answers, streaming their
 * output, and turning their failures into KindErrors that quote them.
 */

/** What every kind operation needs; all optional, defaulting to this process's. */
export interface KindOptions {
  language?: Language;
  /** Each line kind (or Docker) prints, and pod-course's own notes, for the user's stderr. */
  onProgress?: (line: string) => void;
  /** PATH (to find kind and Docker), POD_COURSE_HOME, KIND_EXPERIMENTAL_PROVIDER. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

const PROVIDER_INFO_TIMEOUT_MS = 30_000;

/** The resolved context of one operation: tools found, messages chosen. */
export interface KindSession {
  kind: string;
  provider: { name: string; path: string };
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  t: KindMessages;
  progress: (line: string) => void;
}

interface RunResult {
  ok: boolean;
  exitCode: number | undefined;
  stdout: string;
  /** stdout and stderr interleaved, as a user would have seen them. */
  all: string;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  spawnError: string | undefined;
}

/**
 * Runs one program to completion, never throwing: kind and Docker failures are reported with
 * their own output. With `stream`, every line goes to the progress callback as it comes.
 */
export async function runTool(
  session: Pick<KindSession, 'env' | 'progress'>,
  file: string,
  args: string[],
  stream = false,
  timeoutMs?: number,
): Promise<RunResult> {
  const subprocess = execa(file, args, {
    env: session.env,
    extendEnv: false,
    stdin: 'ignore',
    all: true,
    reject: false,
    windowsHide: true,
    ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
  });
  if (stream) {
    for await (const line of subprocess.iterable({ from: 'all' })) session.progress(line);
  }
  const result = await subprocess;
  const spawnError = result.timedOut
    ? `no answer within ${Math.round((timeoutMs ?? 0) / 1000)} s`
    : result.exitCode === undefined
      ? (result.code ?? result.shortMessage)
      : undefined;
  return {
    ok: !result.failed,
    exitCode: result.exitCode,
    stdout: result.stdout,
    all: result.all ?? '',
    spawnError,
  };
}

/** Finds kind and the container runtime and checks that the runtime answers. */
export async function openKindSession(options: KindOptions = {}): Promise<KindSession> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const t = kindMessages(options.language ?? resolveLanguage(undefined, env));
  const progress = options.onProgress ?? (() => undefined);
  const kind = await findExecutable('kind', env, platform);
  if (!kind) throw new KindError('kind-missing', t.kindMissing(platform));
  const provider = await detectProvider(env, platform);
  if (!provider.path) throw new KindError('provider-missing', t.providerMissing(provider.name));
  const session = {
    kind,
    provider: { name: provider.name, path: provider.path },
    env,
    platform,
    t,
    progress,
  };
  // Docker Desktop that is still starting can leave `docker info` waiting: bound it.
  const info = await runTool(
    session,
    provider.path,
    providerInfoArgs(provider.name),
    false,
    PROVIDER_INFO_TIMEOUT_MS,
  );
  if (!info.ok) {
    const detail = info.spawnError ?? (lastLine(info.all) || `exit ${info.exitCode}`);
    const code = classifyProviderFailure(info.all);
    throw new KindError(
      code,
      code === 'provider-permission'
        ? t.providerPermission(provider.name, detail)
        : t.providerNotRunning(provider.name, platform, detail),
    );
  }
  const version = await runTool(session, kind, versionArgs());
  const parsed = version.ok ? parseKindVersion(version.stdout) : undefined;
  if (parsed && olderThan(parsed, KIND_MIN_VERSION)) {
    progress(t.kindOld(formatVersion(parsed), formatVersion(KIND_MIN_VERSION)));
  }
  return session;
}

/** Runs kind and turns a failure into a KindError that quotes kind's last lines. */
export async function runKindOrFail(
  session: KindSession,
  args: string[],
  stream = false,
): Promise<RunResult> {
  const result = await runTool(session, session.kind, args, stream);
  if (result.ok) return result;
  if (result.spawnError === 'ENOENT') {
    throw new KindError('kind-missing', session.t.kindMissing(session.platform));
  }
  const tail = tailLines(result.all);
  const pullHint = /failed to pull image/i.test(result.all) && /kindest\/node/.test(result.all);
  const message = session.t.kindFailed(
    commandLine('kind', args),
    result.exitCode ?? String(result.spawnError),
    tail,
  );
  throw new KindError(
    'kind-failed',
    pullHint ? `${message}\n${session.t.nodeImagePullHint()}` : message,
  );
}
