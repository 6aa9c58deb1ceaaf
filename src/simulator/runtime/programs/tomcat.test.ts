import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { catalina, java } from './catalina.js';
import { curl } from './curl.js';
import { text } from './io.js';
import { Collector, run, World } from './programs.test-support.js';
import { bindTool } from './tool.js';

function tomcatWorld(reference = 'tomcat:11') {
  const image = pullImage(reference);
  const env = Object.fromEntries(
    image.config.env.map((entry) => entry.split(/=(.*)/s).slice(0, 2)),
  );
  const world = new World({ image: image.layer });
  const stdout = new Collector();
  const stderr = new Collector();
  const handle = world.start(bindTool(catalina, 'gnu'), ['catalina.sh', 'run'], {
    stdout,
    stderr,
    env,
    cwd: '/usr/local/tomcat',
  });
  return { world, handle, stdout, stderr };
}

const logs = (world: World) => world.fs.readdir('/usr/local/tomcat/logs').sort();
const readLog = (world: World, name: string) =>
  text(world.fs.readFile(`/usr/local/tomcat/logs/${name}`));

describe('tomcat (catalina.sh run)', () => {
  it('opens its log files at once and logs its startup to the console and catalina.<date>.log', async () => {
    const { world, stderr } = tomcatWorld();
    await world.clock.advance(0);
    // JULI's file handlers open their files before the first record.
    expect(logs(world)).toEqual([
      'catalina.2024-05-14.log',
      'host-manager.2024-05-14.log',
      'localhost.2024-05-14.log',
      'manager.2024-05-14.log',
    ]);
    expect(stderr.text).toBe(
      'NOTE: Picked up JDK_JAVA_OPTIONS:  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED\n',
    );
    await world.clock.advance(2000);
    const console = stderr.text.split('\n');
    expect(console[1]).toBe(
      '14-May-2024 10:21:33.380 INFO [main] org.apache.catalina.startup.VersionLoggerListener.log Server version name:   Apache Tomcat/11.0.6',
    );
    expect(console).toContain(
      '14-May-2024 10:21:33.680 INFO [main] org.apache.coyote.AbstractProtocol.init Initializing ProtocolHandler ["http-nio-8080"]',
    );
    expect(console).toContain(
      '14-May-2024 10:21:33.770 INFO [main] org.apache.catalina.startup.Catalina.load Server initialization in [390] milliseconds',
    );
    expect(console.at(-2)).toBe(
      '14-May-2024 10:21:33.823 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [53] milliseconds',
    );
    // The file gets every record the console does, the launcher's NOTE aside.
    expect(readLog(world, 'catalina.2024-05-14.log')).toBe(console.slice(1).join('\n'));
    expect(logs(world)).toContain('localhost_access_log.2024-05-14.txt');
  });

  it('answers every URL with its 404 page and logs the request once the valve flushes', async () => {
    const { world } = tomcatWorld('tomcat:10.1');
    await world.clock.advance(2000);
    const page = await run(world, bindTool(curl, 'gnu'), ['curl', '-si', 'localhost:8080/']);
    expect(page.stdout).toContain('HTTP/1.1 404 Not Found\r\n');
    expect(page.stdout).toContain('content-type: text/html;charset=utf-8\r\n');
    expect(page.stdout).toContain(
      '<h1>HTTP Status 404 – Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p><hr class="line" /><h3>Apache Tomcat/10.1.40</h3></body></html>',
    );
    expect(readLog(world, 'localhost_access_log.2024-05-14.txt')).toBe('');
    await world.clock.advance(10_000);
    expect(readLog(world, 'localhost_access_log.2024-05-14.txt')).toMatch(
      /^127\.0\.0\.1 - - \[14\/May\/2024:10:21:35 \+0000\] "GET \/ HTTP\/1\.1" 404 \d+\n$/,
    );
  });

  it('stops gracefully on SIGTERM with the JVM status 143', async () => {
    const { world, handle, stderr } = tomcatWorld('tomcat:9');
    await world.clock.advance(2000);
    expect(stderr.text).toContain(
      'APR/OpenSSL configuration: useAprConnector [false], useOpenSSL [true]',
    );
    world.kill(handle.pid, 'SIGTERM');
    expect(await handle.exit).toBe(143);
    const tail = stderr.text.trimEnd().split('\n').slice(-4);
    expect(tail.map((line) => line.slice(25))).toEqual([
      'INFO [Thread-1] org.apache.coyote.AbstractProtocol.pause Pausing ProtocolHandler ["http-nio-8080"]',
      'INFO [Thread-1] org.apache.catalina.core.StandardService.stopInternal Stopping service [Catalina]',
      'INFO [Thread-1] org.apache.coyote.AbstractProtocol.stop Stopping ProtocolHandler ["http-nio-8080"]',
      'INFO [Thread-1] org.apache.coyote.AbstractProtocol.destroy Destroying ProtocolHandler ["http-nio-8080"]',
    ]);
    const refused = await run(world, bindTool(curl, 'gnu'), ['curl', '-s', 'localhost:8080']);
    expect(refused.status).toBe(7);
  });

  it('catalina.sh version and java -version describe the image', async () => {
    const image = pullImage('tomcat');
    const env = Object.fromEntries(
      image.config.env.map((entry) => entry.split(/=(.*)/s).slice(0, 2)),
    );
    const world = new World({ image: image.layer });
    const version = await run(world, bindTool(catalina, 'gnu'), ['catalina.sh', 'version'], {
      env,
    });
    expect(version.stdout).toContain('Server version: Apache Tomcat/11.0.6\n');
    expect(version.stdout).toContain('JVM Vendor:     Eclipse Adoptium\n');
    const javaVersion = await run(world, bindTool(java, 'gnu'), ['java', '-version'], { env });
    expect(javaVersion.stderr).toBe(
      'openjdk version "21.0.7" 2025-04-15 LTS\nOpenJDK Runtime Environment Temurin-21.0.7+6 (build 21.0.7+6-LTS)\nOpenJDK 64-Bit Server VM Temurin-21.0.7+6 (build 21.0.7+6-LTS, mixed mode, sharing)\n',
    );
  });
});
