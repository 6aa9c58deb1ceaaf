import type { LocalizedText } from './localized-text.js';

/**
 * Every message of the course engine (lesson problems, id resolution, progress notices), in
 * both languages. Each says what was expected and, where there is one, what to do next.
 */

const t = (en: string, zh: string): LocalizedText => ({ en, zh });

/** Descriptions of what a field must hold; used as the "expected …" part of a problem. */
export const expect = {
  mapping: t('a mapping (key: value lines)', '映射 (key: value 形式)'),
  list: t('a list (lines starting with "- ")', '列表 (以 "- " 开头的行)'),
  text: t('a non-empty string', '非空字符串'),
  localized: t(
    'a mapping with zh (Chinese) and en (English) text',
    '包含 zh (中文) 和 en (英文) 文本的映射',
  ),
  slug: t(
    'a slug: lower-case words of letters and digits joined by single hyphens, starting with a letter, at most 40 characters (e.g. "create-pod")',
    'slug:由小写字母和数字组成的单词，用单个连字符连接，以字母开头，最多 40 个字符 (例如 "create-pod")',
  ),
  positiveInteger: t('a positive whole number', '正整数'),
  relativePath: t(
    'a relative path inside the lesson folder, with "/" separators and no ".."',
    '课程目录内的相对路径，用 "/" 分隔，不含 ".."',
  ),
  action: t(
    'an action: a mapping with exactly one of apply, delete, create, exec, wait, advance',
    '一个操作:只含 apply、delete、create、exec、wait、advance 之一的映射',
  ),
  oneOf: (values: readonly string[]) =>
    t(`one of: ${values.join(', ')}`, `以下之一: ${values.join(', ')}`),
};

export const lessonMessages = {
  yamlSyntax: (detail: string) => t(`not valid YAML: ${detail}`, `不是有效的 YAML: ${detail}`),
  noAliases: () =>
    t(
      'YAML anchors and aliases (&name, *name) are not supported in lesson.yaml; write the value out',
      'lesson.yaml 不支持 YAML 锚点和别名 (&name, *name);请直接写出值',
    ),
  unreadable: (reason: string) => t(`cannot read the file: ${reason}`, `无法读取文件: ${reason}`),
  expected: (what: LocalizedText, got: LocalizedText) =>
    t(`expected ${what.en}, got ${got.en}`, `应为${what.zh}，实际是${got.zh}`),
  missingField: (name: string, what: LocalizedText) =>
    t(`missing field "${name}": expected ${what.en}`, `缺少字段 "${name}":应为${what.zh}`),
  unknownField: (name: string, allowed: readonly string[]) =>
    t(
      `unknown field "${name}"; allowed here: ${allowed.join(', ')}`,
      `未知字段 "${name}";此处允许: ${allowed.join(', ')}`,
    ),
  missingText: (language: 'zh' | 'en') =>
    language === 'zh'
      ? t('missing zh (Chinese) text', '缺少 zh (中文) 文本')
      : t('missing en (English) text', '缺少 en (英文) 文本'),
  emptyList: (what: LocalizedText) =>
    t(`the list is empty: expected at least one ${what.en}`, `列表为空:至少需要一个${what.zh}`),
  duplicateId: (id: string, firstLine: number) =>
    t(
      `duplicate id "${id}": already used on line ${firstLine}; ids must be unique here`,
      `重复的 id "${id}":第 ${firstLine} 行已使用;此处 id 必须唯一`,
    ),
  fileMissing: (path: string) =>
    t(`file "${path}" does not exist in the lesson folder`, `课程目录中不存在文件 "${path}"`),
  starterNotDeclared: (name: string) =>
    t(
      `"${name}" is not one of the lesson's starter files; list it under the top-level files`,
      `"${name}" 不是本课的初始文件;请先在顶层 files 中列出`,
    ),
  unknownCondition: (id: string, known: readonly string[]) =>
    t(
      `"${id}" is not a condition of this step; its conditions are: ${known.join(', ')}`,
      `"${id}" 不是本步骤的条件;本步骤的条件有: ${known.join(', ')}`,
    ),
  unknownOption: (id: string, known: readonly string[]) =>
    t(
      `"${id}" is not an option of this quiz; its options are: ${known.join(', ')}`,
      `"${id}" 不是本题的选项;选项有: ${known.join(', ')}`,
    ),
  singleNeedsOne: () =>
    t('a single-choice quiz needs exactly one correct option', '单选题必须恰好有一个正确选项'),
  answerOrLive: () =>
    t(
      'a quiz needs exactly one of answer (fixed) or liveAnswer (read from the cluster)',
      '测验需要 answer (固定答案) 或 liveAnswer (从集群读取) 二者之一，且只能有一个',
    ),
  optionsNeeded: () =>
    t(
      'single and multiple choice quizzes need options (at least two)',
      '单选和多选题需要 options (至少两个)',
    ),
  optionsForbidden: () =>
    t(
      'a text quiz has no options; remove them or use type single/multiple',
      '填空题没有选项;请删除 options，或改用 single/multiple',
    ),
  newerFormat: (found: number, supported: number) =>
    t(
      `this lesson is written in format ${found}, but this pod-course reads format ${supported}; update pod-course`,
      `此课程使用格式 ${found}，而当前 pod-course 只支持格式 ${supported};请更新 pod-course`,
    ),
  badFolderName: (folder: string) =>
    t(
      `lesson folder "${folder}" must be named NN-slug (two digits, a hyphen, a slug), e.g. 01-pod-and-infra-container`,
      `课程目录 "${folder}" 必须命名为 NN-slug (两位数字、连字符、slug)，例如 01-pod-and-infra-container`,
    ),
  duplicateLesson: (what: 'id' | 'number', value: string, other: string) =>
    t(
      `lesson ${what} "${value}" is also used by ${other}`,
      `课程${what === 'id' ? ' id' : '编号'} "${value}" 已被 ${other} 使用`,
    ),
};

/** What a wrong value was, for "expected X, got Y". */
export const got = {
  nothing: t('nothing', '空值'),
  mapping: t('a mapping', '映射'),
  list: t('a list', '列表'),
  emptyText: t('an empty string', '空字符串'),
  value: (shown: string) => t(shown, shown),
};

export const idMessages = {
  unknownLesson: (ref: string, known: readonly string[]) =>
    t(
      `no lesson "${ref}"; lessons are: ${known.join(', ')} (a number or folder name works too)`,
      `没有课程 "${ref}";现有课程: ${known.join(', ')} (也可以用编号或目录名)`,
    ),
  unknownStep: (lesson: string, ref: string, known: readonly string[]) =>
    t(
      `lesson ${lesson} has no step "${ref}"; its steps are: ${known.join(', ')}`,
      `课程 ${lesson} 没有步骤 "${ref}";它的步骤有: ${known.join(', ')}`,
    ),
  badStepRef: (ref: string) =>
    t(
      `"${ref}" is not a step: write lesson/step, e.g. pod-and-infra-container/share-pid`,
      `"${ref}" 不是步骤:请写成 课程/步骤，例如 pod-and-infra-container/share-pid`,
    ),
};

export const progressMessages = {
  corrupt: (keptAs: string, reason: string) =>
    t(
      `the progress file could not be read (${reason}); it was kept as ${keptAs} and progress starts afresh. If it can be repaired, bring it back with "pod-course progress import ${keptAs}".`,
      `无法读取进度文件 (${reason});已另存为 ${keptAs}，进度从头开始。若能修复，可用 "pod-course progress import ${keptAs}" 导回。`,
    ),
  newer: (keptAs: string, found: number, supported: number) =>
    t(
      `the progress file was written by a newer pod-course (format ${found}; this one reads ${supported}); it was kept as ${keptAs} and progress starts afresh here. Update pod-course, then run "pod-course progress import ${keptAs}".`,
      `进度文件由更新版本的 pod-course 写入 (格式 ${found};当前版本只支持 ${supported});已另存为 ${keptAs}，此处进度从头开始。请更新 pod-course，然后运行 "pod-course progress import ${keptAs}"。`,
    ),
  importUnreadable: (file: string, reason: string) =>
    t(
      `cannot import ${file}: ${reason}; nothing was changed`,
      `无法导入 ${file}: ${reason};未做任何更改`,
    ),
  importNewer: (file: string, found: number, supported: number) =>
    t(
      `cannot import ${file}: it was written by a newer pod-course (format ${found}; this one reads ${supported}); update pod-course first. Nothing was changed.`,
      `无法导入 ${file}:它由更新版本的 pod-course 写入 (格式 ${found};当前版本只支持 ${supported});请先更新 pod-course。未做任何更改。`,
    ),
};
