import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collect, readyLine, spawnCli } from '../support/cli-process.js';

interface Endpoint {
  url: string;
  token: string;
  agent: Agent;
}

function call(endpoint: Endpoint, method: string, path: string, body?: unknown) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${endpoint.url}${path}`,
      {
        method,
        agent: endpoint.agent,
        rejectUnauthorized: false,
        headers: {
          Authorization: `Bearer ${endpoint.token}`,
          ...(data ? { 'Content-Type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function endpointOf(ready: { url: string; kubeconfig: string }): Promise<Endpoint> {
  const token = parse(await readFile(ready.kubeconfig, 'utf8')).users[0].user.token as string;
  return { url: ready.url, token, agent: new Agent({ keepAlive: true, maxSockets: 16 }) };
}

describe('durability: sim serve killed with SIGKILL under load', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-durable-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loses nothing it acknowledged, over several kills', async () => {
    const state = join(dir, 'state');
    const acknowledged = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const child = spawnCli(['sim', 'serve', '--json', '--state', state]);
      const endpoint = await endpointOf(await readyLine(child));
      // Everything acknowledged in earlier rounds survived the previous kill.
      const listed = await call(endpoint, 'GET', '/api/v1/namespaces/default/configmaps');
      const names = new Set(
        (JSON.parse(listed.body).items as { metadata: { name: string } }[]).map(
          (i) => i.metadata.name,
        ),
      );
      for (const name of acknowledged)
        expect(names.has(name), `${name} lost after round ${round}`).toBe(true);

      // 16 writers create objects as fast as they can; the process is killed mid-flight.
      let stop = false;
      const killAfter = 150 + round * 100;
      const writers = Array.from({ length: 16 }, async (_, w) => {
        for (let i = 0; !stop; i++) {
          const name = `r${round}-w${w}-${i}`;
          try {
            const res = await call(endpoint, 'POST', '/api/v1/namespaces/default/configmaps', {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name },
              data: { round: String(round), payload: 'x'.repeat(200) },
            });
            if (res.status === 201) acknowledged.add(name);
          } catch {
            return; // the connection died with the process
          }
          if (acknowledged.size >= killAfter * (round + 1) && !stop) {
            stop = true;
            child.kill('SIGKILL');
          }
        }
      });
      await Promise.all(writers);
      const exit = await collect(child);
      expect(exit.signal).toBe('SIGKILL');
      endpoint.agent.destroy();
    }
    const last = spawnCli(['sim', 'serve', '--json', '--state', state]);
    const endpoint = await endpointOf(await readyLine(last));
    const listed = await call(endpoint, 'GET', '/api/v1/namespaces/default/configmaps');
    const names = new Set(
      (JSON.parse(listed.body).items as { metadata: { name: string } }[]).map(
        (i) => i.metadata.name,
      ),
    );
    const missing = [...acknowledged].filter((n) => !names.has(n));
    expect(missing).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(0);
    endpoint.agent.destroy();
    last.kill('SIGTERM');
    expect((await collect(last)).code).toBe(0);
  });
});
