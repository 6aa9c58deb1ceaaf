/**
 * @kubernetes/client-node takes about half a second to import (dependencies.md), so the CLI
 * loads it only when a command really talks to a cluster; `--help` and prompts stay instant.
 */
export type ClientNode = typeof import('@kubernetes/client-node');

let loading: Promise<ClientNode> | undefined;

export function loadClientNode(): Promise<ClientNode> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}
