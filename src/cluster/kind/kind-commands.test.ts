import { describe, expect, it } from 'vitest';
import {
  commandLine,
  createClusterArgs,
  deleteClusterArgs,
  exportKubeconfigArgs,
  getClustersArgs,
  imagePresentArgs,
  loadImageArgs,
  olderThan,
  parseClusterList,
  parseKindVersion,
  providerInfoArgs,
  pullImageArgs,
} from './kind-commands.js';

describe('kind command lines', () => {
  it('names the cluster, the config and pod-course’s own kubeconfig on create', () => {
    expect(
      createClusterArgs({
        name: 'pod-course',
        configPath: '/h/kind/cluster.yaml',
        kubeconfig: '/h/kind/kubeconfig',
      }),
    ).toEqual([
      'create',
      'cluster',
      '--name',
      'pod-course',
      '--config',
      '/h/kind/cluster.yaml',
      '--kubeconfig',
      '/h/kind/kubeconfig',
      '--wait',
      '5m',
    ]);
    expect(
      createClusterArgs({ name: 'x', configPath: 'c', kubeconfig: 'k', wait: '90s' }).slice(-2),
    ).toEqual(['--wait', '90s']);
  });

  it('builds get, export, delete and load exactly as kind spells them', () => {
    expect(getClustersArgs()).toEqual(['get', 'clusters']);
    expect(exportKubeconfigArgs('pod-course', '/k')).toEqual([
      'export',
      'kubeconfig',
      '--name',
      'pod-course',
      '--kubeconfig',
      '/k',
    ]);
    expect(deleteClusterArgs('pod-course', '/k')).toEqual([
      'delete',
      'cluster',
      '--name',
      'pod-course',
      '--kubeconfig',
      '/k',
    ]);
    expect(loadImageArgs('nginx:1.27', 'pod-course')).toEqual([
      'load',
      'docker-image',
      'nginx:1.27',
      '--name',
      'pod-course',
    ]);
  });

  it('asks Docker for one line of info; other runtimes get plain info', () => {
    expect(providerInfoArgs('docker')).toEqual(['info', '--format', '{{.ServerVersion}}']);
    expect(providerInfoArgs('podman')).toEqual(['info']);
    expect(imagePresentArgs('busybox')).toEqual([
      'image',
      'inspect',
      '--format',
      '{{.Id}}',
      'busybox',
    ]);
    expect(pullImageArgs('busybox')).toEqual(['pull', 'busybox']);
  });

  it('renders a command line a user could paste', () => {
    expect(commandLine('kind', ['create', 'cluster', '--name', 'pod-course'])).toBe(
      'kind create cluster --name pod-course',
    );
    expect(commandLine('kind', ['--config', '/a b/c.yaml', "it's"])).toBe(
      `kind --config '/a b/c.yaml' 'it'\\''s'`,
    );
  });
});

describe('kind output', () => {
  it('reads the cluster list from stdout, one per line', () => {
    expect(parseClusterList('kind\npod-course\n')).toEqual(['kind', 'pod-course']);
    expect(parseClusterList('')).toEqual([]);
    expect(parseClusterList('No kind clusters found.\n')).toEqual([]);
    expect(parseClusterList('pod-course\r\n')).toEqual(['pod-course']);
  });

  it('reads kind’s version, not Go’s', () => {
    expect(parseKindVersion('kind v0.31.0 go1.25.5 linux/amd64\n')).toEqual({
      major: 0,
      minor: 31,
      patch: 0,
    });
    expect(parseKindVersion('kind v0.27.0-alpha+abc go1.23.4 darwin/arm64')).toEqual({
      major: 0,
      minor: 27,
      patch: 0,
    });
    expect(parseKindVersion('garbage')).toBeUndefined();
  });

  it('compares versions field by field', () => {
    const min = { major: 0, minor: 31, patch: 0 };
    expect(olderThan({ major: 0, minor: 30, patch: 9 }, min)).toBe(true);
    expect(olderThan({ major: 0, minor: 31, patch: 0 }, min)).toBe(false);
    expect(olderThan({ major: 0, minor: 33, patch: 0 }, min)).toBe(false);
    expect(olderThan({ major: 1, minor: 0, patch: 0 }, min)).toBe(false);
  });
});
