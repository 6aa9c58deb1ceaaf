/**
 * The few facts nginx reads from its configuration: the port it listens on, the document root
 * and index names, worker count, pid file. Not a full parser: enough for the image's files
 * and the edits a learner makes to them (another port, another root).
 */
export interface NginxSettings {
  ports: number[];
  root: string;
  index: string[];
  workers: number;
  pidFile: string;
  serverName: string;
  /** The `user` directive: whom the workers run as (the image's build default: nginx). */
  user: string;
}

export const NGINX_DEFAULTS: NginxSettings = {
  ports: [80],
  root: '/usr/share/nginx/html',
  index: ['index.html'],
  workers: 2,
  pidFile: '/var/run/nginx.pid',
  serverName: 'localhost',
  user: 'nginx',
};

/** Reads `nginx.conf` plus every `conf.d/*.conf` text given. */
export function readNginxSettings(
  mainConf: string,
  servers: string[],
  cpus: number,
): NginxSettings {
  const settings: NginxSettings = { ...NGINX_DEFAULTS, ports: [], workers: cpus };
  const strip = (text: string) => text.replace(/#.*$/gm, '');
  const main = strip(mainConf);
  const workers = /^\s*worker_processes\s+(\w+)\s*;/m.exec(main)?.[1];
  if (workers && workers !== 'auto') settings.workers = Number(workers) || cpus;
  const pid = /^\s*pid\s+(\S+)\s*;/m.exec(main)?.[1];
  if (pid) settings.pidFile = pid;
  const user = /^\s*user\s+([^\s;]+)[^;]*;/m.exec(main)?.[1];
  if (user) settings.user = user;
  for (const server of [main, ...servers.map(strip)]) {
    for (const match of server.matchAll(/^\s*listen\s+(?:[\d.]+:)?(\d+)[^;]*;/gm)) {
      const port = Number(match[1]);
      if (!settings.ports.includes(port)) settings.ports.push(port);
    }
    const root = /^\s*root\s+(\S+)\s*;/m.exec(server)?.[1];
    if (root) settings.root = root;
    const index = /^\s*index\s+([^;]+);/m.exec(server)?.[1];
    if (index) settings.index = index.trim().split(/\s+/);
    const name = /^\s*server_name\s+(\S+)\s*;/m.exec(server)?.[1];
    if (name) settings.serverName = name;
  }
  if (settings.ports.length === 0) settings.ports = [80];
  return settings;
}
