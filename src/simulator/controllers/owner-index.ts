import type { KubeObject } from '../kube-object.js';

/**
 * The garbage collector's dependency graph, reduced to what it looks up: every object's key by
 * uid, and for every owner uid the keys of the objects that name it in `ownerReferences`. Kept
 * current from the watches of every resource.
 */
export class OwnerIndex {
  private readonly keysByUid = new Map<string, string>();
  private readonly uidByKey = new Map<string, string>();
  private readonly ownersByKey = new Map<string, string[]>();
  private readonly dependentsByOwner = new Map<string, Set<string>>();

  /** Records `object` (at `key`) as it is now, or forgets it when deleted. */
  update(key: string, object: KubeObject, deleted: boolean) {
    const uid = object.metadata.uid ?? '';
    const previousUid = this.uidByKey.get(key);
    if (previousUid !== undefined && this.keysByUid.get(previousUid) === key) {
      this.keysByUid.delete(previousUid);
    }
    for (const owner of this.ownersByKey.get(key) ?? []) {
      const set = this.dependentsByOwner.get(owner);
      set?.delete(key);
      if (set?.size === 0) this.dependentsByOwner.delete(owner);
    }
    this.ownersByKey.delete(key);
    this.uidByKey.delete(key);
    if (deleted) return;
    this.keysByUid.set(uid, key);
    this.uidByKey.set(key, uid);
    const owners = (object.metadata.ownerReferences ?? []).map((ref) => ref.uid);
    if (owners.length === 0) return;
    this.ownersByKey.set(key, owners);
    for (const owner of owners) {
      let set = this.dependentsByOwner.get(owner);
      if (!set) {
        set = new Set();
        this.dependentsByOwner.set(owner, set);
      }
      set.add(key);
    }
  }

  keyOf(uid: string): string | undefined {
    return this.keysByUid.get(uid);
  }

  /** Keys of the objects that name `ownerUid` as an owner. */
  dependentsOf(ownerUid: string): string[] {
    return [...(this.dependentsByOwner.get(ownerUid) ?? [])];
  }
}
