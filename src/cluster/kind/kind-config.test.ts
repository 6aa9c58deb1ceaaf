import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CONTAINERD_CONFIG_PATCH,
  KIND_CLUSTER_NAME,
  KIND_CONTEXT,
  KIND_KUBERNETES_VERSION,
  KIND_NODE_IMAGE,
  KIND_NODES,
  kindClusterConfig,
  mirrorFromHostsToml,
  mirrorHostsToml,
  normalizeMirror,
} from './kind-config.js';

interface ParsedConfig {
  kind: string;
  apiVersion: string;
  name: string;
  nodes: {
    role: string;
    image: string;
    labels?: Record<string, string>;
    extraMounts: { hostPath: string; containerPath: string; readOnly: boolean }[];
  }[];
  containerdConfigPatches: string[];
}

describe('the kind Cluster config', () => {
  const text = kindClusterConfig({
    dockerHubHostsDir: '/home/u/.local/share/pod-course/kind/certs.d/docker.io',
  });
  const config = parse(text) as ParsedConfig;

  it('is a v1alpha4 Cluster named pod-course with one control plane and two workers', () => {
    expect(config.kind).toBe('Cluster');
    expect(config.apiVersion).toBe('kind.x-k8s.io/v1alpha4');
    expect(config.name).toBe(KIND_CLUSTER_NAME);
    expect(KIND_CONTEXT).toBe('kind-pod-course');
    expect(config.nodes.map((node) => node.role)).toEqual(['control-plane', 'worker', 'worker']);
  });

  it('is plain YAML a person can read: no anchors or aliases', () => {
    expect(text).not.toMatch(/^\s*-?\s*[&*]\w+/m);
  });

  it('labels only the first worker disktype=ssd', () => {
    expect(config.nodes.map((node) => node.labels ?? {})).toEqual([{}, { disktype: 'ssd' }, {}]);
    expect(KIND_NODES.map((node) => node.name)).toEqual([
      'pod-course-control-plane',
      'pod-course-worker',
      'pod-course-worker2',
    ]);
  });

  it('pins every node to the v1.32 image by digest', () => {
    expect(KIND_NODE_IMAGE).toMatch(/^kindest\/node:v1\.32\.\d+@sha256:[0-9a-f]{64}$/);
    expect(KIND_NODE_IMAGE).toContain(`:${KIND_KUBERNETES_VERSION}@`);
    for (const node of config.nodes) expect(node.image).toBe(KIND_NODE_IMAGE);
  });

  it('mounts the docker.io hosts directory read-only into every node and points containerd at it', () => {
    for (const node of config.nodes) {
      expect(node.extraMounts).toEqual([
        {
          hostPath: '/home/u/.local/share/pod-course/kind/certs.d/docker.io',
          containerPath: '/etc/containerd/certs.d/docker.io',
          readOnly: true,
        },
      ]);
    }
    expect(config.containerdConfigPatches).toEqual([CONTAINERD_CONFIG_PATCH]);
    expect(CONTAINERD_CONFIG_PATCH).toContain('config_path = "/etc/containerd/certs.d"');
    // The old inline form breaks containerd 2.x when config_path is set: never generate it.
    expect(text).not.toContain('registry.mirrors');
  });

  it('keeps Windows host paths intact', () => {
    const windows = parse(
      kindClusterConfig({
        dockerHubHostsDir: 'C:\\Users\\me\\pod-course\\kind\\certs.d\\docker.io',
      }),
    ) as ParsedConfig;
    expect(windows.nodes[0]?.extraMounts[0]?.hostPath).toBe(
      'C:\\Users\\me\\pod-course\\kind\\certs.d\\docker.io',
    );
  });
});

describe('registry mirror', () => {
  it('accepts http(s) URLs and bare hosts, without a trailing slash', () => {
    expect(normalizeMirror('https://mirror.example.com/')).toBe('https://mirror.example.com');
    expect(normalizeMirror('mirror.example.com')).toBe('https://mirror.example.com');
    expect(normalizeMirror('http://10.0.0.5:5000')).toBe('http://10.0.0.5:5000');
    expect(normalizeMirror('  https://m.example.com/docker  ')).toBe(
      'https://m.example.com/docker',
    );
    expect(normalizeMirror(normalizeMirror('m.example.com') ?? '')).toBe('https://m.example.com');
  });

  it('refuses what containerd cannot use or what would break the TOML', () => {
    for (const bad of [
      '',
      'ftp://m.example.com',
      'https://u:p@m.example.com',
      'https://m.example.com/"x',
      'a b',
      'https://m.example.com/?q=1',
    ]) {
      expect(normalizeMirror(bad), bad).toBeUndefined();
    }
  });

  it('writes hosts.toml with the mirror first and Docker Hub as the server', () => {
    const toml = mirrorHostsToml('https://mirror.example.com');
    expect(toml).toContain('server = "https://registry-1.docker.io"');
    expect(toml).toContain(
      '[host."https://mirror.example.com"]\n  capabilities = ["pull", "resolve"]',
    );
    expect(mirrorFromHostsToml(toml)).toBe('https://mirror.example.com');
    const plain = mirrorHostsToml();
    expect(plain).toContain('server = "https://registry-1.docker.io"');
    expect(plain).not.toContain('[host.');
    expect(mirrorFromHostsToml(plain)).toBeUndefined();
  });
});
