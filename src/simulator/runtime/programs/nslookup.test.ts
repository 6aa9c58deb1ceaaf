import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { nslookup } from './nslookup.js';
import { LoopbackNetwork, run, World } from './programs.test-support.js';
import { BUSYBOX_BANNER, bindTool } from './tool.js';

/** CoreDNS of a cluster with the `kubernetes` Service and a headless `db` in `default`. */
class ClusterNetwork extends LoopbackNetwork {
  readonly asked: string[] = [];
  async lookup(server: string, name: string): Promise<string[]> {
    this.asked.push(`${server} ${name}`);
    if (server !== '10.96.0.10') return [];
    const records: Record<string, string[]> = {
      'kubernetes.default.svc.cluster.local': ['10.96.0.1'],
      'db.default.svc.cluster.local': ['10.244.1.7', '10.244.2.9'],
      '10-244-1-5.default.pod.cluster.local': ['10.244.1.5'],
    };
    return records[name.toLowerCase()] ?? [];
  }
}

const RESOLV =
  'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
const HEADER = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';

function pod() {
  const network = new ClusterNetwork();
  const w = new World({ image: pullImage('busybox:1.36').layer, network });
  w.fs.writeFile('/etc/resolv.conf', RESOLV);
  return { w, network };
}

const tool = bindTool(nslookup, 'busybox');

describe('busybox nslookup', () => {
  it('answers a full name with its A record and an empty AAAA answer', async () => {
    const { w } = pod();
    expect(await run(w, tool, ['nslookup', 'kubernetes.default.svc.cluster.local'])).toEqual({
      status: 0,
      stdout: `${HEADER}Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n\n`,
      stderr: '',
    });
  });

  it('tries every search domain for a name without dots, each miss an NXDOMAIN', async () => {
    const { w } = pod();
    const result = await run(w, tool, ['nslookup', 'kubernetes']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      `${HEADER}Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n` +
        "** server can't find kubernetes.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find kubernetes.cluster.local: NXDOMAIN\n\n" +
        '\n' +
        "** server can't find kubernetes.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find kubernetes.cluster.local: NXDOMAIN\n\n",
    );
  });

  it('asks for a dotted name as it is: kubernetes.default is not found', async () => {
    const { w, network } = pod();
    const result = await run(w, tool, ['nslookup', 'kubernetes.default']);
    expect(result).toEqual({
      status: 1,
      stdout: `${HEADER}** server can't find kubernetes.default: NXDOMAIN\n\n** server can't find kubernetes.default: NXDOMAIN\n\n`,
      stderr: '',
    });
    expect(network.asked).toEqual([
      '10.96.0.10 kubernetes.default',
      '10.96.0.10 kubernetes.default',
    ]);
  });

  it('lists every address of a headless Service, answers pod names, honours -type and a server', async () => {
    const { w } = pod();
    const headless = await run(w, tool, ['nslookup', '-type=a', 'db.default.svc.cluster.local']);
    expect(headless.stdout).toBe(
      `${HEADER}Name:\tdb.default.svc.cluster.local\nAddress: 10.244.1.7\nName:\tdb.default.svc.cluster.local\nAddress: 10.244.2.9\n\n`,
    );
    const podName = await run(w, tool, [
      'nslookup',
      '10-244-1-5.default.pod.cluster.local',
      '10.96.0.10',
    ]);
    expect(podName.stdout).toContain(
      'Name:\t10-244-1-5.default.pod.cluster.local\nAddress: 10.244.1.5\n',
    );
  });

  it('explains its usage and rejects a query type it does not know', async () => {
    const { w } = pod();
    expect(await run(w, tool, ['nslookup'])).toEqual({
      status: 1,
      stdout: '',
      stderr: `${BUSYBOX_BANNER}\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n`,
    });
    expect(await run(w, tool, ['nslookup', '-type=xyz', 'a'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'nslookup: invalid query type "xyz"\n',
    });
  });
});
