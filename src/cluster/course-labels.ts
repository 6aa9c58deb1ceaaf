/**
 * Labels on everything the engine creates, so `reset` (and a shared classroom cluster) can
 * find exactly what the course made and never touch anything else (CLI.md: reset).
 */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'pod-course';
export const LESSON_LABEL = 'pod-course.dev/lesson';

export function courseLabels(lessonId: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [LESSON_LABEL]: lessonId };
}

export function lessonSelector(lessonId: string) {
  return `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${LESSON_LABEL}=${lessonId}`;
}
