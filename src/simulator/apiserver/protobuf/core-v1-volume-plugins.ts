/**
 * core/v1 volume sources for storage plugins (in-tree cloud disks, network filesystems, CSI,
 * FlexVolume): rare in lessons, decoded so a pod template never loses a field.
 * Numbers from `k8s.io/api/core/v1/generated.proto` (Kubernetes 1.32).
 */

import { LocalObjectReference } from './core-v1-objects.js';
import { mapOf, message } from './schema.js';

export const AWSElasticBlockStoreVolumeSource = message(
  'core.v1.AWSElasticBlockStoreVolumeSource',
  [
    [1, 'volumeID', 'string', 'req'],
    [2, 'fsType', 'string'],
    [3, 'partition', 'int32'],
    [4, 'readOnly', 'bool'],
  ],
);

export const AzureDiskVolumeSource = message('core.v1.AzureDiskVolumeSource', [
  [1, 'diskName', 'string', 'req'],
  [2, 'diskURI', 'string', 'req'],
  [3, 'cachingMode', 'string', 'ptr'],
  [4, 'fsType', 'string', 'ptr'],
  [5, 'readOnly', 'bool', 'ptr'],
  [6, 'kind', 'string', 'ptr'],
]);

export const AzureFileVolumeSource = message('core.v1.AzureFileVolumeSource', [
  [1, 'secretName', 'string', 'req'],
  [2, 'shareName', 'string', 'req'],
  [3, 'readOnly', 'bool'],
]);

export const CephFSVolumeSource = message('core.v1.CephFSVolumeSource', [
  [1, 'monitors', 'string', 'rep', 'req'],
  [2, 'path', 'string'],
  [3, 'user', 'string'],
  [4, 'secretFile', 'string'],
  [5, 'secretRef', () => LocalObjectReference, 'ptr'],
  [6, 'readOnly', 'bool'],
]);

export const CinderVolumeSource = message('core.v1.CinderVolumeSource', [
  [1, 'volumeID', 'string', 'req'],
  [2, 'fsType', 'string'],
  [3, 'readOnly', 'bool'],
  [4, 'secretRef', () => LocalObjectReference, 'ptr'],
]);

export const CSIVolumeSource = message('core.v1.CSIVolumeSource', [
  [1, 'driver', 'string', 'req'],
  [2, 'readOnly', 'bool', 'ptr'],
  [3, 'fsType', 'string', 'ptr'],
  [4, 'volumeAttributes', mapOf('string')],
  [5, 'nodePublishSecretRef', () => LocalObjectReference, 'ptr'],
]);

export const FCVolumeSource = message('core.v1.FCVolumeSource', [
  [1, 'targetWWNs', 'string', 'rep'],
  [2, 'lun', 'int32', 'ptr'],
  [3, 'fsType', 'string'],
  [4, 'readOnly', 'bool'],
  [5, 'wwids', 'string', 'rep'],
]);

export const FlexVolumeSource = message('core.v1.FlexVolumeSource', [
  [1, 'driver', 'string', 'req'],
  [2, 'fsType', 'string'],
  [3, 'secretRef', () => LocalObjectReference, 'ptr'],
  [4, 'readOnly', 'bool'],
  [5, 'options', mapOf('string')],
]);

export const FlockerVolumeSource = message('core.v1.FlockerVolumeSource', [
  [1, 'datasetName', 'string'],
  [2, 'datasetUUID', 'string'],
]);

export const GCEPersistentDiskVolumeSource = message('core.v1.GCEPersistentDiskVolumeSource', [
  [1, 'pdName', 'string', 'req'],
  [2, 'fsType', 'string'],
  [3, 'partition', 'int32'],
  [4, 'readOnly', 'bool'],
]);

export const GitRepoVolumeSource = message('core.v1.GitRepoVolumeSource', [
  [1, 'repository', 'string', 'req'],
  [2, 'revision', 'string'],
  [3, 'directory', 'string'],
]);

export const GlusterfsVolumeSource = message('core.v1.GlusterfsVolumeSource', [
  [1, 'endpoints', 'string', 'req'],
  [2, 'path', 'string', 'req'],
  [3, 'readOnly', 'bool'],
]);

export const ISCSIVolumeSource = message('core.v1.ISCSIVolumeSource', [
  [1, 'targetPortal', 'string', 'req'],
  [2, 'iqn', 'string', 'req'],
  [3, 'lun', 'int32', 'req'],
  [4, 'iscsiInterface', 'string'],
  [5, 'fsType', 'string'],
  [6, 'readOnly', 'bool'],
  [7, 'portals', 'string', 'rep'],
  [8, 'chapAuthDiscovery', 'bool'],
  [11, 'chapAuthSession', 'bool'],
  [10, 'secretRef', () => LocalObjectReference, 'ptr'],
  [12, 'initiatorName', 'string', 'ptr'],
]);

export const NFSVolumeSource = message('core.v1.NFSVolumeSource', [
  [1, 'server', 'string', 'req'],
  [2, 'path', 'string', 'req'],
  [3, 'readOnly', 'bool'],
]);

export const PhotonPersistentDiskVolumeSource = message(
  'core.v1.PhotonPersistentDiskVolumeSource',
  [
    [1, 'pdID', 'string', 'req'],
    [2, 'fsType', 'string'],
  ],
);

export const PortworxVolumeSource = message('core.v1.PortworxVolumeSource', [
  [1, 'volumeID', 'string', 'req'],
  [2, 'fsType', 'string'],
  [3, 'readOnly', 'bool'],
]);

export const QuobyteVolumeSource = message('core.v1.QuobyteVolumeSource', [
  [1, 'registry', 'string', 'req'],
  [2, 'volume', 'string', 'req'],
  [3, 'readOnly', 'bool'],
  [4, 'user', 'string'],
  [5, 'group', 'string'],
  [6, 'tenant', 'string'],
]);

export const RBDVolumeSource = message('core.v1.RBDVolumeSource', [
  [1, 'monitors', 'string', 'rep', 'req'],
  [2, 'image', 'string', 'req'],
  [3, 'fsType', 'string'],
  [4, 'pool', 'string'],
  [5, 'user', 'string'],
  [6, 'keyring', 'string'],
  [7, 'secretRef', () => LocalObjectReference, 'ptr'],
  [8, 'readOnly', 'bool'],
]);

export const ScaleIOVolumeSource = message('core.v1.ScaleIOVolumeSource', [
  [1, 'gateway', 'string', 'req'],
  [2, 'system', 'string', 'req'],
  [3, 'secretRef', () => LocalObjectReference, 'ptr', 'req'],
  [4, 'sslEnabled', 'bool'],
  [5, 'protectionDomain', 'string'],
  [6, 'storagePool', 'string'],
  [7, 'storageMode', 'string'],
  [8, 'volumeName', 'string'],
  [9, 'fsType', 'string'],
  [10, 'readOnly', 'bool'],
]);

export const StorageOSVolumeSource = message('core.v1.StorageOSVolumeSource', [
  [1, 'volumeName', 'string'],
  [2, 'volumeNamespace', 'string'],
  [3, 'fsType', 'string'],
  [4, 'readOnly', 'bool'],
  [5, 'secretRef', () => LocalObjectReference, 'ptr'],
]);

export const VsphereVirtualDiskVolumeSource = message('core.v1.VsphereVirtualDiskVolumeSource', [
  [1, 'volumePath', 'string', 'req'],
  [2, 'fsType', 'string'],
  [3, 'storagePolicyName', 'string'],
  [4, 'storagePolicyID', 'string'],
]);
