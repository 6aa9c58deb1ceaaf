import type { Language } from './language.js';

/**
 * Every user-facing string of `pod-course kind …` and of the kind backend, in both languages
 * (the style of messages.ts). Each error says what to do next.
 */

/** The kind release our node image was built for: what the install commands fetch. */
const KIND_RELEASE = 'v0.31.0';
const INSTALL_DOCS = 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation';

/** The install commands for one platform; commands are the same in both languages. */
function installCommands(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return '  brew install kind';
  if (platform === 'win32') return '  winget install Kubernetes.kind\n  (or: choco install kind)';
  return [
    `  [ "$(uname -m)" = x86_64 ] && curl -Lo ./kind https://kind.sigs.k8s.io/dl/${KIND_RELEASE}/kind-linux-amd64`,
    `  [ "$(uname -m)" = aarch64 ] && curl -Lo ./kind https://kind.sigs.k8s.io/dl/${KIND_RELEASE}/kind-linux-arm64`,
    '  chmod +x ./kind && sudo mv ./kind /usr/local/bin/kind',
  ].join('\n');
}

function startDocker(platform: NodeJS.Platform, zh: boolean): string {
  if (platform === 'linux')
    return zh
      ? '运行 "sudo systemctl start docker" (或启动 Docker Desktop)'
      : 'run "sudo systemctl start docker" (or start Docker Desktop)';
  return zh
    ? '启动 Docker Desktop，等它显示正在运行'
    : 'start Docker Desktop and wait until it says it is running';
}

const en = {
  kindMissing: (platform: NodeJS.Platform) =>
    `kind is not installed (or not on PATH). Install kind ${KIND_RELEASE} or newer, then run this again:\n${installCommands(platform)}\nMore ways: ${INSTALL_DOCS}\nNo Docker or kind? The built-in simulator needs neither: leave out --kind.`,
  providerMissing: (provider: string) =>
    `${provider} is not installed (or not on PATH): kind runs each Kubernetes node as a ${provider} container. Install Docker Desktop (macOS, Windows) or Docker Engine (Linux): https://docs.docker.com/get-docker/\nNo Docker? The built-in simulator needs none: leave out --kind.`,
  providerNotRunning: (provider: string, platform: NodeJS.Platform, detail: string) =>
    `${provider} is installed but not running: ${startDocker(platform, false)}, then run this again.\n  ${provider} said: ${detail}`,
  providerPermission: (provider: string, detail: string) =>
    `permission denied talking to ${provider}: add yourself to the docker group ("sudo usermod -aG docker $USER", then log out and back in), then run this again.\n  ${provider} said: ${detail}`,
  kindFailed: (command: string, code: number | string, tail: string) =>
    `"${command}" failed (${typeof code === 'number' ? `exit ${code}` : code}). Its last lines:\n${tail || '  (it printed nothing)'}`,
  nodeImagePullHint: () =>
    'Pulling the node image from Docker Hub failed: give Docker itself a registry mirror ("registry-mirrors" in Docker Desktop → Settings → Docker Engine, or /etc/docker/daemon.json), then run this again.',
  kindOld: (version: string, minimum: string) =>
    `note: kind ${version} is older than ${minimum}, the release that built the pinned node image; if creating or loading fails, upgrade kind.`,
  badMirror: (value: string) =>
    `--mirror needs an http or https URL of a Docker Hub mirror (e.g. https://mirror.example.com), got "${value}"`,
  createOnly: (option: string) => `${option} only applies to "pod-course kind create"`,
  creating: (name: string, version: string) =>
    `Creating the kind cluster "${name}" (3 nodes, Kubernetes ${version}). The first time downloads the node image (about 1 GB), so this can take a few minutes…`,
  created: (name: string, kubeconfig: string, seconds: number) =>
    `kind cluster "${name}" is ready (${seconds} s).\nkubeconfig: ${kubeconfig}\nTry: KUBECONFIG=${kubeconfig} kubectl get nodes --show-labels\nDelete it with "pod-course kind delete".`,
  reused: (name: string, kubeconfig: string) =>
    `The kind cluster "${name}" already exists; using it.\nkubeconfig: ${kubeconfig}`,
  mirrorInUse: (mirror: string) =>
    `Docker Hub mirror: ${mirror} (containerd falls back to Docker Hub)`,
  deleting: (name: string) => `Deleting the kind cluster "${name}"…`,
  deleted: (name: string) => `kind cluster "${name}" deleted.`,
  nothingToDelete: (name: string) => `There is no kind cluster "${name}"; nothing to delete.`,
  preloading: (count: number, name: string) =>
    `Loading ${count} lesson image${count === 1 ? '' : 's'} into the nodes of "${name}"…`,
  preloadPulling: (image: string) => `  pulling ${image} with Docker…`,
  preloadLoaded: (image: string) => `  loaded ${image}`,
  preloadFailed: (image: string, detail: string) => `  could not load ${image}: ${detail}`,
  preloadNone: () => 'No images found in the lesson manifests; nothing to load.',
  preloadSomeFailed: (count: number) =>
    `${count} image${count === 1 ? '' : 's'} could not be loaded; pods will pull them when they start.`,
  preloadLatestNote: (images: string) =>
    `note: ${images} name no tag (":latest"), so Kubernetes pulls them again when a pod starts (imagePullPolicy Always); the copy loaded here is used only by containers with imagePullPolicy IfNotPresent. Use --mirror when Docker Hub is slow.`,
};

type KindCatalogue = typeof en;

const zh: KindCatalogue = {
  kindMissing: (platform) =>
    `没有安装 kind (或不在 PATH 中)。请安装 kind ${KIND_RELEASE} 或更新版本，然后重新运行:\n${installCommands(platform)}\n其他安装方式: ${INSTALL_DOCS}\n从 GitHub 下载很慢时，也可以用 Go 安装: GOPROXY=https://goproxy.cn go install sigs.k8s.io/kind@${KIND_RELEASE}\n没有 Docker 或 kind? 内置模拟器两者都不需要: 去掉 --kind 即可。`,
  providerMissing: (provider) =>
    `没有安装 ${provider} (或不在 PATH 中): kind 把每个 Kubernetes 节点作为一个 ${provider} 容器运行。请安装 Docker Desktop (macOS、Windows) 或 Docker Engine (Linux): https://docs.docker.com/get-docker/\n没有 Docker? 内置模拟器不需要它: 去掉 --kind 即可。`,
  providerNotRunning: (provider, platform, detail) =>
    `${provider} 已安装但没有运行: 请${startDocker(platform, true)}，然后重新运行。\n  ${provider} 的输出: ${detail}`,
  providerPermission: (provider, detail) =>
    `没有权限访问 ${provider}: 请把自己加入 docker 组 ("sudo usermod -aG docker $USER"，然后注销再登录)，然后重新运行。\n  ${provider} 的输出: ${detail}`,
  kindFailed: (command, code, tail) =>
    `"${command}" 失败 (${typeof code === 'number' ? `退出码 ${code}` : code})。最后几行输出:\n${tail || '  (没有任何输出)'}`,
  nodeImagePullHint: () =>
    '从 Docker Hub 拉取节点镜像失败: 请给 Docker 本身配置镜像加速器 (Docker Desktop → Settings → Docker Engine 中的 "registry-mirrors"，或 /etc/docker/daemon.json)，然后重新运行。',
  kindOld: (version, minimum) =>
    `注意: kind ${version} 比 ${minimum} 旧，而固定的节点镜像是 ${minimum} 构建的；如果创建或加载镜像失败，请升级 kind。`,
  badMirror: (value) =>
    `--mirror 需要一个 Docker Hub 镜像加速器的 http 或 https 地址 (例如 https://mirror.example.com)，收到 "${value}"`,
  createOnly: (option) => `${option} 只能用于 "pod-course kind create"`,
  creating: (name, version) =>
    `正在创建 kind 集群 "${name}" (3 个节点，Kubernetes ${version})。第一次需要下载节点镜像 (约 1 GB)，可能需要几分钟…`,
  created: (name, kubeconfig, seconds) =>
    `kind 集群 "${name}" 已就绪 (${seconds} 秒)。\nkubeconfig: ${kubeconfig}\n试试: KUBECONFIG=${kubeconfig} kubectl get nodes --show-labels\n用 "pod-course kind delete" 删除它。`,
  reused: (name, kubeconfig) =>
    `kind 集群 "${name}" 已存在；直接使用它。\nkubeconfig: ${kubeconfig}`,
  mirrorInUse: (mirror) =>
    `Docker Hub 镜像加速器: ${mirror} (不可用时 containerd 回退到 Docker Hub)`,
  deleting: (name) => `正在删除 kind 集群 "${name}"…`,
  deleted: (name) => `kind 集群 "${name}" 已删除。`,
  nothingToDelete: (name) => `没有名为 "${name}" 的 kind 集群；无需删除。`,
  preloading: (count, name) => `正在把 ${count} 个课程镜像加载到 "${name}" 的节点中…`,
  preloadPulling: (image) => `  正在用 Docker 拉取 ${image}…`,
  preloadLoaded: (image) => `  已加载 ${image}`,
  preloadFailed: (image, detail) => `  无法加载 ${image}: ${detail}`,
  preloadNone: () => '课程清单中没有找到镜像；无需加载。',
  preloadSomeFailed: (count) => `有 ${count} 个镜像无法加载；Pod 启动时会自己拉取。`,
  preloadLatestNote: (images) =>
    `注意: ${images} 没有写标签 (即 ":latest")，Pod 启动时 Kubernetes 仍会重新拉取 (imagePullPolicy 为 Always)；这里加载的副本只对 imagePullPolicy 为 IfNotPresent 的容器有用。Docker Hub 很慢时请用 --mirror。`,
};

export type KindMessages = KindCatalogue;

export function kindMessages(language: Language): KindMessages {
  return language === 'zh-CN' ? zh : en;
}
