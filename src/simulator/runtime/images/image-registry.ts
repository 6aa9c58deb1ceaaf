import { createHash } from 'node:crypto';
import { defineImageLayer, type ImageLayer } from '../fs/image-layer.js';
import { ALPINE_3_20, ALPINE_3_21, type AlpineRelease, alpineLayer } from './alpine-image.js';
import { busyboxLayer } from './busybox-image.js';
import { type ContainerImage, type ImageConfig, ImageNotFoundError } from './container-image.js';
import { CURL_8_12, CURL_8_13, curlImageLayer } from './curl-image.js';
import { debianLayer } from './debian-image.js';
import { parseImageReference } from './image-reference.js';
import {
  MYSQL_8_0,
  MYSQL_8_4,
  MYSQL_9_3,
  type MysqlRelease,
  mysqlEnv,
  mysqlLayer,
} from './mysql-image.js';
import { nginxLayer } from './nginx-image.js';
import { REDIS_7_2, REDIS_7_4, type RedisRelease, redisEnv, redisLayer } from './redis-image.js';
import { stressLayer } from './stress-image.js';
import { CATALINA_HOME, TOMCAT_RELEASES, tomcatEnv, tomcatLayer } from './tomcat-image.js';
import { UBUNTU_JAMMY, UBUNTU_NOBLE, type UbuntuRelease, ubuntuLayer } from './ubuntu-image.js';

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

const alpine = (release: AlpineRelease, built: Date) => once(() => alpineLayer(release, built));
const alpine321 = alpine(ALPINE_3_21, new Date(Date.UTC(2025, 1, 14, 17, 2, 51)));
const ubuntu = (release: UbuntuRelease, built: Date) =>
  once(() => ubuntuLayer(debianBookworm(), release, built));
const ubuntuNoble = ubuntu(UBUNTU_NOBLE, new Date(Date.UTC(2025, 3, 8, 12, 11, 4)));

const tomcatRecipe = (version: string, tags: string[], sizeBytes: number): ImageRecipe => {
  const release = TOMCAT_RELEASES[version];
  if (!release) throw new Error(`no Tomcat release ${version}`);
  return {
    repository: 'docker.io/library/tomcat',
    tags,
    sizeBytes,
    flavour: 'gnu',
    config: config({
      cmd: ['catalina.sh', 'run'],
      env: tomcatEnv(release),
      workingDir: CATALINA_HOME,
      exposedPorts: ['8080/tcp'],
    }),
    layer: once(() => tomcatLayer(ubuntuNoble(), release, new Date(Date.UTC(2025, 3, 10)))),
  };
};

const mysqlRecipe = (release: MysqlRelease, tags: string[], sizeBytes: number): ImageRecipe => ({
  repository: 'docker.io/library/mysql',
  tags,
  sizeBytes,
  flavour: 'gnu',
  config: config({
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mysqld'],
    env: mysqlEnv(release),
    exposedPorts: ['3306/tcp', '33060/tcp'],
  }),
  layer: once(() => mysqlLayer(release, new Date(Date.UTC(2025, 3, 16)))),
});

const redisRecipe = (release: RedisRelease, tags: string[], sizeBytes: number): ImageRecipe => ({
  repository: 'docker.io/library/redis',
  tags,
  sizeBytes,
  flavour: 'gnu',
  config: config({
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    env: redisEnv(release),
    workingDir: '/data',
    exposedPorts: ['6379/tcp'],
  }),
  layer: once(() => redisLayer(debianBookworm(), new Date(Date.UTC(2025, 3, 8)))),
});

const curlRecipe = (built: Date, tags: string[], sizeBytes: number): ImageRecipe => ({
  repository: 'docker.io/curlimages/curl',
  tags,
  sizeBytes,
  flavour: 'busybox',
  config: config({
    entrypoint: ['/entrypoint.sh'],
    cmd: ['curl'],
    env: [PATH, 'CURL_CA_BUNDLE=/cacert.pem'],
    workingDir: '/home/curl_user',
    user: 'curl_user',
  }),
  layer: once(() => curlImageLayer(alpine321(), built)),
});

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
    repository: 'docker.io/library/alpine',
    tags: ['3.21', '3.21.3', 'latest', '3'],
    sizeBytes: 3_641_715,
    flavour: 'busybox',
    config: config({ cmd: ['/bin/sh'] }),
    layer: alpine321,
  },
  {
    repository: 'docker.io/library/alpine',
    tags: ['3.20', '3.20.6'],
    sizeBytes: 3_626_898,
    flavour: 'busybox',
    config: config({ cmd: ['/bin/sh'] }),
    layer: alpine(ALPINE_3_20, new Date(Date.UTC(2025, 1, 14, 17, 2, 49))),
  },
  {
    repository: 'docker.io/library/ubuntu',
    tags: ['24.04', 'noble', 'latest', 'noble-20250404'],
    sizeBytes: 29_754_284,
    flavour: 'gnu',
    config: config({ cmd: ['/bin/bash'] }),
    layer: ubuntuNoble,
  },
  {
    repository: 'docker.io/library/ubuntu',
    tags: ['22.04', 'jammy', 'jammy-20250404'],
    sizeBytes: 29_536_960,
    flavour: 'gnu',
    config: config({ cmd: ['/bin/bash'] }),
    layer: ubuntu(UBUNTU_JAMMY, new Date(Date.UTC(2025, 3, 8, 12, 10, 33))),
  },
  // The default tags are the JDK 21 / Ubuntu noble variants (`11.0.6-jdk21-temurin-noble`).
  tomcatRecipe('11.0.6', ['11.0.6', '11.0', '11', 'latest', 'jdk21', '11-jdk21'], 197_453_106),
  tomcatRecipe('10.1.40', ['10.1.40', '10.1', '10', '10.1-jdk21', '10-jdk21'], 196_817_341),
  tomcatRecipe('9.0.104', ['9.0.104', '9.0', '9', '9.0-jdk21', '9-jdk21'], 195_992_713),
  mysqlRecipe(MYSQL_9_3, ['9.3.0', '9.3', '9', 'innovation', 'latest', 'oracle'], 193_392_140),
  mysqlRecipe(MYSQL_8_4, ['8.4.5', '8.4', '8', 'lts', '8.4-oracle', '8-oracle'], 173_615_402),
  mysqlRecipe(MYSQL_8_0, ['8.0.42', '8.0', '8.0-oracle', '8.0.42-oracle'], 168_123_411),
  redisRecipe(REDIS_7_4, ['7.4.2', '7.4', '7', 'latest', '7.4-bookworm', 'bookworm'], 45_104_321),
  redisRecipe(REDIS_7_2, ['7.2.7', '7.2', '7.2-bookworm'], 40_946_017),
  curlRecipe(new Date(Date.UTC(2025, 3, 2)), [CURL_8_13.version, 'latest'], 9_871_904),
  curlRecipe(new Date(Date.UTC(2025, 1, 13)), [CURL_8_12.version], 9_830_412),
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
