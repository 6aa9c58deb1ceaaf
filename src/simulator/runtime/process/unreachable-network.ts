import type { PodNetwork } from './contracts.js';

/**
 * The network of a process started without one (tests, node-level tools): nothing listens,
 * nothing answers — as in a network namespace with only a loopback that is down.
 */
export const unreachableNetwork: PodNetwork = {
  podIP: '127.0.0.1',
  hostname: 'localhost',
  listen: () => {
    throw new Error('listen: Network is unreachable');
  },
  request: async () => {
    throw new Error('connect: Network is unreachable');
  },
};
