import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { select } from '@clack/prompts';
import { podCourseHome } from '../../home.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { Language } from '../ui/language.js';
import type { Interrupt } from './interrupt.js';
import { ask } from './prompt.js';

/**
 * Whether the locale says which language the learner reads. `C`/`POSIX` (containers, minimal
 * systems) and an unset locale say nothing; then `start` asks once (UX.md: never asked when
 * it can be known).
 */
export function localeSaysLanguage(env: NodeJS.ProcessEnv = process.env) {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale !== '' && !/^(C|POSIX)([._@]|$)/i.test(locale);
}

const file = () => join(podCourseHome(), 'language');

async function remembered(): Promise<Language | undefined> {
  try {
    const value = (await readFile(file(), 'utf8')).trim();
    return value === 'zh-CN' || value === 'en' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The runner's language: `--lang`, else a telling locale, else the learner's earlier answer,
 * else the question (in both languages, as nothing else is known yet). Undefined: they left.
 */
export async function runnerLanguage(
  flag: string | undefined,
  fromFlagOrLocale: Language,
  io: { input: NodeJS.ReadStream; interrupt: Interrupt },
): Promise<Language | undefined> {
  if (flag !== undefined || localeSaysLanguage()) return fromFlagOrLocale;
  const earlier = await remembered();
  if (earlier) return earlier;
  const answer = await ask<Language>(io, () =>
    select<Language>({
      message: 'Language / 语言',
      options: [
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ],
      showInstructions: false,
    }),
  );
  if (answer) await io.interrupt.track(writeFileAtomic(file(), `${answer}\n`));
  return answer;
}
