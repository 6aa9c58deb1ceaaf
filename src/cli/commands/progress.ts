import { resolve } from 'node:path';
import { localize } from '../../course/localized-text.js';
import { ProgressError, ProgressStore } from '../../course/progress-store.js';
import { podCourseHome } from '../../home.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Language } from '../ui/language.js';

export const PROGRESS_OPTIONS = {} as const;

/** `pod-course progress export FILE` / `progress import FILE`: move progress between machines. */
export async function runProgress(
  sub: string | undefined,
  file: string | undefined,
  values: { json?: boolean | undefined },
  language: Language,
) {
  const zh = language === 'zh-CN';
  if ((sub !== 'export' && sub !== 'import') || !file) {
    throw new CliError(
      zh
        ? '用法: pod-course progress export FILE | progress import FILE'
        : 'usage: pod-course progress export FILE | progress import FILE',
      EXIT.usage,
    );
  }
  const store = new ProgressStore(podCourseHome());
  const path = resolve(file);
  try {
    if (sub === 'export') {
      const read = await store.exportTo(path);
      if (read.notice) process.stderr.write(`${localize(read.notice.message, language)}\n`);
      if (values.json) process.stdout.write(`${JSON.stringify({ exported: path })}\n`);
      else process.stderr.write(zh ? `进度已导出到 ${path}\n` : `Progress exported to ${path}\n`);
      return EXIT.ok;
    }
    const summary = await store.importFrom(path);
    if (summary.notice) process.stderr.write(`${localize(summary.notice.message, language)}\n`);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ imported: path, added: summary.added, updated: summary.updated })}\n`,
      );
    } else {
      process.stderr.write(
        zh
          ? `已导入 ${path}:新增 ${summary.added} 个步骤，更新 ${summary.updated} 个\n`
          : `Imported ${path}: ${summary.added} step(s) added, ${summary.updated} updated\n`,
      );
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ProgressError)
      throw new CliError(localize(error.text, language), EXIT.notPassed);
    throw error;
  }
}
