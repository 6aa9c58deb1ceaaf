import type { CoreV1Event, V1Container } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { livenessKills, probeAction, probeFailures, probeOf, probePort } from './probes.js';

// As the API serves them after defaulting (httpGet.scheme HTTP, path /).
const nginx = {
  name: 'nginx',
  image: 'nginx:1.27',
  ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
  livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 3 },
  readinessProbe: { tcpSocket: { port: 'http' }, initialDelaySeconds: 15 },
} as V1Container;

const busybox = {
  name: 'liveness',
  image: 'busybox:1.36',
  livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] } },
} as V1Container;

function event(reason: string, message: string, count = 1): CoreV1Event {
  return { reason, message, count, involvedObject: { kind: 'Pod' } } as CoreV1Event;
}

describe('probes', () => {
  it('finds each kind of probe, or none', () => {
    expect(probeOf(nginx, 'liveness')?.httpGet?.port).toBe(8080);
    expect(probeOf(nginx, 'readiness')?.tcpSocket?.port).toBe('http');
    expect(probeOf(nginx, 'startup')).toBeUndefined();
    expect(probeOf(undefined, 'liveness')).toBeUndefined();
  });

  it('resolves a named port from the container ports, as the kubelet does', () => {
    expect(probePort(nginx, { tcpSocket: { port: 'http' } })).toBe(80);
    expect(probePort(nginx, { tcpSocket: { port: '8080' } })).toBe(8080);
    expect(probePort(nginx, { httpGet: { port: 8080 } })).toBe(8080);
    expect(probePort(nginx, { tcpSocket: { port: 'metrics' } })).toBeUndefined();
    expect(probePort(busybox, { exec: { command: ['true'] } })).toBeUndefined();
  });

  it("names the probe's action the way kubectl describe prints it", () => {
    expect(probeAction(nginx, nginx.livenessProbe ?? {})).toBe('http-get http://:8080/healthz');
    expect(probeAction(nginx, nginx.readinessProbe ?? {})).toBe('tcp-socket :80');
    expect(probeAction(busybox, busybox.livenessProbe ?? {})).toBe('exec [cat /tmp/healthy]');
    expect(probeAction(nginx, { httpGet: { port: 443, scheme: 'HTTPS' } })).toBe(
      'http-get https://:443/',
    );
  });

  it('counts the Unhealthy reports of one kind, aggregated repeats included', () => {
    const events = [
      event('Started', 'Started container liveness'),
      event('Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 404', 4),
      event(
        'Unhealthy',
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
        3,
      ),
    ];
    expect(probeFailures(events, 'liveness')).toEqual({
      count: 3,
      last: "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    });
    expect(probeFailures(events, 'readiness').count).toBe(4);
    expect(probeFailures(events, 'startup')).toEqual({ count: 0 });
  });

  it('tells a liveness kill from the Killing of a deletion', () => {
    const kill = event('Killing', 'Container liveness failed liveness probe, will be restarted');
    const stop = event('Killing', 'Stopping container liveness');
    expect(livenessKills([stop, kill])).toEqual([kill]);
    expect(livenessKills([stop])).toEqual([]);
  });
});
