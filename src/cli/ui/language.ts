export type Language = 'zh-CN' | 'en';

/** `--lang` wins, then the locale: `zh*` → zh-CN, anything else → en (CLI.md § Global). */
export function resolveLanguage(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Language {
  const source = flag ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return source.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function isKnownLanguageFlag(flag: string) {
  return ['zh', 'zh-cn', 'en'].includes(flag.toLowerCase());
}
