import { describe, expect, it } from 'vitest';
import { pullImage } from './image-registry.js';
import { NoSuchUserError, resolveImageUser } from './image-user.js';
import { layerText } from './layer-text.js';

const curl = pullImage('curlimages/curl');
const files = {
  passwd: layerText(curl.layer, '/etc/passwd'),
  group: layerText(curl.layer, '/etc/group'),
};

describe('resolveImageUser (the kubelet and containerd on the image config User)', () => {
  it('resolves curlimages/curl’s curl_user by name, with its group from /etc/group', () => {
    expect(curl.config.user).toBe('curl_user');
    expect(resolveImageUser({ imageUser: curl.config.user, ...files })).toEqual({
      uid: 100,
      gid: 101,
      groups: [101],
    });
  });

  it('takes runAsUser over the image user, a passwd line’s gid or 0, runAsGroup as is', () => {
    expect(resolveImageUser({ imageUser: 'curl_user', runAsUser: 100, ...files }).gid).toBe(101);
    expect(resolveImageUser({ imageUser: 'curl_user', runAsUser: 1000, ...files })).toEqual({
      uid: 1000,
      gid: 0,
      groups: [0],
    });
    expect(
      resolveImageUser({
        imageUser: 'curl_user',
        runAsGroup: 3000,
        supplementalGroups: [2000],
        ...files,
      }),
    ).toEqual({ uid: 100, gid: 3000, groups: [101, 2000, 3000] });
  });

  it('drops the image user’s :group part, as containerd reports only the user to the kubelet', () => {
    expect(resolveImageUser({ imageUser: 'curl_user:0', ...files }).gid).toBe(101);
    expect(resolveImageUser({ imageUser: '', ...files }).uid).toBe(0);
  });

  it('refuses a name the image’s /etc/passwd does not have (containerd: no users found)', () => {
    expect(() => resolveImageUser({ imageUser: 'xyz', ...files })).toThrow(NoSuchUserError);
    expect(() => resolveImageUser({ imageUser: 'xyz', ...files })).toThrow('no users found');
    // runAsUser replaces the name, so the same image then starts.
    expect(resolveImageUser({ imageUser: 'xyz', runAsUser: 5, ...files }).uid).toBe(5);
  });
});
