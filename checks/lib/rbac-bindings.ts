import type {
  V1PolicyRule,
  V1RoleBinding,
  RbacV1Subject as V1Subject,
} from '@kubernetes/client-node';
import type { LocalizedText } from '../../src/course/localized-text.js';
import type { CheckContext } from './check-context.js';
import { say } from './result.js';

/**
 * Reading RBAC the way the authorizer does, to tell a learner why a ServiceAccount is still
 * refused: which RoleBindings of the namespace name it, and what the roles they grant allow.
 */

/** Whether `subject` of a RoleBinding in `namespace` is ServiceAccount `name` of `saNamespace`. */
export function isServiceAccount(
  subject: V1Subject,
  name: string,
  saNamespace: string,
  bindingNamespace: string,
): boolean {
  // A RoleBinding's ServiceAccount subject without a namespace means the binding's own.
  return (
    subject.kind === 'ServiceAccount' &&
    subject.name === name &&
    (subject.namespace || bindingNamespace) === saNamespace
  );
}

/** `kind name` of a ServiceAccount subject, its namespace added when it is not the binding's. */
export function describeSubject(subject: V1Subject, bindingNamespace: string): string {
  const namespace = subject.namespace || bindingNamespace;
  return namespace === bindingNamespace
    ? `${subject.kind} ${subject.name}`
    : `${subject.kind} ${namespace}/${subject.name}`;
}

/** The RoleBindings of the learner's namespace, oldest first (creation order). */
export async function roleBindings(ctx: CheckContext): Promise<V1RoleBinding[]> {
  const items = await ctx.list<V1RoleBinding>('RoleBinding');
  const created = (b: V1RoleBinding) => String(b.metadata?.creationTimestamp ?? '');
  return [...items].sort((a, b) => created(a).localeCompare(created(b)));
}

/**
 * The rules of the role a binding grants: a Role of the namespace or a ClusterRole. Undefined
 * when it does not exist — or cannot be read with the learner's own rights.
 */
export async function grantedRules(
  ctx: CheckContext,
  binding: V1RoleBinding,
): Promise<V1PolicyRule[] | undefined> {
  const { kind, name } = binding.roleRef;
  try {
    const role = await ctx.object<{ rules?: V1PolicyRule[] }>(
      kind,
      name,
      'rbac.authorization.k8s.io/v1',
    );
    return role ? (role.rules ?? []) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a rule list allows `verb` on `resource` of API group `group`. */
export function allows(
  rules: readonly V1PolicyRule[],
  verb: string,
  resource: string,
  group = '',
): boolean {
  return rules.some(
    (rule) =>
      (rule.verbs.includes(verb) || rule.verbs.includes('*')) &&
      (rule.apiGroups ?? []).some((g) => g === group || g === '*') &&
      (rule.resources ?? []).some((r) => r === resource || r === '*') &&
      (rule.resourceNames ?? []).length === 0,
  );
}

/** The verbs a rule list allows on `resource` of the core group, in rule order. */
export function verbsOn(rules: readonly V1PolicyRule[], resource: string): string[] {
  const verbs = rules
    .filter(
      (rule) =>
        (rule.apiGroups ?? []).some((g) => g === '' || g === '*') &&
        (rule.resources ?? []).some((r) => r === resource || r === '*'),
    )
    .flatMap((rule) => rule.verbs);
  return [...new Set(verbs)];
}

/** What a request with `verb` does, in words: `listing` / `列出`. */
const VERB_WORDS: Record<string, [string, string]> = {
  list: ['列出', 'listing'],
  get: ['读取', 'reading'],
  watch: ['监视', 'watching'],
  create: ['创建', 'creating'],
  update: ['更新', 'updating'],
  patch: ['修补', 'patching'],
  delete: ['删除', 'deleting'],
};

/**
 * Why ServiceAccount `account` of the learner's namespace is refused `verb` on core `resource`,
 * read from the namespace's RoleBindings: a binding of its own whose role lacks the verb (or
 * does not exist), else a binding that names another ServiceAccount, else none at all.
 */
export async function whyServiceAccountForbidden(
  ctx: CheckContext,
  account: string,
  verb: string,
  resource: string,
): Promise<LocalizedText> {
  const ns = ctx.namespace;
  const bindings = await roleBindings(ctx);
  const ours = bindings.filter((b) =>
    (b.subjects ?? []).some((s) => isServiceAccount(s, account, ns, ns)),
  );
  for (const binding of ours) {
    const { kind, name } = binding.roleRef;
    const rules = await grantedRules(ctx, binding);
    if (!rules) {
      return say(
        `RoleBinding ${binding.metadata?.name} 授予的 ${kind} ${name} 不存在`,
        `RoleBinding ${binding.metadata?.name} grants ${kind} ${name}, which does not exist`,
      );
    }
    if (!allows(rules, verb, resource)) {
      const verbs = verbsOn(rules, resource);
      const [zh, en] = VERB_WORDS[verb] ?? [`动作 ${verb}`, `the request`];
      return verbs.length
        ? say(
            `${kind} ${name} 允许对 ${resource} 的动作只有 ${verbs.join(', ')}，${zh}需要 ${verb}`,
            `${kind} ${name} allows only ${verbs.join(', ')} on ${resource}; ${en} needs ${verb}`,
          )
        : say(
            `${kind} ${name} 不允许对 ${resource} 做任何事`,
            `${kind} ${name} allows nothing on ${resource}`,
          );
    }
  }
  for (const binding of bindings) {
    const other = (binding.subjects ?? []).find((s) => s.kind === 'ServiceAccount');
    if (other && !ours.includes(binding)) {
      const subject = describeSubject(other, ns);
      return say(
        `RoleBinding ${binding.metadata?.name} 授予的是 ${subject}，不是 ${account}`,
        `RoleBinding ${binding.metadata?.name} grants ${subject}, not ${account}`,
      );
    }
  }
  return say(
    `命名空间 ${ns} 里没有 RoleBinding 提到 ServiceAccount ${account}`,
    `No RoleBinding in namespace ${ns} names the ServiceAccount ${account}`,
  );
}

/** `RoleBinding x → ClusterRole y` for each binding of `account` whose role allows `verb`. */
export async function bindingsAllowing(
  ctx: CheckContext,
  account: string,
  verb: string,
  resource: string,
): Promise<string[]> {
  const ns = ctx.namespace;
  const found: string[] = [];
  for (const binding of await roleBindings(ctx)) {
    if (!(binding.subjects ?? []).some((s) => isServiceAccount(s, account, ns, ns))) continue;
    const rules = await grantedRules(ctx, binding);
    if (rules && allows(rules, verb, resource)) {
      const { kind, name } = binding.roleRef;
      found.push(`RoleBinding ${binding.metadata?.name} → ${kind} ${name}`);
    }
  }
  return found;
}
