/**
 * The pod subresources with their own handlers: `pods/log`, `pods/binding`, and `pods/exec` /
 * `pods/attach` for requests that arrive without an upgrade (the upgraded ones go through
 * `podStreamUpgrade`). Without a kubelet hook, every node answers as a kubelet whose
 * containers have not started yet.
 */
import type { SubresourceHandler } from '../rest/rest-handler.js';
import { badRequest, methodNotSupported } from '../status.js';
import { podBinding } from './binding.js';
import { podLogHandler } from './log-handler.js';
import type { NodeStreams } from './node-streams.js';
import { locateContainer } from './pod-location.js';
import { parseStreamOptions } from './query-options.js';
import { waitingKubelet } from './waiting-kubelet.js';

export type {
  ContainerTarget,
  LogOptions,
  NodeStreams,
  SessionIO,
  StreamOptions,
  StreamSession,
} from './node-streams.js';
export { KubeletError } from './node-streams.js';

export function podSubresources(
  streams: NodeStreams = waitingKubelet(),
): Map<string, SubresourceHandler> {
  return new Map<string, SubresourceHandler>([
    ['pods/log', podLogHandler(streams)],
    ['pods/binding', podBinding],
    ['pods/exec', withoutUpgrade('exec')],
    ['pods/attach', withoutUpgrade('attach')],
  ]);
}

/**
 * A connect request that was not upgraded: located like any other (so a wrong pod or container
 * is reported as such), then refused by the upgrade-aware proxy, which requires an upgrade.
 */
function withoutUpgrade(purpose: 'exec' | 'attach'): SubresourceHandler {
  return async (req, _res, target, url, context) => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      throw methodNotSupported(
        { group: '', resource: `pods/${purpose}` },
        (req.method ?? '').toLowerCase(),
      );
    }
    const { container } = parseStreamOptions(url.searchParams);
    locateContainer(context.registry, target.namespace, target.name, container, purpose);
    throw badRequest('Upgrade request required');
  };
}
