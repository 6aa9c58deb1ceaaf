import {
  type Credentials,
  groupSet,
  memberGroups,
  parseGroup,
  parsePasswd,
} from '../programs/credentials.js';

/**
 * Who a container's processes run as, decided as the kubelet and containerd's CRI plugin do:
 *
 * - the kubelet asks the image for its user — a uid when the part before `:` is numeric, else
 *   the name (the `:group` part is dropped) — and sends `runAsUser` (pod or container
 *   securityContext) instead when one is set, with `runAsGroup` after a `:`;
 * - containerd's WithUser resolves that against the image's /etc/passwd and /etc/group: a name
 *   must be there (else the container is never created), a uid alone takes its passwd line's
 *   gid or 0, `uid:gid` is taken as is;
 * - WithAdditionalGIDs adds the primary gid and the groups listing the user, then the pod's
 *   supplementalGroups and fsGroup, sorted without repeats.
 */
export interface UserRequest {
  /** The image config's `User` (`name`, `uid`, `name:group`, `uid:gid`, or empty for root). */
  imageUser: string;
  runAsUser?: number;
  runAsGroup?: number;
  /** The pod's supplementalGroups, with fsGroup (the kubelet adds it to the list). */
  supplementalGroups?: number[];
  passwd: string;
  group: string;
}

/** containerd's refusal when the user name is not in the image's /etc/passwd. */
export class NoSuchUserError extends Error {}

export function resolveImageUser(request: UserRequest): Credentials {
  const users = parsePasswd(request.passwd);
  const groups = parseGroup(request.group);
  const imagePart = request.imageUser.split(':')[0] ?? '';
  // The kubelet's default when the image names none is uid 0, so there is always a user.
  const user =
    request.runAsUser !== undefined
      ? String(request.runAsUser)
      : imagePart === ''
        ? '0'
        : imagePart;
  let uid: number;
  let gid: number;
  if (/^\d+$/.test(user)) {
    uid = Number(user);
    gid = request.runAsGroup ?? users.find((u) => u.uid === uid)?.gid ?? 0;
  } else {
    const entry = users.find((u) => u.name === user);
    if (!entry) throw new NoSuchUserError('no users found');
    uid = entry.uid;
    gid = request.runAsGroup ?? entry.gid;
  }
  // WithAdditionalGIDs looks a uid's name up; a uid passwd does not name has no member groups.
  const name = /^\d+$/.test(user) ? users.find((u) => u.uid === uid)?.name : user;
  const listed = name === undefined ? [gid] : memberGroups(name, gid, groups);
  return { uid, gid, groups: groupSet([...listed, ...(request.supplementalGroups ?? [])]) };
}
