/**
 * A container's environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables):
 * `envFrom` sources, then `env` entries (later ones override), `$(VAR)` references expanded
 * against what came before, and the `kubernetes` Service's variables. A missing ConfigMap,
 * Secret or key that is not optional fails the container with CreateContainerConfigError.
 */
import type { KubeObject } from '../kube-object.js';
import { resourceFieldValue } from './resource-field-ref.js';
import { serviceLinkVariables } from './service-links.js';

/** What the kubelet reads from the API (its informer caches). */
export interface ObjectLookup {
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  /**
   * The Services of a namespace, for their link variables. Without it, only the `kubernetes`
   * Service's (KUBERNETES_SERVICE_ENV).
   */
  services?(namespace: string): KubeObject[];
}

/** The message of a CreateContainerConfigError (the waiting state's message, `Error: …` event). */
export class ContainerConfigError extends Error {}

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The variables of the default `kubernetes` Service (10.96.0.1:443), always injected. */
export const KUBERNETES_SERVICE_ENV: readonly [string, string][] = [
  ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
  ['KUBERNETES_SERVICE_PORT', '443'],
  ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
  ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
  ['KUBERNETES_PORT_443_TCP_PORT', '443'],
  ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
];

/**
 * The Services' variables (`service-links.ts`). The `kubernetes` Service's are there even in a
 * moment when the Service itself is missing, as kube-apiserver puts it back within seconds.
 */
function serviceEnvironment(pod: KubeObject, lookup: ObjectLookup): [string, string][] {
  if (!lookup.services) return [...KUBERNETES_SERVICE_ENV];
  const kubernetes = lookup.services('default').find((s) => s.metadata.name === 'kubernetes');
  const own = lookup.services(pod.metadata.namespace ?? 'default');
  const variables = serviceLinkVariables(pod, kubernetes, own);
  return kubernetes ? variables : [...KUBERNETES_SERVICE_ENV, ...variables];
}

/** Secret values are base64 in the API; containers see the bytes. */
function secretData(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(asRecord(secret.data))) {
    out[key] = Buffer.from(str(value), 'base64').toString('utf8');
  }
  return out;
}

function configMapData(configMap: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(asRecord(configMap.data))) out[key] = str(value);
  return out;
}

/**
 * `$(VAR)` expansion (third_party/forked/golang/expansion): `$$` is a literal `$`, a reference
 * to an unknown variable stays as written.
 */
export function expandReferences(input: string, lookup: (name: string) => string | undefined) {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const value = lookup(name);
      out += value ?? `$(${name})`;
      i = close;
    } else {
      out += '$';
    }
  }
  return out;
}

/** `fieldRef` values (pod-facts §5.6). */
export function podFieldValue(pod: KubeObject, path: string): string {
  const meta = pod.metadata;
  const status = asRecord(pod.status);
  const spec = asRecord(pod.spec);
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (subscript) {
    const map = subscript[1] === 'labels' ? meta.labels : meta.annotations;
    return map?.[subscript[2] as string] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'spec.nodeName':
      return str(spec.nodeName);
    case 'spec.serviceAccountName':
      return str(spec.serviceAccountName);
    case 'status.hostIP':
      return str(status.hostIP);
    case 'status.podIP':
      return str(status.podIP);
    case 'status.hostIPs':
    case 'status.podIPs':
      return asList(status[path === 'status.podIPs' ? 'podIPs' : 'hostIPs'])
        .map((entry) => str(entry.ip))
        .join(',');
    default:
      return '';
  }
}

/**
 * The variables the kubelet hands the runtime for `container` of `pod`, in order. Throws
 * `ContainerConfigError` with the kubelet's message for a missing non-optional source.
 */
export function resolveEnv(
  pod: KubeObject,
  container: Json,
  lookup: ObjectLookup,
): [string, string][] {
  const namespace = pod.metadata.namespace ?? 'default';
  const vars = new Map<string, string>();
  const serviceEnv = new Map(serviceEnvironment(pod, lookup));

  for (const source of asList(container.envFrom)) {
    const prefix = str(source.prefix);
    const cmRef = asRecord(source.configMapRef);
    const secretRef = asRecord(source.secretRef);
    if (source.configMapRef) {
      const cm = lookup.configMap(namespace, str(cmRef.name));
      if (!cm) {
        if (cmRef.optional === true) continue;
        throw new ContainerConfigError(`configmap "${str(cmRef.name)}" not found`);
      }
      for (const [k, v] of Object.entries(configMapData(cm))) vars.set(prefix + k, v);
    } else if (source.secretRef) {
      const secret = lookup.secret(namespace, str(secretRef.name));
      if (!secret) {
        if (secretRef.optional === true) continue;
        throw new ContainerConfigError(`secret "${str(secretRef.name)}" not found`);
      }
      for (const [k, v] of Object.entries(secretData(secret))) vars.set(prefix + k, v);
    }
  }

  const lookupVar = (name: string) => vars.get(name) ?? serviceEnv.get(name);
  for (const entry of asList(container.env)) {
    const name = str(entry.name);
    if (entry.valueFrom === undefined) {
      vars.set(name, expandReferences(str(entry.value), lookupVar));
      continue;
    }
    const from = asRecord(entry.valueFrom);
    if (from.fieldRef) {
      vars.set(name, podFieldValue(pod, str(asRecord(from.fieldRef).fieldPath)));
    } else if (from.configMapKeyRef) {
      const ref = asRecord(from.configMapKeyRef);
      const cm = lookup.configMap(namespace, str(ref.name));
      const value = cm ? configMapData(cm)[str(ref.key)] : undefined;
      if (value === undefined) {
        if (ref.optional === true) continue;
        throw new ContainerConfigError(
          cm
            ? `couldn't find key ${str(ref.key)} in ConfigMap ${namespace}/${str(ref.name)}`
            : `configmap "${str(ref.name)}" not found`,
        );
      }
      vars.set(name, value);
    } else if (from.secretKeyRef) {
      const ref = asRecord(from.secretKeyRef);
      const secret = lookup.secret(namespace, str(ref.name));
      const value = secret ? secretData(secret)[str(ref.key)] : undefined;
      if (value === undefined) {
        if (ref.optional === true) continue;
        throw new ContainerConfigError(
          secret
            ? `couldn't find key ${str(ref.key)} in Secret ${namespace}/${str(ref.name)}`
            : `secret "${str(ref.name)}" not found`,
        );
      }
      vars.set(name, value);
    } else if (from.resourceFieldRef) {
      const value = resourceFieldValue(pod, asRecord(from.resourceFieldRef), container);
      if (value !== undefined) vars.set(name, value);
    }
  }
  for (const [k, v] of serviceEnv) if (!vars.has(k)) vars.set(k, v);
  return [...vars];
}
