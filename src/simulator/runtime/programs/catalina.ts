import { TEMURIN, TOMCAT_RELEASES, type TomcatRelease } from '../images/tomcat-image.js';
import type { ProcessContext } from '../process/contracts.js';
import { KERNEL } from './machine.js';
import { ADD_OPENS, runTomcat } from './tomcat-server.js';
import type { Tool } from './tool.js';

const USAGE = `Usage: catalina.sh ( commands ... )
commands:
  debug             Start Catalina in a debugger
  jpda start        Start Catalina under JPDA debugger
  run               Start Catalina in the current window
  jpda run          Start Catalina in the current window under JPDA debugger
  start             Start Catalina in a separate window
  jpda start        Start Catalina in a separate window under JPDA debugger
  stop              Stop Catalina, waiting up to 5 seconds for the process to end
  stop n            Stop Catalina, waiting up to n seconds for the process to end
  stop -force       Stop Catalina, wait up to 5 seconds and then use kill -KILL if still running
  stop n -force     Stop Catalina, wait up to n seconds and then use kill -KILL if still running
  configtest        Run a basic syntax check on server.xml - check exit code for result
  version           What version of tomcat are you running?
Note: Waiting for the process to end and use of the -force option require that $CATALINA_PID is defined
`;

function releaseOf(context: ProcessContext): TomcatRelease {
  const fallback = TOMCAT_RELEASES['11.0.6'] as TomcatRelease;
  return TOMCAT_RELEASES[context.env.TOMCAT_VERSION ?? ''] ?? fallback;
}

/**
 * `catalina.sh` of the tomcat image. `run` (the image's CMD) execs the JVM in the foreground:
 * the process becomes `java … org.apache.catalina.startup.Bootstrap start`, whose launcher
 * first notes the JDK_JAVA_OPTIONS catalina.sh set. `version` prints the version banner.
 * With a terminal on stdin the script first lists the locations it uses, as the real one does.
 * The background and debugger commands are not simulated and say so.
 */
export const catalina: Tool = async (context) => {
  const home = context.env.CATALINA_HOME ?? '/usr/local/tomcat';
  const base = context.env.CATALINA_BASE ?? home;
  const release = releaseOf(context);
  const command = context.argv[1];
  const javaOptions = `${context.env.JDK_JAVA_OPTIONS ?? ''} ${ADD_OPENS.join(' ')}`;
  const classpath = `${home}/bin/bootstrap.jar:${home}/bin/tomcat-juli.jar`;
  if (
    command === undefined ||
    !['run', 'version', 'start', 'stop', 'configtest', 'debug', 'jpda'].includes(command)
  ) {
    await context.stdout.write(USAGE);
    return 1;
  }
  if (context.stdin.terminal) {
    await context.stdout.write(
      `Using CATALINA_BASE:   ${base}\nUsing CATALINA_HOME:   ${home}\nUsing CATALINA_TMPDIR: ${base}/temp\nUsing JRE_HOME:        ${context.env.JAVA_HOME ?? '/opt/java/openjdk'}\nUsing CLASSPATH:       ${classpath}\nUsing CATALINA_OPTS:   ${context.env.CATALINA_OPTS ?? ''}\n`,
    );
  }
  // The java launcher announces the options it picked up from the environment.
  await context.stderr.write(`NOTE: Picked up JDK_JAVA_OPTIONS: ${javaOptions}\n`);
  if (command === 'version') {
    await context.stdout.write(
      `Server version: Apache Tomcat/${release.version}\nServer built:   ${release.built}\nServer number:  ${release.version}.0\nOS Name:        Linux\nOS Version:     ${KERNEL.release}\nArchitecture:   amd64\nJVM Version:    ${TEMURIN.runtime}\nJVM Vendor:     Eclipse Adoptium\n`,
    );
    return 0;
  }
  if (command !== 'run') {
    await context.stderr.write(
      `catalina.sh: '${command}' is not simulated here; the image runs 'catalina.sh run' in the foreground\n`,
    );
    return 1;
  }
  context.setTitle(
    `/opt/java/openjdk/bin/java -Djava.util.logging.config.file=${base}/conf/logging.properties -Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager -Djdk.tls.ephemeralDHKeySize=2048 -Djava.protocol.handler.pkgs=org.apache.catalina.webresources -Dorg.apache.catalina.security.SecurityListener.UMASK=0027 -classpath ${classpath} -Dcatalina.base=${base} -Dcatalina.home=${home} -Djava.io.tmpdir=${base}/temp org.apache.catalina.startup.Bootstrap start`,
  );
  return runTomcat(context, release, home, base);
};

/**
 * The Temurin JDK's `java`: `-version` (stderr) and `--version` (stdout) report the runtime;
 * running a class or a jar is beyond the simulation and says so.
 */
export const java: Tool = async (context) => {
  const args = context.argv.slice(1);
  const runtime = TEMURIN.runtime;
  const vm = `OpenJDK Runtime Environment Temurin-${runtime.replace('-LTS', '')} (build ${runtime})\nOpenJDK 64-Bit Server VM Temurin-${runtime.replace('-LTS', '')} (build ${runtime}, mixed mode, sharing)\n`;
  if (args[0] === '-version') {
    await context.stderr.write(`openjdk version "${TEMURIN.release}" ${TEMURIN.date} LTS\n${vm}`);
    return 0;
  }
  if (args[0] === '--version') {
    await context.stdout.write(`openjdk ${TEMURIN.release} ${TEMURIN.date} LTS\n${vm}`);
    return 0;
  }
  if (args.length === 0) {
    await context.stderr.write(
      'Usage: java [options] <mainclass> [args...]\n           (to execute a class)\n   or  java [options] -jar <jarfile> [args...]\n           (to execute a jar file)\n',
    );
    return 1;
  }
  await context.stderr.write('java: the simulator runs no Java programs (java -version works)\n');
  return 1;
};
