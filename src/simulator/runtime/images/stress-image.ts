import { type ImageLayer, ImageLayerBuilder } from '../fs/image-layer.js';

/**
 * `polinux/stress`, the image the Kubernetes docs use to exceed a memory limit
 * (`stress --vm 1 --vm-bytes 250M --vm-hang 1`): a small busybox userland (Alpine's, in the
 * real image) with stress 1.0.4 built into /usr/local/bin.
 */
export function stressLayer(base: ImageLayer, buildTime: Date): ImageLayer {
  const image = new ImageLayerBuilder({ base, mtime: buildTime });
  image.executable('/usr/local/bin/stress');
  return image.build();
}
