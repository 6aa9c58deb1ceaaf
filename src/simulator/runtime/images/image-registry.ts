import { createHash } from 'node:crypto';
import { defineImageLayer, type ImageLayer } from '../fs/image-layer.js';
import { busyboxLayer } from './busybox-image.js';
import { type ContainerImage, type ImageConfig, ImageNotFoundError } from './container-image.js';
import { debianLayer } from './debian-image.js';
import { parseImageReference } from './image-reference.js';
import { nginxLayer } from './nginx-image.js';
import { stressLayer } from './stress-image.js';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

interface ImageRecipe {
  repository: string;
  tags: readonly string[];
  sizeBytes: number;
  flavour: ContainerImage['flavour'];
  config: ImageConfig;
  layer: () => ImageLayer;
}

/** Layers are built once, on first pull, and shared by every container of the image. */
function once(build: () => ImageLayer): () => ImageLayer {
  let layer: ImageLayer | undefined;
  return () => {
    layer ??= build();
    return layer;
  };
}

const config = (partial: Partial<ImageConfig>): ImageConfig => ({
  entrypoint: [],
  cmd: [],
  env: [PATH],
  workingDir: '',
  user: '',
  stopSignal: '',
  exposedPorts: [],
  ...partial,
});

const debianBookworm = once(() => debianLayer(new Date(Date.UTC(2024, 10, 11))));
const busybox136 = once(() => busyboxLayer(new Date(Date.UTC(2023, 4, 18, 22, 34, 17))));

const nginxConfig = (version: string, njs: string, njsRelease: string, extra: string[]) =>
  config({
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: [
      PATH,
      `NGINX_VERSION=${version}`,
      `NJS_VERSION=${njs}`,
      `NJS_RELEASE=${njsRelease}`,
      'PKG_RELEASE=1~bookworm',
      ...extra,
    ],
    stopSignal: 'SIGQUIT',
    exposedPorts: ['80/tcp'],
  });

/**
 * The images the simulated registry serves. Sizes are the compressed amd64 sizes containerd
 * reports (nginx:1.27's is the figure pod-facts.md quotes); digests are stable stand-ins
 * derived from the name, since the simulation cannot know a live registry's.
 */
const RECIPES: readonly ImageRecipe[] = [
  {
    repository: 'docker.io/library/busybox',
    tags: ['1.36', '1.36.1', 'latest', 'stable'],
    sizeBytes: 2_160_406,
    flavour: 'busybox',
    config: config({ cmd: ['sh'] }),
    layer: busybox136,
  },
  {
    repository: 'docker.io/library/busybox',
    tags: ['1.37', '1.37.0'],
    sizeBytes: 2_166_611,
    flavour: 'busybox',
    config: config({ cmd: ['sh'] }),
    layer: once(() => busyboxLayer(new Date(Date.UTC(2024, 8, 26, 21, 31, 42)))),
  },
  {
    repository: 'docker.io/library/debian',
    tags: ['bookworm', '12', 'latest', 'stable'],
    sizeBytes: 48_494_272,
    flavour: 'gnu',
    config: config({ cmd: ['bash'] }),
    layer: debianBookworm,
  },
  {
    repository: 'docker.io/library/debian',
    tags: ['bookworm-slim', 'stable-slim', '12-slim'],
    sizeBytes: 28_227_259,
    flavour: 'gnu',
    config: config({ cmd: ['bash'] }),
    layer: debianBookworm,
  },
  {
    repository: 'docker.io/library/nginx',
    tags: ['1.27', '1.27.5', 'latest', 'mainline', '1.27-bookworm'],
    sizeBytes: 48_498_745,
    flavour: 'gnu',
    config: nginxConfig('1.27.5', '0.8.10', '1~bookworm', ['DYNPKG_RELEASE=1~bookworm']),
    layer: once(() => nginxLayer(debianBookworm(), new Date(Date.UTC(2025, 3, 16)))),
  },
  {
    repository: 'docker.io/library/nginx',
    tags: ['1.25', '1.25.5'],
    sizeBytes: 70_544_635,
    flavour: 'gnu',
    config: nginxConfig('1.25.5', '0.8.4', '3~bookworm', []),
    layer: once(() => nginxLayer(debianBookworm(), new Date(Date.UTC(2024, 3, 16)))),
  },
  {
    // The Kubernetes docs' memory-limit example. Size and layout approximate the real image.
    repository: 'docker.io/polinux/stress',
    tags: ['latest', '1.0.4'],
    sizeBytes: 4_251_488,
    flavour: 'busybox',
    config: config({ cmd: ['/usr/local/bin/stress'] }),
    layer: once(() => stressLayer(busybox136(), new Date(Date.UTC(2018, 2, 7)))),
  },
  {
    repository: 'registry.k8s.io/pause',
    tags: ['3.10'],
    sizeBytes: 320_368,
    flavour: 'busybox',
    config: config({ entrypoint: ['/pause'], env: [], workingDir: '/', user: '65535:65535' }),
    layer: once(() =>
      defineImageLayer((image) => image.executable('/pause'), {
        mtime: new Date(Date.UTC(2024, 4, 14)),
      }),
    ),
  },
];

function digestOf(repository: string, tag: string): string {
  return `sha256:${createHash('sha256').update(`${repository}:${tag}`).digest('hex')}`;
}

/**
 * Resolves what a pod spec says (`nginx`, `nginx:1.27`, `docker.io/library/busybox:1.36`) to an
 * image, or throws `ImageNotFoundError` carrying containerd's message for the kubelet's
 * ErrImagePull.
 */
export function pullImage(reference: string): ContainerImage {
  const parsed = parseImageReference(reference);
  if (!parsed) throw new ImageNotFoundError(reference, reference, 'invalid-reference');
  const sameRepository = RECIPES.filter((recipe) => recipe.repository === parsed.repository);
  if (sameRepository.length === 0)
    throw new ImageNotFoundError(reference, parsed.canonical, 'repository-not-found');
  const recipe = parsed.digest
    ? sameRepository.find((candidate) =>
        candidate.tags.some((tag) => digestOf(candidate.repository, tag) === parsed.digest),
      )
    : sameRepository.find((candidate) => candidate.tags.includes(parsed.tag));
  if (!recipe) throw new ImageNotFoundError(reference, parsed.canonical, 'tag-not-found');
  // One manifest per recipe: every tag of it has the first tag's digest.
  const digest = digestOf(recipe.repository, recipe.tags[0] ?? parsed.tag);
  return {
    canonicalName: parsed.canonical,
    repository: recipe.repository,
    tag: parsed.tag,
    digest,
    sizeBytes: recipe.sizeBytes,
    layer: recipe.layer(),
    config: recipe.config,
    flavour: recipe.flavour,
  };
}

/** Every `repository:tag` the registry knows (for listings and tests). */
export function knownImages(): string[] {
  return RECIPES.flatMap((recipe) => recipe.tags.map((tag) => `${recipe.repository}:${tag}`));
}
