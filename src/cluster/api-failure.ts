import type { LocalizedText } from '../course/localized-text.js';

/**
 * The cluster answered with an error Status (404, 409, 422, …): kept as the cluster said it,
 * because that text is what a learner would see from kubectl on a real cluster.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/**
 * The cluster could not be reached at all (refused, TLS, DNS, timeout): the CLI turns this into
 * one clear message and exit code 3, never a stack trace.
 */
export class ClusterUnreachable extends Error {
  constructor(
    readonly server: string,
    readonly detail: string,
  ) {
    super(`cannot reach the cluster at ${server}: ${detail}`);
  }

  text(): LocalizedText {
    return {
      en: `Cannot reach the cluster at ${this.server}: ${this.detail}`,
      zh: `无法连接集群 ${this.server}:${this.detail}`,
    };
  }
}
