import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindShape } from './cluster-shape.js';
import { ClusterShapeError, parseClusterShape, readClusterShape } from './cluster-shape-file.js';

function problems(text: string): string {
  try {
    parseClusterShape(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ClusterShapeError);
    return (error as Error).message;
  }
  throw new Error('expected the shape to be refused');
}

describe('cluster shape files', () => {
  it('{"workers": N} is kind naming with N workers', () => {
    expect(parseClusterShape('{"workers": 5}')).toEqual(kindShape(5));
    expect(parseClusterShape('{"workers": 0}').nodes.map((n) => n.name)).toEqual([
      'pod-course-control-plane',
    ]);
  });

  it('"nodes" spells every node out, with defaults for controlPlane and extraLabels', () => {
    const shape = parseClusterShape(
      JSON.stringify({
        nodes: [
          {
            name: 'cp',
            internalIP: '10.0.0.1',
            podCIDR: '10.244.0.0/24',
            controlPlane: true,
          },
          {
            name: 'gpu-1',
            internalIP: '10.0.0.2',
            podCIDR: '10.244.9.0/24',
            extraLabels: { 'example.com/gpu': 'a100', zone: 'b' },
          },
        ],
      }),
    );
    expect(shape.nodes).toEqual([
      {
        name: 'cp',
        internalIP: '10.0.0.1',
        podCIDR: '10.244.0.0/24',
        controlPlane: true,
        extraLabels: {},
      },
      {
        name: 'gpu-1',
        internalIP: '10.0.0.2',
        podCIDR: '10.244.9.0/24',
        controlPlane: false,
        extraLabels: { 'example.com/gpu': 'a100', zone: 'b' },
      },
    ]);
  });

  it('names what is wrong: not JSON, the wrong top level, a bad worker count', () => {
    expect(problems('{workers: 5}')).toMatch(/^not JSON: /);
    expect(problems('[]')).toBe('must be a JSON object with "workers" or "nodes"');
    expect(problems('{}')).toBe(
      'must have exactly one of "workers" (a number) or "nodes" (a list)',
    );
    expect(problems('{"workers": 2, "nodes": []}')).toContain('exactly one of');
    expect(problems('{"workers": 2, "worker": 3}')).toBe(
      'worker: unknown field (known: workers, nodes)',
    );
    expect(problems('{"workers": "5"}')).toBe('workers: must be an integer from 0 to 252');
    expect(problems('{"workers": 300}')).toBe('workers: at most 252 (one 172.18.0.x address each)');
    expect(problems('{"nodes": []}')).toBe('nodes: must be a non-empty list');
  });

  it('checks every node field and reports all problems at once', () => {
    const message = problems(
      JSON.stringify({
        nodes: [
          { name: 'Node_A', internalIP: '10.0.0.300', podCIDR: '10.244.0.0/16', role: 'x' },
          {
            name: 'b',
            internalIP: '10.0.0.2',
            podCIDR: '10.244.1.0/24',
            controlPlane: 'yes',
            extraLabels: { 'bad key!': 'v', ok: 'not valid!' },
          },
          { name: 'b', internalIP: '10.0.0.2', podCIDR: '10.244.1.0/24' },
          'c',
        ],
      }),
    ).split('; ');
    expect(message).toEqual([
      'nodes[0].role: unknown field (known: name, internalIP, podCIDR, controlPlane, extraLabels)',
      expect.stringMatching(/^nodes\[0\]\.name: "Node_A" a lowercase RFC 1123 subdomain/),
      'nodes[0].internalIP: "10.0.0.300" is not an IPv4 address',
      'nodes[0].podCIDR: "10.244.0.0/16" must be a /24 ending in .0/24, e.g. 10.244.3.0/24',
      'nodes[1].controlPlane: must be true or false',
      expect.stringMatching(/^nodes\[1\]\.extraLabels\["bad key!"\]: key name part must consist/),
      expect.stringMatching(/^nodes\[1\]\.extraLabels\["ok"\]: a valid label must be/),
      'nodes[3]: must be an object',
      'nodes[2].name: "b" is already used by nodes[1]',
      'nodes[2].internalIP: "10.0.0.2" is already used by nodes[1]',
      'nodes[2].podCIDR: "10.244.1.0/24" is already used by nodes[1]',
    ]);
  });

  it('a missing file is refused with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pod-course-shape-'));
    try {
      const path = join(dir, 'shape.json');
      await expect(readClusterShape(path)).rejects.toThrow(`cannot read ${path}: ENOENT`);
      await writeFile(path, '{"workers": 3}');
      expect((await readClusterShape(path)).nodes).toHaveLength(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
