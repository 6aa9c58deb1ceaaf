/**
 * The shape of the internal Go structs (`core.PodSpec`, `core.Container`, …) that the pod update
 * diff prints: field names, field order, element types, and which fields hold a zero value
 * rather than `nil` when left out. Data only; `go-diff.ts` does the comparing and printing.
 */

/** Go field names where they are not the JSON name capitalised. */
export const GO_NAMES: Readonly<Record<string, string>> = {
  apiVersion: 'APIVersion',
  dnsPolicy: 'DNSPolicy',
  dnsConfig: 'DNSConfig',
  hostIPC: 'HostIPC',
  hostPID: 'HostPID',
  os: 'OS',
  tty: 'TTY',
  fsGroup: 'FSGroup',
  fsGroupChangePolicy: 'FSGroupChangePolicy',
  ip: 'IP',
  hostIP: 'HostIP',
  uid: 'UID',
  httpGet: 'HTTPGet',
  tcpSocket: 'TCPSocket',
  grpc: 'GRPC',
  httpHeaders: 'HTTPHeaders',
  seLinuxOptions: 'SELinuxOptions',
  setHostnameAsFQDN: 'SetHostnameAsFQDN',
  iscsi: 'ISCSI',
  nfs: 'NFS',
  rbd: 'RBD',
  csi: 'CSI',
  fc: 'FC',
  cephfs: 'CephFS',
  storageos: 'StorageOS',
  scaleIO: 'ScaleIO',
  downwardAPI: 'DownwardAPI',
  awsElasticBlockStore: 'AWSElasticBlockStore',
  gcePersistentDisk: 'GCEPersistentDisk',
};

/** Field order of the Go structs the diff shows (`core.PodSpec`, `core.Container`). */
export const ORDERS: Readonly<Record<string, readonly string[]>> = {
  'core.PodSpec': [
    'volumes',
    'initContainers',
    'containers',
    'ephemeralContainers',
    'restartPolicy',
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'dnsPolicy',
    'nodeSelector',
    'serviceAccountName',
    'automountServiceAccountToken',
    'nodeName',
    'securityContext',
    'imagePullSecrets',
    'hostname',
    'subdomain',
    'setHostnameAsFQDN',
    'affinity',
    'schedulerName',
    'tolerations',
    'hostAliases',
    'priorityClassName',
    'priority',
    'preemptionPolicy',
    'dnsConfig',
    'readinessGates',
    'runtimeClassName',
    'overhead',
    'enableServiceLinks',
    'topologySpreadConstraints',
    'os',
    'schedulingGates',
    'resourceClaims',
    'resources',
  ],
  'core.Container': [
    'name',
    'image',
    'command',
    'args',
    'workingDir',
    'ports',
    'envFrom',
    'env',
    'resources',
    'resizePolicy',
    'restartPolicy',
    'volumeMounts',
    'volumeDevices',
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
    'lifecycle',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'imagePullPolicy',
    'securityContext',
    'stdin',
    'stdinOnce',
    'tty',
  ],
};

export const LIST_TYPES: Readonly<Record<string, string>> = {
  containers: 'core.Container',
  initContainers: 'core.Container',
};

/**
 * Struct-valued fields, by `<struct>.<field>`, whose own zero values matter: the pod's security
 * context, where the internal type keeps the host namespaces.
 */
export const STRUCT_TYPES: Readonly<Record<string, string>> = {
  'core.PodSpec.securityContext': 'core.PodSecurityContext',
};

/**
 * The fields of those structs that are plain strings or bools, not pointers: decoded from JSON
 * that leaves them out, they hold their zero value, which go-cmp compares and prints as `""` or
 * `false`. Every other field shown is a pointer, slice or map, absent as `nil`.
 */
export const ZERO_VALUES: Readonly<Record<string, Readonly<Record<string, string | boolean>>>> = {
  'core.PodSpec': {
    restartPolicy: '',
    dnsPolicy: '',
    serviceAccountName: '',
    nodeName: '',
    hostname: '',
    subdomain: '',
    schedulerName: '',
    priorityClassName: '',
  },
  'core.Container': {
    name: '',
    image: '',
    workingDir: '',
    terminationMessagePath: '',
    terminationMessagePolicy: '',
    imagePullPolicy: '',
    stdin: false,
    stdinOnce: false,
    tty: false,
  },
  'core.PodSecurityContext': { hostNetwork: false, hostPID: false, hostIPC: false },
};
