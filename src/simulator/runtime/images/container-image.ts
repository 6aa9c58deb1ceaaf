import type { ImageLayer } from '../fs/image-layer.js';

/**
 * An image as the kubelet and runtime use it: the filesystem plus the config a registry
 * serves (`docker inspect`'s `Config`), and the numbers that show up in events and status
 * (`Image size: N bytes.`, `imageID: docker.io/library/nginx@sha256:…`).
 */
export interface ContainerImage {
  /** `docker.io/library/nginx:1.27`: what `status.containerStatuses[].image` shows. */
  canonicalName: string;
  /** `docker.io/library/nginx`. */
  repository: string;
  tag: string;
  /** `sha256:…` of the manifest; `imageID` is `${repository}@${digest}`. */
  digest: string;
  /** Compressed size, as containerd reports it in the Pulled event. */
  sizeBytes: number;
  layer: ImageLayer;
  config: ImageConfig;
  /** Which implementation the image's commands come from (message wording). */
  flavour: 'busybox' | 'gnu';
}

export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  /** `NAME=value`, in the image's order. */
  env: string[];
  /** '' means `/`. */
  workingDir: string;
  /** '' means root. */
  user: string;
  /** Sent instead of SIGTERM on stop (nginx: SIGQUIT). */
  stopSignal: string;
  exposedPorts: string[];
}

export function imageID(image: ContainerImage): string {
  return `${image.repository}@${image.digest}`;
}

/**
 * A pull that cannot succeed. `message` is the CRI error the kubelet puts after
 * `Failed to pull image "nginx:nope": ` and in the waiting state's message.
 */
export class ImageNotFoundError extends Error {
  constructor(
    readonly reference: string,
    readonly canonicalName: string,
    readonly kind: 'tag-not-found' | 'repository-not-found' | 'invalid-reference',
  ) {
    super(pullErrorMessage(canonicalName, kind, reference));
  }
}

/**
 * containerd 1.7's wording through the CRI (grpc status + message). An unknown tag of a known
 * repository is NotFound; an unknown repository is Docker Hub's authorization failure.
 */
function pullErrorMessage(
  canonical: string,
  kind: ImageNotFoundError['kind'],
  reference: string,
): string {
  if (kind === 'invalid-reference') {
    return `couldn't parse image name "${reference}": invalid reference format`;
  }
  if (kind === 'tag-not-found') {
    return `rpc error: code = NotFound desc = failed to pull and unpack image "${canonical}": failed to resolve reference "${canonical}": ${canonical}: not found`;
  }
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${canonical}": failed to resolve reference "${canonical}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
}
