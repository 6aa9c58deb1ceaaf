import { Document } from 'yaml';

/**
 * The kind cluster of `pod-course kind create`: the shape the simulator copies (one control
 * plane, two workers, `disktype=ssd` on the first worker), so a lesson behaves the same on both.
 */
export const KIND_CLUSTER_NAME = 'pod-course';

/** kind names the kubeconfig context `kind-<cluster>`; DESIGN.md keys the backend on it. */
export const KIND_CONTEXT = `kind-${KIND_CLUSTER_NAME}`;

/**
 * The node image, pinned by digest as kind asks ("You must use the @sha256 digest to guarantee
 * an image built for this release"). Listed under "Images pre-built for this release" in the
 * notes of kind v0.31.0 (github.com/kubernetes-sigs/kind/releases/tag/v0.31.0), the newest kind
 * release that still builds a v1.32 image; v0.32.0 and later list 1.33+ only. Kubernetes 1.32
 * is what the simulator reproduces, so events and messages read the same on both backends.
 */
export const KIND_NODE_IMAGE =
  'kindest/node:v1.32.11@sha256:5fc52d52a7b9574015299724bd68f183702956aa4a2116ae75a63cb574b35af8';
export const KIND_KUBERNETES_VERSION = 'v1.32.11';
/** The kind release that built KIND_NODE_IMAGE: older kind binaries get a warning. */
export const KIND_MIN_VERSION = { major: 0, minor: 31, patch: 0 } as const;

/** Where containerd in every node looks for registry host configuration. */
export const CONTAINERD_CERTS_DIR = '/etc/containerd/certs.d';
/** Docker Hub's upstream, as containerd's docs/hosts.md writes it for the docker.io namespace. */
export const DOCKER_HUB_UPSTREAM = 'https://registry-1.docker.io';

export type KindRole = 'control-plane' | 'worker';

export interface KindNode {
  /** The name kind gives it: `<cluster>-control-plane`, `<cluster>-worker`, `<cluster>-worker2`. */
  name: string;
  role: KindRole;
  labels: Record<string, string>;
}

/** The nodes in config order; `labels` are the extra ones (kind adds the well-known ones). */
export const KIND_NODES: readonly KindNode[] = [
  { name: `${KIND_CLUSTER_NAME}-control-plane`, role: 'control-plane', labels: {} },
  { name: `${KIND_CLUSTER_NAME}-worker`, role: 'worker', labels: { disktype: 'ssd' } },
  { name: `${KIND_CLUSTER_NAME}-worker2`, role: 'worker', labels: {} },
];

export interface KindConfigOptions {
  /**
   * Absolute host directory holding `hosts.toml` for docker.io; mounted read-only at
   * `/etc/containerd/certs.d/docker.io` in every node (see mirrorHostsToml).
   */
  dockerHubHostsDir: string;
  image?: string;
}

/**
 * Registry mirror design. kind's node images since v0.27.0 ship containerd 2.x with
 * `config_path = "/etc/containerd/certs.d"` already set (kind's local-registry example says the
 * patch is "not necessary with images from kind v0.27.0+"), and containerd 2.x refuses the old
 * `registry.mirrors."docker.io".endpoint` patch when config_path is set: the CRI plugin fails to
 * load and the kubelet never starts (seen with kindest/node:v1.32.11, containerd 2.2). So the
 * mirror is a hosts.toml, the form containerd documents, and the patch below only restates
 * config_path for images that do not set it. The hosts directory is a bind mount rather than a
 * file copied in after creation: it is there before containerd starts, and because containerd
 * re-reads hosts.toml on every pull, rewriting the host file changes the mirror of a running
 * cluster without recreating it.
 */
export const CONTAINERD_CONFIG_PATCH = `[plugins."io.containerd.grpc.v1.cri".registry]
  config_path = "${CONTAINERD_CERTS_DIR}"`;

/** The kind `Cluster` config (kind.x-k8s.io/v1alpha4) as YAML text. */
export function kindClusterConfig(options: KindConfigOptions): string {
  const image = options.image ?? KIND_NODE_IMAGE;
  const mount = {
    hostPath: options.dockerHubHostsDir,
    containerPath: `${CONTAINERD_CERTS_DIR}/docker.io`,
    readOnly: true,
  };
  const config = {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: KIND_CLUSTER_NAME,
    nodes: KIND_NODES.map((node) => ({
      role: node.role,
      image,
      ...(Object.keys(node.labels).length > 0 ? { labels: { ...node.labels } } : {}),
      // A copy per node: a shared object would be written as a YAML anchor and aliases.
      extraMounts: [{ ...mount }],
    })),
    containerdConfigPatches: [CONTAINERD_CONFIG_PATCH],
  };
  const document = new Document(config);
  document.commentBefore =
    ' Written by "pod-course kind create"; it is rewritten on every create, so edits here are lost.\n' +
    ' Node names: pod-course-control-plane, pod-course-worker (disktype=ssd), pod-course-worker2.';
  return document.toString({ lineWidth: 0 });
}

/**
 * A `--mirror` value as a URL containerd accepts: http(s) only; a bare host means https.
 * Returns undefined when it is not one, so the caller can name the value in a usage error.
 */
export function normalizeMirror(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || /["\s\\]/.test(trimmed)) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || !url.hostname) return undefined;
  return url.href.replace(/\/+$/, '');
}

/**
 * `hosts.toml` for the docker.io namespace (containerd docs/hosts.md): the mirror first, Docker
 * Hub as the fallback `server`; without a mirror, Docker Hub alone, which is containerd's default.
 */
export function mirrorHostsToml(mirror?: string): string {
  const header =
    '# Written by pod-course: where containerd in the kind nodes pulls docker.io images from.\n' +
    '# Change it with "pod-course kind create --mirror URL"; containerd reads it on every pull.\n';
  const server = `server = "${DOCKER_HUB_UPSTREAM}"\n`;
  if (mirror === undefined) return `${header}${server}`;
  return `${header}${server}\n[host."${mirror}"]\n  capabilities = ["pull", "resolve"]\n`;
}

/** The mirror a hosts.toml written by mirrorHostsToml names, if any. */
export function mirrorFromHostsToml(text: string): string | undefined {
  return /^\[host\."([^"]+)"\]/m.exec(text)?.[1];
}
