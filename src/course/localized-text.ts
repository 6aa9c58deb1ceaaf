import type { Language } from '../cli/ui/language.js';

/**
 * Text a learner reads, in both course languages. The keys are `zh` and `en`, as in the
 * `--json` output of CLI.md (`"title":{"zh","en"}`), so lesson text passes through unchanged.
 */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** Picks the text for the screen's one language. */
export function localize(text: LocalizedText, language: Language): string {
  return language === 'zh-CN' ? text.zh : text.en;
}
