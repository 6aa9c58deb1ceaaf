/**
 * A cluster shape read from a JSON file (`sim serve --cluster-shape FILE`), either kind's
 * naming with a number of workers or every node spelled out:
 *
 *   { "workers": 5 }
 *   { "nodes": [ { "name": "cp", "internalIP": "172.18.0.2", "podCIDR": "10.244.0.0/24",
 *                  "controlPlane": true }, … ] }
 *
 * Checked strictly (unknown fields are refused) so a typo cannot quietly give another cluster.
 */
import { readFile } from 'node:fs/promises';
import {
  isDns1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from './admission/name-validation.js';
import { type ClusterShape, kindShape, MAX_WORKERS, type NodeShape } from './cluster-shape.js';
import { isPlainObject } from './kube-object.js';

/** The file is unreadable or not a shape; the message names every problem, in English. */
export class ClusterShapeError extends Error {}

export async function readClusterShape(path: string): Promise<ClusterShape> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ClusterShapeError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseClusterShape(text);
}

export function parseClusterShape(text: string): ClusterShape {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ClusterShapeError(`not JSON: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  const shape = toShape(data, problems);
  if (!shape || problems.length > 0) throw new ClusterShapeError(problems.join('; '));
  return shape;
}

function toShape(data: unknown, problems: string[]): ClusterShape | undefined {
  if (!isPlainObject(data)) {
    problems.push('must be a JSON object with "workers" or "nodes"');
    return undefined;
  }
  unknownFields(data, ['workers', 'nodes'], '', problems);
  if ('workers' in data === 'nodes' in data) {
    problems.push('must have exactly one of "workers" (a number) or "nodes" (a list)');
    return undefined;
  }
  if ('workers' in data) {
    const workers = data.workers;
    if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 0) {
      problems.push(`workers: must be an integer from 0 to ${MAX_WORKERS}`);
    } else if (workers > MAX_WORKERS) {
      problems.push(`workers: at most ${MAX_WORKERS} (one 172.18.0.x address each)`);
    } else return kindShape(workers);
    return undefined;
  }
  const list = data.nodes;
  if (!Array.isArray(list) || list.length === 0) {
    problems.push('nodes: must be a non-empty list');
    return undefined;
  }
  const nodes = list.map((item, i) => toNode(item, `nodes[${i}]`, problems));
  for (const field of ['name', 'internalIP', 'podCIDR'] as const) {
    const seen = new Map<string, number>();
    nodes.forEach((node, i) => {
      const value = node[field];
      const first = seen.get(value);
      if (value && first !== undefined)
        problems.push(`nodes[${i}].${field}: "${value}" is already used by nodes[${first}]`);
      else seen.set(value, i);
    });
  }
  return { nodes };
}

function toNode(item: unknown, path: string, problems: string[]): NodeShape {
  const node: NodeShape = {
    name: '',
    internalIP: '',
    podCIDR: '',
    controlPlane: false,
    extraLabels: {},
  };
  if (!isPlainObject(item)) {
    problems.push(`${path}: must be an object`);
    return node;
  }
  unknownFields(
    item,
    ['name', 'internalIP', 'podCIDR', 'controlPlane', 'extraLabels'],
    `${path}.`,
    problems,
  );
  const text = (field: string, check: (value: string) => string[]) => {
    const value = item[field];
    if (typeof value !== 'string') {
      problems.push(`${path}.${field}: must be a string`);
      return '';
    }
    for (const message of check(value)) problems.push(`${path}.${field}: "${value}" ${message}`);
    return value;
  };
  node.name = text('name', isDns1123Subdomain);
  node.internalIP = text('internalIP', (v) => (isIPv4(v) ? [] : ['is not an IPv4 address']));
  // The kubelet hands out pod IPs from `.2` to `.254` of one /24, as kindnet's IPAM does.
  node.podCIDR = text('podCIDR', (v) =>
    /^(\d+\.\d+\.\d+)\.0\/24$/.test(v) && isIPv4(v.slice(0, -3))
      ? []
      : ['must be a /24 ending in .0/24, e.g. 10.244.3.0/24'],
  );
  if ('controlPlane' in item) {
    if (typeof item.controlPlane === 'boolean') node.controlPlane = item.controlPlane;
    else problems.push(`${path}.controlPlane: must be true or false`);
  }
  if ('extraLabels' in item) {
    const labels = item.extraLabels;
    if (!isPlainObject(labels)) problems.push(`${path}.extraLabels: must be an object`);
    else {
      for (const [key, value] of Object.entries(labels)) {
        const where = `${path}.extraLabels["${key}"]`;
        for (const message of isQualifiedName(key)) problems.push(`${where}: key ${message}`);
        if (typeof value !== 'string') problems.push(`${where}: must be a string`);
        else {
          for (const message of isValidLabelValue(value)) problems.push(`${where}: ${message}`);
          node.extraLabels[key] = value;
        }
      }
    }
  }
  return node;
}

function unknownFields(
  object: Record<string, unknown>,
  known: string[],
  prefix: string,
  problems: string[],
) {
  for (const key of Object.keys(object)) {
    if (!known.includes(key))
      problems.push(`${prefix}${key}: unknown field (known: ${known.join(', ')})`);
  }
}

function isIPv4(value: string): boolean {
  const parts = value.split('.');
  return (
    parts.length === 4 &&
    parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)
  );
}
