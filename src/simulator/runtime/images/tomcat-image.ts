import { type ImageLayer, ImageLayerBuilder } from '../fs/image-layer.js';
import {
  CONTEXT_XML,
  LOGGING_PROPERTIES,
  SERVER_XML,
  TOMCAT_LIB_JARS,
  TOMCAT_USERS_XML,
} from './tomcat-files.js';

/**
 * `tomcat:<version>`: the official image, `FROM eclipse-temurin:21-jdk-noble` (Ubuntu 24.04 with
 * the Temurin JDK in /opt/java/openjdk, curl), Tomcat unpacked in /usr/local/tomcat with its
 * default webapps moved to `webapps.dist` (so `webapps/` is empty and every URL is a 404),
 * `logs/`, `temp/` and `work/` world-writable, and `ENTRYPOINT []` / `CMD ["catalina.sh","run"]`.
 */
export interface TomcatRelease {
  version: string;
  major: number;
  /** `Server built:` of the version banner. */
  built: string;
  /** The Tomcat Native library the image builds, and the APR it links. */
  native: string;
}

/** The releases the simulated registry serves, by TOMCAT_VERSION (what the program reads). */
export const TOMCAT_RELEASES: Record<string, TomcatRelease> = {
  '11.0.6': { version: '11.0.6', major: 11, built: 'Apr 1 2025 17:20:14 UTC', native: '2.0.8' },
  '10.1.40': { version: '10.1.40', major: 10, built: 'Apr 1 2025 16:34:21 UTC', native: '2.0.8' },
  '9.0.104': { version: '9.0.104', major: 9, built: 'Apr 1 2025 15:58:47 UTC', native: '1.3.1' },
};

/** Eclipse Temurin 21, as `java -version` and the VersionLoggerListener report it. */
export const TEMURIN = {
  javaVersion: 'jdk-21.0.7+6',
  runtime: '21.0.7+6-LTS',
  release: '21.0.7',
  date: '2025-04-15',
} as const;

export const CATALINA_HOME = '/usr/local/tomcat';

export function tomcatEnv(release: TomcatRelease): string[] {
  return [
    `PATH=${CATALINA_HOME}/bin:/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    'JAVA_HOME=/opt/java/openjdk',
    'LANG=en_US.UTF-8',
    'LANGUAGE=en_US:en',
    'LC_ALL=en_US.UTF-8',
    `JAVA_VERSION=${TEMURIN.javaVersion}`,
    `CATALINA_HOME=${CATALINA_HOME}`,
    `TOMCAT_NATIVE_LIBDIR=${CATALINA_HOME}/native-jni-lib`,
    `LD_LIBRARY_PATH=${CATALINA_HOME}/native-jni-lib`,
    `TOMCAT_MAJOR=${release.major}`,
    `TOMCAT_VERSION=${release.version}`,
  ];
}

const JDK_BINARIES = ['java', 'javac', 'jar', 'jshell', 'keytool', 'jcmd', 'jps', 'jstack'];
const TOMCAT_SCRIPTS = [
  'catalina.sh',
  'ciphers.sh',
  'configtest.sh',
  'daemon.sh',
  'digest.sh',
  'makebase.sh',
  'setclasspath.sh',
  'shutdown.sh',
  'startup.sh',
  'tool-wrapper.sh',
  'version.sh',
];

export function tomcatLayer(
  ubuntu: ImageLayer,
  release: TomcatRelease,
  buildTime: Date,
): ImageLayer {
  const image = new ImageLayerBuilder({ base: ubuntu, mtime: buildTime });
  for (const name of JDK_BINARIES) image.executable(`/opt/java/openjdk/bin/${name}`);
  image.file(
    '/opt/java/openjdk/release',
    `IMPLEMENTOR="Eclipse Adoptium"\nIMPLEMENTOR_VERSION="Temurin-${TEMURIN.runtime.replace('-LTS', '')}"\nJAVA_RUNTIME_VERSION="${TEMURIN.runtime}"\nJAVA_VERSION="${TEMURIN.release}"\nJAVA_VERSION_DATE="${TEMURIN.date}"\nLIBC="gnu"\nOS_ARCH="x86_64"\nOS_NAME="Linux"\n`,
  );
  // eclipse-temurin installs curl and wget "for historical reasons"; the simulator has curl.
  image.executable('/usr/bin/curl');
  const home = CATALINA_HOME;
  for (const name of TOMCAT_SCRIPTS)
    image.executable(`${home}/bin/${name}`, '#!/usr/bin/env bash\n');
  for (const jar of ['bootstrap.jar', 'commons-daemon.jar', 'tomcat-juli.jar']) {
    image.file(`${home}/bin/${jar}`);
  }
  for (const jar of TOMCAT_LIB_JARS) image.file(`${home}/lib/${jar}`);
  image.files({
    [`${home}/conf/server.xml`]: SERVER_XML,
    [`${home}/conf/logging.properties`]: LOGGING_PROPERTIES,
    [`${home}/conf/context.xml`]: CONTEXT_XML,
    [`${home}/conf/tomcat-users.xml`]: TOMCAT_USERS_XML,
    [`${home}/RELEASE-NOTES`]: `Apache Tomcat Version ${release.version}\n`,
  });
  image.dir(`${home}/conf/Catalina`);
  image.dir(`${home}/webapps`);
  for (const app of ['ROOT', 'docs', 'examples', 'host-manager', 'manager']) {
    image.dir(`${home}/webapps.dist/${app}`);
  }
  image.file(`${home}/webapps.dist/ROOT/index.jsp`);
  image.dir(`${home}/native-jni-lib`);
  image.file(`${home}/native-jni-lib/libtcnative-${release.native.startsWith('1') ? 1 : 2}.so`);
  for (const dir of ['logs', 'temp', 'work']) image.dir(`${home}/${dir}`, { mode: 0o1777 });
  return image.build();
}
