import type { V1Pod } from '@kubernetes/client-node';

/** The annotation a Pod uses to name the container kubectl picks when no -c is given. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/**
 * The container `kubectl exec|logs|attach POD` uses without `-c`, by kubectl's rule
 * (kubectl/pkg/cmd/util/podcmd FindOrDefaultContainerByName): the annotation's container when
 * it names one of the Pod's containers, else the first of `spec.containers`.
 */
export function defaultContainer(pod: V1Pod): string | undefined {
  const spec = pod.spec;
  const named = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const all = [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ].map((c) => c.name);
  if (named && all.includes(named)) return named;
  return spec?.containers[0]?.name;
}
