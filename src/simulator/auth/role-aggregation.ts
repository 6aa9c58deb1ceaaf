/**
 * ClusterRole aggregation (`pkg/controller/clusterroleaggregation`): a ClusterRole with an
 * `aggregationRule` gets the rules of every other ClusterRole its label selectors match, in
 * name order, each rule once. That is how `admin`, `edit` and `view` get their rules, and how
 * a ClusterRole labelled `rbac.authorization.k8s.io/aggregate-to-view: "true"` extends `view`.
 */
import type { Registry } from '../apiserver/registry/registry.js';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import type { KubeObject } from '../kube-object.js';
import { type PolicyRule, rulesOf } from './policy-rules.js';

const CLUSTER_ROLES = 'clusterroles.rbac.authorization.k8s.io';
const FIELD_MANAGER = 'clusterrole-aggregation-controller';

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** `metav1.LabelSelectorAsSelector(...).Matches`: an empty selector matches everything. */
export function selectorMatches(selector: Selector, labels: Record<string, string> = {}): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const ok =
      operator === 'In'
        ? has && values.includes(labels[key] ?? '')
        : operator === 'NotIn'
          ? !has || !values.includes(labels[key] ?? '')
          : operator === 'Exists'
            ? has
            : operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

/**
 * The rules `role` aggregates from `clusterRoles`, or undefined when it has no aggregation
 * rule (its own rules stand).
 */
export function aggregatedRules(
  role: KubeObject,
  clusterRoles: readonly KubeObject[],
): PolicyRule[] | undefined {
  const rule = role.aggregationRule as { clusterRoleSelectors?: Selector[] } | undefined;
  if (!rule || typeof rule !== 'object') return undefined;
  const byName = [...clusterRoles].sort((a, b) =>
    (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
  );
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const selector of rule.clusterRoleSelectors ?? []) {
    for (const other of byName) {
      if (other.metadata.name === role.metadata.name) continue;
      if (!selectorMatches(selector, other.metadata.labels)) continue;
      for (const r of rulesOf(other)) {
        const key = JSON.stringify(r);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(r);
      }
    }
  }
  return rules;
}

/**
 * Keeps every aggregated ClusterRole's rules up to date as ClusterRoles change, as
 * kube-controller-manager's controller does; one pass settles chains (admin ← edit ← view)
 * because it repeats until nothing changes.
 */
export class ClusterRoleAggregator {
  private stopWatch: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly info: ResourceInfo;

  constructor(
    private readonly registry: Registry,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    const info = findResource('rbac.authorization.k8s.io', 'v1', 'clusterroles');
    if (!info) throw new Error('clusterroles are not served');
    this.info = info;
  }

  start(): void {
    const storage = this.registry.storage;
    const watch = storage.watch(CLUSTER_ROLES, {
      fromResourceVersion: storage.resourceVersion,
      onEvent: (event) => {
        if (event.type !== 'EXPIRED') this.schedule();
      },
      onError: this.onError,
    });
    this.stopWatch = () => watch.stop();
    this.schedule();
  }

  stop(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
  }

  /** Resolves once every change seen so far has been aggregated. */
  idle(): Promise<void> {
    return this.running;
  }

  private schedule(): void {
    this.running = this.running.then(() => this.reconcile()).catch(this.onError);
  }

  async reconcile(): Promise<void> {
    for (let pass = 0; pass < 10; pass++) {
      const roles = this.registry.storage.list(CLUSTER_ROLES).items;
      let changed = false;
      for (const role of roles) {
        const rules = aggregatedRules(role, roles);
        if (!rules || JSON.stringify(rulesOf(role)) === JSON.stringify(rules)) continue;
        await this.registry.update(
          this.info,
          '',
          role.metadata.name ?? '',
          { ...role, rules },
          { fieldManager: FIELD_MANAGER },
        );
        changed = true;
      }
      if (!changed) return;
    }
  }
}
