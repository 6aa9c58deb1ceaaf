/**
 * The RBAC authorizer over the stored Roles, ClusterRoles and their bindings
 * (`plugin/pkg/auth/authorizer/rbac/rbac.go`, `pkg/registry/rbac/validation/rule.go`):
 * ClusterRoleBindings first, then the RoleBindings of the request's namespace; the first rule
 * that allows the request decides, with the reason `RBAC: allowed by …`. A binding to a role
 * that does not exist is no error for the request, but its message becomes the denial's reason.
 */
import { goQuote } from '../admission/go-text.js';
import type { Storage } from '../apiserver/storage.js';
import type { KubeObject } from '../kube-object.js';
import { type PolicyRule, ruleAllows, rulesOf } from './policy-rules.js';
import type { RequestAttributes } from './request-attributes.js';
import { serviceAccountUsername, type UserInfo } from './user-info.js';

const RBAC = 'rbac.authorization.k8s.io';

/** Where the authorizer reads RBAC objects: the store, or plain lists in tests. */
export interface RbacSource {
  clusterRoleBindings(): KubeObject[];
  roleBindings(namespace: string): KubeObject[];
  clusterRole(name: string): KubeObject | undefined;
  role(namespace: string, name: string): KubeObject | undefined;
}

/**
 * The store as an RbacSource. Every request is authorized, so what was read is kept until the
 * store's resourceVersion moves (any write): bursts of reads parse the bindings once.
 */
export function storageRbacSource(storage: Storage): RbacSource {
  let seen = '';
  let cache = new Map<string, unknown>();
  const memo = <T>(key: string, load: () => T): T => {
    if (storage.resourceVersion !== seen) {
      seen = storage.resourceVersion;
      cache = new Map();
    }
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key) as T;
  };
  return {
    clusterRoleBindings: () => memo('crb', () => storage.list(`clusterrolebindings.${RBAC}`).items),
    roleBindings: (namespace) =>
      memo(`rb/${namespace}`, () => storage.list(`rolebindings.${RBAC}`, { namespace }).items),
    clusterRole: (name) => memo(`cr/${name}`, () => storage.get(`clusterroles.${RBAC}`, '', name)),
    role: (namespace, name) =>
      memo(`r/${namespace}/${name}`, () => storage.get(`roles.${RBAC}`, namespace, name)),
  };
}

export interface Decision {
  allowed: boolean;
  /** `RBAC: allowed by …`, the resolution errors of a denial, or empty. */
  reason: string;
}

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

interface RoleRef {
  kind?: string;
  name?: string;
}

/** Returns false to stop visiting. */
type Visitor = (
  source: string | undefined,
  rule: PolicyRule | undefined,
  error?: string,
) => boolean;

export class RbacAuthorizer {
  constructor(private readonly source: RbacSource) {}

  authorize(attributes: RequestAttributes): Decision {
    let allowedBy: string | undefined;
    const errors: string[] = [];
    this.visitRulesFor(attributes.user, attributes.namespace, (source, rule, error) => {
      if (rule && source && ruleAllows(attributes, rule)) {
        allowedBy = source;
        return false;
      }
      if (error) errors.push(error);
      return true;
    });
    if (allowedBy !== undefined) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
    return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
  }

  /** Every rule that applies to the user in the namespace, for SelfSubjectRulesReview. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (_source, rule, error) => {
      if (rule) rules.push(rule);
      if (error) errors.push(error);
      return true;
    });
    return { rules, errors };
  }

  private visitRulesFor(user: UserInfo, namespace: string, visit: Visitor): void {
    for (const binding of this.source.clusterRoleBindings()) {
      const subject = appliesTo(user, subjectsOf(binding), '');
      if (!subject) continue;
      const ref = (binding.roleRef ?? {}) as RoleRef;
      const resolved = this.roleRules(ref, '');
      if (typeof resolved === 'string') {
        if (!visit(undefined, undefined, resolved)) return;
        continue;
      }
      const source = `ClusterRoleBinding ${goQuote(binding.metadata.name ?? '')} of ${ref.kind ?? ''} ${goQuote(ref.name ?? '')} to ${describeSubject(subject, '')}`;
      for (const rule of resolved) if (!visit(source, rule)) return;
    }
    if (!namespace) return;
    for (const binding of this.source.roleBindings(namespace)) {
      const subject = appliesTo(user, subjectsOf(binding), namespace);
      if (!subject) continue;
      const ref = (binding.roleRef ?? {}) as RoleRef;
      const resolved = this.roleRules(ref, namespace);
      if (typeof resolved === 'string') {
        if (!visit(undefined, undefined, resolved)) return;
        continue;
      }
      const bindingNamespace = binding.metadata.namespace ?? '';
      // The real describer prints the binding as `name/namespace`.
      const source = `RoleBinding ${goQuote(`${binding.metadata.name ?? ''}/${bindingNamespace}`)} of ${ref.kind ?? ''} ${goQuote(ref.name ?? '')} to ${describeSubject(subject, bindingNamespace)}`;
      for (const rule of resolved) if (!visit(source, rule)) return;
    }
  }

  /** The referenced role's rules, or the lister's error text when it is missing. */
  private roleRules(ref: RoleRef, namespace: string): PolicyRule[] | string {
    const name = ref.name ?? '';
    if (ref.kind === 'Role') {
      const role = this.source.role(namespace, name);
      return role ? rulesOf(role) : `role.${RBAC} ${goQuote(name)} not found`;
    }
    if (ref.kind === 'ClusterRole') {
      const role = this.source.clusterRole(name);
      return role ? rulesOf(role) : `clusterrole.${RBAC} ${goQuote(name)} not found`;
    }
    return `unsupported role reference kind: ${goQuote(ref.kind ?? '')}`;
  }
}

function subjectsOf(binding: KubeObject): Subject[] {
  return Array.isArray(binding.subjects) ? (binding.subjects as Subject[]) : [];
}

/** The first subject of a binding that names the user (`appliesTo`). */
function appliesTo(user: UserInfo, subjects: Subject[], namespace: string): Subject | undefined {
  return subjects.find((subject) => {
    switch (subject.kind) {
      case 'User':
        return user.name === subject.name;
      case 'Group':
        return user.groups.includes(subject.name ?? '');
      case 'ServiceAccount': {
        // A RoleBinding's subject without a namespace means the binding's own.
        const saNamespace = subject.namespace || namespace;
        if (!saNamespace) return false;
        return user.name === serviceAccountUsername(saNamespace, subject.name ?? '');
      }
      default:
        return false;
    }
  });
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${goQuote(`${subject.name ?? ''}/${subject.namespace || bindingNamespace}`)}`;
  }
  return `${subject.kind ?? ''} ${goQuote(subject.name ?? '')}`;
}

/** `utilerrors.NewAggregate(errs).Error()`: one message alone, several deduplicated in brackets. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}
