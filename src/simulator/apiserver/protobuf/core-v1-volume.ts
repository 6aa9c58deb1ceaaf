/**
 * core/v1 pod Volume and its everyday sources (emptyDir, hostPath, configMap, secret,
 * projected, downwardAPI, PVC, ephemeral, image); storage plugins are in
 * core-v1-volume-plugins. Numbers from `k8s.io/api/core/v1/generated.proto` (1.32).
 */

import { ObjectFieldSelector, ResourceFieldSelector } from './core-v1-container.js';
import { LocalObjectReference } from './core-v1-objects.js';
import {
  AWSElasticBlockStoreVolumeSource,
  AzureDiskVolumeSource,
  AzureFileVolumeSource,
  CephFSVolumeSource,
  CinderVolumeSource,
  CSIVolumeSource,
  FCVolumeSource,
  FlexVolumeSource,
  FlockerVolumeSource,
  GCEPersistentDiskVolumeSource,
  GitRepoVolumeSource,
  GlusterfsVolumeSource,
  ISCSIVolumeSource,
  NFSVolumeSource,
  PhotonPersistentDiskVolumeSource,
  PortworxVolumeSource,
  QuobyteVolumeSource,
  RBDVolumeSource,
  ScaleIOVolumeSource,
  StorageOSVolumeSource,
  VsphereVirtualDiskVolumeSource,
} from './core-v1-volume-plugins.js';
import { LabelSelector, ObjectMeta } from './meta-v1.js';
import { mapOf, message } from './schema.js';

export const ClusterTrustBundleProjection = message('core.v1.ClusterTrustBundleProjection', [
  [1, 'name', 'string', 'ptr'],
  [2, 'signerName', 'string', 'ptr'],
  [3, 'labelSelector', () => LabelSelector, 'ptr'],
  [5, 'optional', 'bool', 'ptr'],
  [4, 'path', 'string', 'req'],
]);

export const ConfigMapProjection = message('core.v1.ConfigMapProjection', [
  [1, '', () => LocalObjectReference, 'inline'],
  [2, 'items', () => KeyToPath, 'rep'],
  [4, 'optional', 'bool', 'ptr'],
]);

export const ConfigMapVolumeSource = message('core.v1.ConfigMapVolumeSource', [
  [1, '', () => LocalObjectReference, 'inline'],
  [2, 'items', () => KeyToPath, 'rep'],
  [3, 'defaultMode', 'int32', 'ptr'],
  [4, 'optional', 'bool', 'ptr'],
]);

export const DownwardAPIProjection = message('core.v1.DownwardAPIProjection', [
  [1, 'items', () => DownwardAPIVolumeFile, 'rep'],
]);

export const DownwardAPIVolumeFile = message('core.v1.DownwardAPIVolumeFile', [
  [1, 'path', 'string', 'req'],
  [2, 'fieldRef', () => ObjectFieldSelector, 'ptr'],
  [3, 'resourceFieldRef', () => ResourceFieldSelector, 'ptr'],
  [4, 'mode', 'int32', 'ptr'],
]);

export const DownwardAPIVolumeSource = message('core.v1.DownwardAPIVolumeSource', [
  [1, 'items', () => DownwardAPIVolumeFile, 'rep'],
  [2, 'defaultMode', 'int32', 'ptr'],
]);

export const EmptyDirVolumeSource = message('core.v1.EmptyDirVolumeSource', [
  [1, 'medium', 'string'],
  [2, 'sizeLimit', 'quantity', 'ptr'],
]);

export const EphemeralVolumeSource = message('core.v1.EphemeralVolumeSource', [
  [1, 'volumeClaimTemplate', () => PersistentVolumeClaimTemplate, 'ptr'],
]);

export const HostPathVolumeSource = message('core.v1.HostPathVolumeSource', [
  [1, 'path', 'string', 'req'],
  [2, 'type', 'string', 'ptr'],
]);

export const ImageVolumeSource = message('core.v1.ImageVolumeSource', [
  [1, 'reference', 'string'],
  [2, 'pullPolicy', 'string'],
]);

export const KeyToPath = message('core.v1.KeyToPath', [
  [1, 'key', 'string', 'req'],
  [2, 'path', 'string', 'req'],
  [3, 'mode', 'int32', 'ptr'],
]);

export const PersistentVolumeClaimSpec = message('core.v1.PersistentVolumeClaimSpec', [
  [1, 'accessModes', 'string', 'rep'],
  [4, 'selector', () => LabelSelector, 'ptr'],
  [2, 'resources', () => VolumeResourceRequirements],
  [3, 'volumeName', 'string'],
  [5, 'storageClassName', 'string', 'ptr'],
  [6, 'volumeMode', 'string', 'ptr'],
  [7, 'dataSource', () => TypedLocalObjectReference, 'ptr'],
  [8, 'dataSourceRef', () => TypedObjectReference, 'ptr'],
  [9, 'volumeAttributesClassName', 'string', 'ptr'],
]);

export const PersistentVolumeClaimTemplate = message('core.v1.PersistentVolumeClaimTemplate', [
  [1, 'metadata', () => ObjectMeta],
  [2, 'spec', () => PersistentVolumeClaimSpec],
]);

export const PersistentVolumeClaimVolumeSource = message(
  'core.v1.PersistentVolumeClaimVolumeSource',
  [
    [1, 'claimName', 'string', 'req'],
    [2, 'readOnly', 'bool'],
  ],
);

export const ProjectedVolumeSource = message('core.v1.ProjectedVolumeSource', [
  [1, 'sources', () => VolumeProjection, 'rep', 'req'],
  [2, 'defaultMode', 'int32', 'ptr'],
]);

export const SecretProjection = message('core.v1.SecretProjection', [
  [1, '', () => LocalObjectReference, 'inline'],
  [2, 'items', () => KeyToPath, 'rep'],
  [4, 'optional', 'bool', 'ptr'],
]);

export const SecretVolumeSource = message('core.v1.SecretVolumeSource', [
  [1, 'secretName', 'string'],
  [2, 'items', () => KeyToPath, 'rep'],
  [3, 'defaultMode', 'int32', 'ptr'],
  [4, 'optional', 'bool', 'ptr'],
]);

export const ServiceAccountTokenProjection = message('core.v1.ServiceAccountTokenProjection', [
  [1, 'audience', 'string'],
  [2, 'expirationSeconds', 'int64', 'ptr'],
  [3, 'path', 'string', 'req'],
]);

export const TypedLocalObjectReference = message('core.v1.TypedLocalObjectReference', [
  [1, 'apiGroup', 'string', 'ptr', 'req'],
  [2, 'kind', 'string', 'req'],
  [3, 'name', 'string', 'req'],
]);

export const TypedObjectReference = message('core.v1.TypedObjectReference', [
  [1, 'apiGroup', 'string', 'ptr', 'req'],
  [2, 'kind', 'string', 'req'],
  [3, 'name', 'string', 'req'],
  [4, 'namespace', 'string', 'ptr'],
]);

export const Volume = message('core.v1.Volume', [
  [1, 'name', 'string', 'req'],
  [2, '', () => VolumeSource, 'inline'],
]);

export const VolumeProjection = message('core.v1.VolumeProjection', [
  [1, 'secret', () => SecretProjection, 'ptr'],
  [2, 'downwardAPI', () => DownwardAPIProjection, 'ptr'],
  [3, 'configMap', () => ConfigMapProjection, 'ptr'],
  [4, 'serviceAccountToken', () => ServiceAccountTokenProjection, 'ptr'],
  [5, 'clusterTrustBundle', () => ClusterTrustBundleProjection, 'ptr'],
]);

export const VolumeResourceRequirements = message('core.v1.VolumeResourceRequirements', [
  [1, 'limits', mapOf('quantity')],
  [2, 'requests', mapOf('quantity')],
]);

export const VolumeSource = message('core.v1.VolumeSource', [
  [1, 'hostPath', () => HostPathVolumeSource, 'ptr'],
  [2, 'emptyDir', () => EmptyDirVolumeSource, 'ptr'],
  [3, 'gcePersistentDisk', () => GCEPersistentDiskVolumeSource, 'ptr'],
  [4, 'awsElasticBlockStore', () => AWSElasticBlockStoreVolumeSource, 'ptr'],
  [5, 'gitRepo', () => GitRepoVolumeSource, 'ptr'],
  [6, 'secret', () => SecretVolumeSource, 'ptr'],
  [7, 'nfs', () => NFSVolumeSource, 'ptr'],
  [8, 'iscsi', () => ISCSIVolumeSource, 'ptr'],
  [9, 'glusterfs', () => GlusterfsVolumeSource, 'ptr'],
  [10, 'persistentVolumeClaim', () => PersistentVolumeClaimVolumeSource, 'ptr'],
  [11, 'rbd', () => RBDVolumeSource, 'ptr'],
  [12, 'flexVolume', () => FlexVolumeSource, 'ptr'],
  [13, 'cinder', () => CinderVolumeSource, 'ptr'],
  [14, 'cephfs', () => CephFSVolumeSource, 'ptr'],
  [15, 'flocker', () => FlockerVolumeSource, 'ptr'],
  [16, 'downwardAPI', () => DownwardAPIVolumeSource, 'ptr'],
  [17, 'fc', () => FCVolumeSource, 'ptr'],
  [18, 'azureFile', () => AzureFileVolumeSource, 'ptr'],
  [19, 'configMap', () => ConfigMapVolumeSource, 'ptr'],
  [20, 'vsphereVolume', () => VsphereVirtualDiskVolumeSource, 'ptr'],
  [21, 'quobyte', () => QuobyteVolumeSource, 'ptr'],
  [22, 'azureDisk', () => AzureDiskVolumeSource, 'ptr'],
  [23, 'photonPersistentDisk', () => PhotonPersistentDiskVolumeSource, 'ptr'],
  [26, 'projected', () => ProjectedVolumeSource, 'ptr'],
  [24, 'portworxVolume', () => PortworxVolumeSource, 'ptr'],
  [25, 'scaleIO', () => ScaleIOVolumeSource, 'ptr'],
  [27, 'storageos', () => StorageOSVolumeSource, 'ptr'],
  [28, 'csi', () => CSIVolumeSource, 'ptr'],
  [29, 'ephemeral', () => EphemeralVolumeSource, 'ptr'],
  [30, 'image', () => ImageVolumeSource, 'ptr'],
]);
