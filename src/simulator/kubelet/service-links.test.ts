import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { serviceLinkVariables } from './service-links.js';

const service = (name: string, namespace: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec,
});

const KUBERNETES = service('kubernetes', 'default', {
  clusterIP: '10.96.0.1',
  ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
});
const pod = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'team' },
  spec,
});

describe('service link variables (envvars.FromServices)', () => {
  it('the kubernetes Service gives what every container has', () => {
    expect(serviceLinkVariables(pod(), KUBERNETES, [])).toEqual([
      ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
      ['KUBERNETES_SERVICE_PORT', '443'],
      ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
      ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
      ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
      ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
      ['KUBERNETES_PORT_443_TCP_PORT', '443'],
      ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
    ]);
  });

  it('adds the namespace’s Services with a ClusterIP, dashes made underscores', () => {
    const web = service('my-web', 'team', {
      clusterIP: '10.96.12.34',
      ports: [
        { port: 80, protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    });
    const headless = service('db', 'team', { clusterIP: 'None', ports: [{ port: 5432 }] });
    const vars = serviceLinkVariables(pod(), KUBERNETES, [web, headless]).slice(8);
    expect(vars).toEqual([
      ['MY_WEB_SERVICE_HOST', '10.96.12.34'],
      ['MY_WEB_SERVICE_PORT', '80'],
      ['MY_WEB_SERVICE_PORT_DNS', '53'],
      ['MY_WEB_PORT', 'tcp://10.96.12.34:80'],
      ['MY_WEB_PORT_80_TCP', 'tcp://10.96.12.34:80'],
      ['MY_WEB_PORT_80_TCP_PROTO', 'tcp'],
      ['MY_WEB_PORT_80_TCP_PORT', '80'],
      ['MY_WEB_PORT_80_TCP_ADDR', '10.96.12.34'],
      ['MY_WEB_PORT_53_UDP', 'udp://10.96.12.34:53'],
      ['MY_WEB_PORT_53_UDP_PROTO', 'udp'],
      ['MY_WEB_PORT_53_UDP_PORT', '53'],
      ['MY_WEB_PORT_53_UDP_ADDR', '10.96.12.34'],
    ]);
    // enableServiceLinks: false keeps only the kubernetes Service's.
    expect(
      serviceLinkVariables(pod({ enableServiceLinks: false }), KUBERNETES, [web]),
    ).toHaveLength(8);
  });
});
