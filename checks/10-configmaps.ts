import type { LocalizedText } from '../src/course/localized-text.js';
import type { CheckContext } from './lib/check-context.js';
import { configMapKeys, configMapMissing, keyList, readConfigMap } from './lib/configmaps.js';
import { envIn, listDirIn, readFileIn, shown, withoutNewline } from './lib/container-files.js';
import { defineChecks, known, unknown } from './lib/define-checks.js';
import { podEvents } from './lib/events.js';
import { containerSpec, containerStatus, describeState, findPod } from './lib/pods.js';
import { type ConditionResult, fail, pass, say } from './lib/result.js';
import { runningOrWhy } from './lib/running-or-why.js';

/** files/ui.properties as the lesson hands it out. */
const UI_PROPERTIES =
  'color.good=purple\ncolor.bad=yellow\nallow.textmode=true\nhow.nice.to.look=fairlyNice\n';
const APPVARS: readonly [string, string][] = [
  ['apploglevel', 'info'],
  ['appdatadir', '/var/data'],
];
const TEST_POD = 'cm-test-pod';
const ENV_FROM = 'cm-envfrom';
const APP = 'cm-test-app';
const ODD = 'cm-oddkeys';
/** The keys of cm-oddkeys, each with the quiz option that says it reached the container. */
const ODD_KEYS: readonly [string, string][] = [
  ['APP_MODE', 'upper-underscore'],
  ['app.mode', 'dotted'],
  ['log-level', 'dashed'],
  ['1st-choice', 'leading-digit'],
];

/** Lesson 10: ConfigMaps from a file and literals, as variables and as files. */
export default defineChecks({
  conditions: {
    async 'from-file/has-key'(ctx) {
      const configMap = await readConfigMap(ctx, 'ui-config');
      if (!configMap) return configMapMissing(ctx, 'ui-config');
      const keys = configMapKeys(configMap);
      if (keys.includes('ui.properties')) {
        return pass(
          say('ConfigMap ui-config:键 ui.properties', 'ConfigMap ui-config: key ui.properties'),
        );
      }
      const list = keyList(keys);
      // A key per line is the mark of --from-env-file (color.good=purple → color.good).
      const perLine = keys.some(
        (k) => UI_PROPERTIES.startsWith(`${k}=`) || UI_PROPERTIES.includes(`\n${k}=`),
      );
      return fail(
        perLine
          ? say(
              `ConfigMap ui-config 没有键 ui.properties(它的键:${list.zh}):--from-env-file 会把每一行变成一个键，--from-file=ui.properties 才把整个文件存在文件名下`,
              `ConfigMap ui-config has no key ui.properties (its keys: ${list.en}): --from-env-file makes each line a key, --from-file=ui.properties keeps the whole file under its name`,
            )
          : say(
              `ConfigMap ui-config 没有键 ui.properties(它的键:${list.zh})。--from-file=ui.properties 用文件名做键`,
              `ConfigMap ui-config has no key ui.properties (its keys: ${list.en}). --from-file=ui.properties uses the file name as the key`,
            ),
      );
    },

    async 'from-file/same-content'(ctx) {
      const value = (await readConfigMap(ctx, 'ui-config'))?.data?.['ui.properties'];
      if (value === undefined) {
        return fail(
          say('还没有键 ui.properties 可比较', 'there is no key ui.properties to compare yet'),
        );
      }
      if (withoutNewline(value) === withoutNewline(UI_PROPERTIES)) {
        return pass(
          say(`ui.properties 的值:${shown(value)}`, `the value of ui.properties: ${shown(value)}`),
        );
      }
      return fail(
        say(
          `ui.properties 的值是 ${shown(value)}，与工作目录里的文件不同:用原样的文件重新创建`,
          `ui.properties holds ${shown(value)}, not what the workspace file says: create it again from the file as it is`,
        ),
      );
    },

    async 'from-literals/appvars'(ctx) {
      const configMap = await readConfigMap(ctx, 'cm-appvars');
      if (!configMap) return configMapMissing(ctx, 'cm-appvars');
      const facts = [];
      for (const [key, expected] of APPVARS) {
        const value = configMap.data?.[key];
        if (value === undefined) {
          const list = keyList(configMapKeys(configMap));
          return fail(
            say(
              `ConfigMap cm-appvars 没有键 ${key}(它的键:${list.zh})。Pod 的 configMapKeyRef.key 写的是 ${key}`,
              `ConfigMap cm-appvars has no key ${key} (its keys: ${list.en}). The Pod's configMapKeyRef.key says ${key}`,
            ),
          );
        }
        if (value !== expected) {
          return fail(
            say(
              `${key} 是 ${shown(value)}，应为 ${expected}`,
              `${key} is ${shown(value)}; it should be ${expected}`,
            ),
          );
        }
        facts.push(say(`cm-appvars:${key}=${value}`, `cm-appvars: ${key}=${value}`));
      }
      return pass(...facts);
    },

    async 'from-literals/printed'(ctx) {
      const { pod, missing } = await findPod(ctx, TEST_POD);
      if (!pod) return missing;
      const status = containerStatus(pod, 'cm-test');
      const waiting = status?.state?.waiting;
      if (!status?.state?.terminated) {
        const state = describeState(status);
        const why = waiting?.message
          ? { zh: `。kubelet 说:${waiting.message}`, en: `. The kubelet says: ${waiting.message}` }
          : { zh: '', en: '' };
        return fail(
          say(
            `容器 cm-test 还没有运行完:${state.zh}${why.zh}`,
            `container cm-test has not run to its end yet: ${state.en}${why.en}`,
          ),
        );
      }
      const log = (await ctx.logs(TEST_POD, 'cm-test')) ?? '';
      const lines = log.split('\n').filter(Boolean);
      const wanted = APPVARS.map(([key, value]) => `${key.toUpperCase()}=${value}`);
      const absent = wanted.filter((line) => !lines.includes(line));
      if (absent.length === 0)
        return pass(say(`日志:${lines.join(' ')}`, `log: ${lines.join(' ')}`));
      return fail(
        say(
          `cm-test-pod 打印的是 ${shown(log)}，少了 ${absent.join(', ')}`,
          `cm-test-pod printed ${shown(log)}, without ${absent.join(', ')}`,
        ),
      );
    },

    'env-from/pod-running': (ctx) => runningOrWhy(ctx, ENV_FROM, 'cm-test'),

    async 'env-from/all-keys'(ctx) {
      const running = await runningOrWhy(ctx, ENV_FROM, 'cm-test');
      if (!running.passed) return running;
      const facts = [];
      for (const [key, expected] of APPVARS) {
        const env = await envIn(ctx, ENV_FROM, 'cm-test', key);
        if (!env.ok) return fail(env.why);
        if (env.value === undefined) return fail(await noVariable(ctx, key));
        if (env.value !== expected) {
          return fail(
            say(
              `${key} 是 ${shown(env.value)}，应为 ${expected}`,
              `${key} is ${shown(env.value)}; it should be ${expected}`,
            ),
          );
        }
        facts.push(say(`${key}=${env.value}`, `${key}=${env.value}`));
      }
      return pass(...facts);
    },

    'volume-items/pod-running': (ctx) => runningOrWhy(ctx, APP, APP),
    'volume-items/server-xml': (ctx) => mountedFile(ctx, 'server.xml', 'just test'),
    'volume-items/logging-properties': (ctx) =>
      mountedFile(ctx, 'logging.properties', 'just test, too'),
  },

  liveAnswers: {
    /** Which keys of cm-oddkeys the container really got, and whether a warning was recorded. */
    async 'odd-keys-seen'(ctx) {
      const running = await runningOrWhy(ctx, ODD, 'app');
      if (!running.passed) {
        return unknown(
          say(
            `${running.message.zh}。重置本课(r)会重新创建它`,
            `${running.message.en}. Resetting the lesson (r) creates it again`,
          ),
        );
      }
      const seen: string[] = [];
      for (const [key, option] of ODD_KEYS) {
        const env = await envIn(ctx, ODD, 'app', key);
        if (!env.ok) return unknown(env.why);
        if (env.value !== undefined) seen.push(option);
      }
      const pod = await ctx.pod(ODD);
      const events = pod ? await podEvents(ctx, pod) : [];
      if (events.some((e) => e.reason === 'InvalidEnvironmentVariableNames'))
        seen.push('warning-event');
      return known(...seen);
    },
  },
});

/** Why `key` is not a variable of cm-envfrom: what envFrom names, or an env entry instead. */
async function noVariable(ctx: CheckContext, key: string): Promise<LocalizedText> {
  const base = say(
    `容器 cm-test 没有环境变量 ${key}`,
    `container cm-test has no environment variable ${key}`,
  );
  const pod = await ctx.pod(ENV_FROM);
  const spec = pod ? containerSpec(pod, 'cm-test') : undefined;
  const sources = (spec?.envFrom ?? [])
    .map((s) => s.configMapRef?.name)
    .filter((n): n is string => !!n);
  if (sources.length > 0 && !sources.includes('cm-appvars')) {
    return say(
      `${base.zh}:envFrom 取的是 ConfigMap ${sources.join(', ')}，不是 cm-appvars`,
      `${base.en}: envFrom takes ConfigMap ${sources.join(', ')}, not cm-appvars`,
    );
  }
  const upper = await envIn(ctx, ENV_FROM, 'cm-test', key.toUpperCase());
  if (upper.ok && upper.value !== undefined) {
    return say(
      `${base.zh}，只有 ${key.toUpperCase()}:envFrom 原样保留键名，用 configMapRef 取整个 cm-appvars`,
      `${base.en}, only ${key.toUpperCase()}: envFrom keeps key names as they are; take all of cm-appvars with configMapRef`,
    );
  }
  return base;
}

/** /configfiles/<name> in cm-test-app holds `expected`; a fail says what the directory holds. */
async function mountedFile(
  ctx: CheckContext,
  name: string,
  expected: string,
): Promise<ConditionResult> {
  const running = await runningOrWhy(ctx, APP, APP);
  if (!running.passed) return running;
  const path = `/configfiles/${name}`;
  const file = await readFileIn(ctx, APP, APP, path);
  if (file.ok) {
    if (withoutNewline(file.value) === expected)
      return pass(say(`${path}:${shown(file.value)}`, `${path}: ${shown(file.value)}`));
    return fail(
      say(
        `${path} 的内容是 ${shown(file.value)}，应为 ${expected}`,
        `${path} holds ${shown(file.value)}; it should hold ${expected}`,
      ),
    );
  }
  const entries = await listDirIn(ctx, APP, APP, '/configfiles');
  if (!entries) {
    return fail(
      say(
        `容器 ${APP} 里没有目录 /configfiles:Volume 挂载到别处了吗?`,
        `container ${APP} has no directory /configfiles: is the volume mounted elsewhere?`,
      ),
    );
  }
  const list = keyList(entries);
  const pod = await ctx.pod(APP);
  const withItems = (pod?.spec?.volumes ?? []).some((v) => v.configMap?.items?.length);
  return fail(
    withItems
      ? say(
          `/configfiles 里没有 ${name}(有:${list.zh})。看看 items 里 path 的写法`,
          `/configfiles has no ${name} (it holds ${list.en}). Check the paths in items`,
        )
      : say(
          `/configfiles 里没有 ${name}(有:${list.zh}):没有 items 时，每个键成为一个以键命名的文件`,
          `/configfiles has no ${name} (it holds ${list.en}): without items, every key becomes a file named after the key`,
        ),
  );
}
