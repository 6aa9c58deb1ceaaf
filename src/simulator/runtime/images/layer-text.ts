import type { ImageLayer } from '../fs/image-layer.js';

/** A text file of a built layer (a base image's /etc/passwd that a derived image extends). */
export function layerText(layer: ImageLayer, path: string): string {
  const node = layer.tree.get(path);
  if (node?.type !== 'file') return '';
  return new TextDecoder().decode(node.data.subarray(0, node.size));
}
