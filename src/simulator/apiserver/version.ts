/**
 * `GET /version`. kubectl on many machines is a dispatcher that picks its binary from this
 * answer, so it must say 1.32: older minors fall back to SPDY-only exec.
 */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};
