'use strict';
// Deterministic generators of the benchmark's kpt packages (bench/run.js), one per style people
// write (#18). Each style gives the package's files as objects rendered to lines, with a marker
// where kpt's annotations go in the ResourceList that the function reads:
//   block  the Deployments as kyaml writes them (2 spaces, compact sequences, comments)
//   helm   `helm template` output: `---` documents with `# Source:` comments, 4-space indents,
//          block scalars; each release a ServiceAccount, a ConfigMap, a Service and a Deployment
//   mixed  a repository where ~10 % of the objects are opted-in workloads, among Services,
//          ConfigMaps, RBAC, workloads without Fluid and big CRDs
//   flow   flow-heavy Deployments: `metadata: {name: x, labels: {...}}`, `ports: [{...}]`,
//          `args: ["a", "b"]`, one-line volume mounts and volumes
//   json   the block package's objects as .json files, which kpt passes as one flow line each
//   anchors the block package with an anchored selector merged into each template's labels
// Every style carries the same realistic Fluid state (fluid-context/<ns>.yaml, block style as
// `export-context` writes it). N counts opted-in workloads, except for `mixed`, where it counts
// application objects (so N=1 is one opted-in workload there too).
// ------------------------------------------------------------------------------------------------
// deterministic data

/** mulberry32: small, fast, seeded. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    uuid: () => {
      const h = () => Math.floor(next() * 0x10000).toString(16).padStart(4, '0');
      return `${h()}${h()}-${h()}-5${h().slice(1)}-${(8 + Math.floor(next() * 4)).toString(16)}${h().slice(1)}-${h()}${h()}${h()}`;
    },
  };
}

const NAMESPACES = ['ml-training', 'analytics', 'search', 'recsys', 'media'];
const DATASET_WORDS = ['imagenet', 'coco', 'wiki', 'clicklog', 'hbase', 'parquet', 'features', 'embeddings', 'audio', 'video'];
const APP_WORDS = ['trainer', 'etl', 'indexer', 'ranker', 'scorer', 'exporter', 'reader', 'api', 'batch', 'notebook'];
const IMAGES = [
  'registry.example.com/%ns%/%app%:1.%a%.%b%',
  'ghcr.io/example/%app%:v2.%a%.%b%',
  'docker.io/library/python:3.11-slim',
  'nvcr.io/nvidia/pytorch:24.0%a%-py3',
];

/** Pool of datasets: enough for N workloads, bounded ("a few namespaces, 20 per namespace"). */
function poolShape(n) {
  if (n >= 1000) return { namespaces: 5, perNamespace: 20 };
  if (n >= 100) return { namespaces: 2, perNamespace: 20 };
  if (n >= 10) return { namespaces: 1, perNamespace: 10 };
  return { namespaces: 1, perNamespace: 2 };
}

// --- a tiny YAML writer: each object is a list of lines; metadata gets kpt's annotations spliced in ---

function q(s) {
  return `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * metadata block lines. `extra` annotations (kpt's path/index) are appended after the object's own
 * annotations, as kyaml does.
 */
function metadata({ name, namespace, labels, annotations, extraLines = [] }, extra) {
  const out = ['metadata:', `  name: ${name}`];
  if (namespace) out.push(`  namespace: ${namespace}`);
  if (labels && labels.length) out.push('  labels:', ...labels.map((l) => `    ${l}`));
  const own = annotations || [];
  if (own.length) out.push('  annotations:', ...own.map((l) => `    ${l}`));
  if (extra === EXTRA) out.push({ extraAnnotations: true, header: own.length === 0 });
  out.push(...extraLines.map((l) => `  ${l}`));
  return out;
}

/** Marker for where kpt's annotations go. */
const EXTRA = Symbol('extra annotations');

/**
 * Evaluates an object template once (random values are drawn exactly once) and returns
 * render(extraAnnotations) → lines.
 */
function mk(template) {
  const lines = template(EXTRA);
  return (extra) =>
    lines.flatMap((l) => {
      if (typeof l === 'string') return [l];
      if (l.render) return l.render(extra || []);
      if (!extra || extra.length === 0) return [];
      return [...(l.header ? ['  annotations:'] : []), ...extra.map((a) => `    ${a}`)];
    });
}

const LOCAL_CONFIG = 'config.kubernetes.io/local-config: "true"';

function datasetObjects(r, ns, name, type) {
  const dsUid = r.uuid();
  const rtUid = r.uuid();
  const alluxio = type === 'alluxio';
  const id = `${ns}-${name}`;
  const fuseDir = alluxio ? 'alluxio-fuse' : 'juicefs-fuse';
  const mountRoot = `/runtime-mnt/${type}/${ns}/${name}`;
  const objs = [];

  objs.push(mk((extra) => [
    `# Dataset ${ns}/${name}: exported from the cluster with \`inject-fluid-sidecar export-context -n ${ns}\`.`,
    'apiVersion: data.fluid.io/v1alpha1',
    'kind: Dataset',
    ...metadata({ name, namespace: ns, annotations: [LOCAL_CONFIG], extraLines: [`uid: ${dsUid}`] }, extra),
    'spec:',
    '  mounts:',
    alluxio ? `  - mountPoint: s3://datasets-${ns}/${name}/` : `  - mountPoint: juicefs:///${name}`,
    `    name: ${name}`,
    ...(alluxio
      ? ['    options:', '      alluxio.underfs.s3.endpoint: https://s3.example.com', '      alluxio.underfs.s3.disable.dns.buckets: "true"']
      : ['    options:', '      bucket: http://minio.minio-system:9000/juicefs', '      storage: minio',
          '    encryptOptions:', '    - name: metaurl', '      valueFrom:', '        secretKeyRef:', `          name: ${name}-jfs-secret`, '          key: metaurl']),
    '  accessModes:',
    '  - ReadOnlyMany',
    'status:',
    '  phase: Bound # the webhook refuses datasets that are not Bound',
    '  runtimes:',
    '  - category: Accelerate',
    `    name: ${name}`,
    `    namespace: ${ns}`,
    `    type: ${type}`,
    '    masterReplicas: 1',
    `  ufsTotal: ${r.int(1, 900)}.${r.int(10, 99)}GiB`,
    '  conditions:',
    '  - type: Ready',
    "    status: 'True'",
    '    reason: DatasetReady',
    '    message: The ddc runtime has been bound to the dataset',
    "    lastUpdateTime: '2025-06-03T08:12:41Z'",
    "    lastTransitionTime: '2025-06-03T08:12:41Z'",
  ]));

  objs.push(mk((extra) => [
    'apiVersion: data.fluid.io/v1alpha1',
    `kind: ${alluxio ? 'AlluxioRuntime' : 'JuiceFSRuntime'}`,
    ...metadata({ name, namespace: ns, annotations: [LOCAL_CONFIG], extraLines: [`uid: ${rtUid}`] }, extra),
    'spec:',
    `  replicas: ${r.int(1, 4)}`,
    '  tieredstore:',
    '    levels:',
    ...(alluxio
      ? ['    - mediumtype: MEM', '      path: /dev/shm', `      quota: ${r.pick([2, 4, 8, 16])}Gi`, "      high: '0.95'", "      low: '0.7'"]
      : ['    - mediumtype: SSD', '      path: /var/jfsCache', `      quota: ${r.pick([20, 40, 100])}Gi`, "      low: '0.1'"]),
  ]));

  objs.push(mk((extra) => [
    'apiVersion: v1',
    'kind: PersistentVolume',
    ...metadata({ name: id, labels: [`fluid.io/s-${ns}-${name}: 'true'`, `fluid.io/dataset-id: ${id}`], annotations: ['CreatedBy: fluid', LOCAL_CONFIG] }, extra),
    'spec:',
    '  accessModes:',
    '  - ReadOnlyMany',
    '  capacity:',
    '    storage: 100Pi',
    '  claimRef:',
    `    name: ${name}`,
    `    namespace: ${ns}`,
    '  csi:',
    '    driver: fuse.csi.fluid.io',
    `    volumeHandle: ${id}`,
    '    volumeAttributes:',
    `      fluid_path: ${mountRoot}/${fuseDir}`,
    `      mount_type: ${alluxio ? 'fuse.alluxio-fuse' : 'JuiceFS'}`,
    `      runtime_name: ${name}`,
    `      runtime_namespace: ${ns}`,
    `      mount_pod_node_selector_key: fluid.io/f-${ns}-${name}`,
    '  persistentVolumeReclaimPolicy: Retain',
    '  storageClassName: fluid',
    '  volumeMode: Filesystem',
    'status:',
    '  phase: Bound',
  ]));

  objs.push(mk((extra) => [
    'apiVersion: v1',
    'kind: PersistentVolumeClaim',
    ...metadata({ name, namespace: ns, labels: [`fluid.io/s-${ns}-${name}: 'true'`, `fluid.io/dataset-id: ${id}`], annotations: ['CreatedBy: fluid', LOCAL_CONFIG] }, extra),
    'spec:',
    '  accessModes:',
    '  - ReadOnlyMany',
    '  resources:',
    '    requests:',
    '      storage: 100Pi',
    '  selector:',
    '    matchLabels:',
    `      fluid.io/s-${ns}-${name}: 'true'`,
    '  storageClassName: fluid',
    '  volumeMode: Filesystem',
    `  volumeName: ${id}`,
    'status:',
    '  phase: Bound',
    '  accessModes:',
    '  - ReadOnlyMany',
    '  capacity:',
    '    storage: 100Pi',
  ]));

  const chart = alluxio ? 'alluxio-0.9.13' : 'juicefs-0.2.16';
  const role = alluxio ? 'alluxio-fuse' : 'juicefs-fuse';
  const app = alluxio ? 'alluxio' : 'juicefs';
  const selector = [`app: ${app}`, `chart: ${chart}`, `release: ${name}`, 'heritage: Helm', `role: ${role}`];
  const container = alluxio
    ? [
        '      - name: alluxio-fuse',
        '        image: fluidcloudnative/alluxio-fuse:release-2.9.3-SNAPSHOT-a5ba8b4',
        '        imagePullPolicy: IfNotPresent',
        '        resources:',
        '          requests:',
        '            cpu: 500m',
        '            memory: 1Gi',
        '          limits:',
        "            cpu: '2'",
        '            memory: 4Gi',
        '        command:',
        '        - /entrypoint.sh',
        '        args:',
        '        - fuse',
        '        - --fuse-opts=kernel_cache,ro,max_read=131072,attr_timeout=7200,entry_timeout=7200,nonempty',
        `        - ${mountRoot}/alluxio-fuse`,
        '        - /',
        '        env:',
        '        - name: ALLUXIO_CLIENT_HOSTNAME',
        '          valueFrom:',
        '            fieldRef:',
        '              fieldPath: status.hostIP',
        '        - name: ALLUXIO_CLIENT_JAVA_OPTS',
        "          value: ' -Dalluxio.user.hostname=${ALLUXIO_CLIENT_HOSTNAME} '",
        '        - name: FLUID_RUNTIME_TYPE',
        '          value: alluxio',
        '        - name: FLUID_RUNTIME_NS',
        `          value: ${ns}`,
        '        - name: FLUID_RUNTIME_NAME',
        `          value: ${name}`,
        '        securityContext:',
        '          runAsUser: 0',
        '          runAsGroup: 0',
        '          privileged: true',
        '        lifecycle:',
        '          preStop:',
        '            exec:',
        '              command:',
        '              - /opt/alluxio/integration/fuse/bin/alluxio-fuse',
        '              - unmount',
        `              - ${mountRoot}/alluxio-fuse`,
        '        envFrom:',
        '        - configMapRef:',
        `            name: ${name}-config`,
        '        volumeMounts:',
        '        - name: alluxio-fuse-device',
        '          mountPath: /dev/fuse',
        '        - name: alluxio-fuse-mount',
        `          mountPath: ${mountRoot}`,
        '          mountPropagation: Bidirectional',
        '        - name: mem',
        `          mountPath: /dev/shm/${ns}/${name}`,
        '        terminationMessagePath: /dev/termination-log',
        '        terminationMessagePolicy: File',
      ]
    : [
        '      - name: juicefs-fuse',
        '        image: juicedata/juicefs-fuse:ce-v1.2.3',
        '        imagePullPolicy: IfNotPresent',
        '        resources:',
        '          requests:',
        "            cpu: '1'",
        '            memory: 1Gi',
        '          limits:',
        "            cpu: '2'",
        '            memory: 5Gi',
        '        command:',
        '        - sh',
        '        - /root/script/script.sh',
        '        env:',
        '        - name: JFS_FOREGROUND',
        "          value: '1'",
        '        - name: METAURL',
        '          valueFrom:',
        '            secretKeyRef:',
        `              name: ${name}-jfs-secret`,
        '              key: metaurl',
        '        - name: FLUID_RUNTIME_TYPE',
        '          value: juicefs',
        '        - name: FLUID_RUNTIME_NS',
        `          value: ${ns}`,
        '        - name: FLUID_RUNTIME_NAME',
        `          value: ${name}`,
        '        ports:',
        '        - containerPort: 9567',
        '          name: metrics',
        '          protocol: TCP',
        '        securityContext:',
        '          runAsUser: 0',
        '          privileged: true',
        '        lifecycle:',
        '          preStop:',
        '            exec:',
        '              command:',
        '              - sh',
        '              - -c',
        `              - umount ${mountRoot}/juicefs-fuse`,
        '        volumeMounts:',
        '        - name: juicefs-fuse-mount',
        `          mountPath: ${mountRoot}`,
        '          mountPropagation: Bidirectional',
        '        - name: script',
        '          mountPath: /root/script',
        '        - name: cache-dir-1',
        '          mountPath: /var/jfsCache',
        '        terminationMessagePath: /dev/termination-log',
        '        terminationMessagePolicy: File',
      ];
  const volumes = alluxio
    ? [
        '      - name: alluxio-fuse-device',
        '        hostPath:',
        '          path: /dev/fuse',
        '          type: CharDevice',
        '      - name: alluxio-fuse-mount',
        '        hostPath:',
        `          path: ${mountRoot}`,
        '          type: DirectoryOrCreate',
        '      - name: mem',
        '        hostPath:',
        `          path: /dev/shm/${ns}/${name}`,
        '          type: DirectoryOrCreate',
      ]
    : [
        '      - name: juicefs-fuse-mount',
        '        hostPath:',
        `          path: ${mountRoot}`,
        '          type: DirectoryOrCreate',
        '      - name: script',
        '        configMap:',
        `          name: ${name}-fuse-script`,
        '          defaultMode: 493',
        '      - name: cache-dir-1',
        '        hostPath:',
        '          path: /var/jfsCache',
        '          type: DirectoryOrCreate',
      ];
  objs.push(mk((extra) => [
    `# The fuse DaemonSet of ${ns}/${name}, as the API server returns it (defaults included).`,
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    ...metadata(
      {
        name: `${name}-fuse`,
        namespace: ns,
        labels: [...selector, `fluid.io/dataset-id: ${id}`],
        annotations: ["deprecated.daemonset.template.generation: '1'", LOCAL_CONFIG],
        extraLines: [
          'ownerReferences:',
          '- apiVersion: data.fluid.io/v1alpha1',
          '  blockOwnerDeletion: false',
          '  controller: true',
          `  kind: ${alluxio ? 'AlluxioRuntime' : 'JuiceFSRuntime'}`,
          `  name: ${name}`,
          `  uid: ${rtUid}`,
          'generation: 1',
        ],
      },
      extra,
    ),
    'spec:',
    '  updateStrategy:',
    '    type: OnDelete',
    '  selector:',
    '    matchLabels:',
    ...selector.map((l) => `      ${l}`),
    '  template:',
    '    metadata:',
    '      annotations:',
    "        sidecar.istio.io/inject: 'false'",
    '      labels:',
    ...selector.map((l) => `        ${l}`),
    "        sidecar.istio.io/inject: 'false'",
    `        fluid.io/dataset-id: ${id}`,
    '    spec:',
    '      enableServiceLinks: false',
    ...(alluxio ? ['      hostNetwork: true', '      dnsPolicy: ClusterFirstWithHostNet'] : ['      dnsPolicy: ClusterFirst']),
    '      nodeSelector:',
    `        fluid.io/f-${ns}-${name}: 'true'`,
    '      tolerations:',
    '      - operator: Exists',
    '      containers:',
    ...container,
    '      restartPolicy: Always',
    '      schedulerName: default-scheduler',
    '      securityContext: {}',
    '      terminationGracePeriodSeconds: 30',
    '      volumes:',
    ...volumes,
    '  revisionHistoryLimit: 10',
  ]));

  objs.push(mk((extra) =>
    alluxio
      ? [
          'apiVersion: v1',
          'kind: ConfigMap',
          ...metadata({ name: `${name}-config`, namespace: ns, labels: [`app: ${app}`, `release: ${name}`, `fluid.io/dataset-id: ${id}`], annotations: [LOCAL_CONFIG] }, extra),
          'data:',
          `  ALLUXIO_JAVA_OPTS: -Dalluxio.master.hostname=${name}-master-0 -Dalluxio.master.rpc.port=19998`,
          '  ALLUXIO_FUSE_JAVA_OPTS: -Xmx4G -XX:MaxDirectMemorySize=4G',
        ]
      : [
          'apiVersion: v1',
          'kind: ConfigMap',
          ...metadata({ name: `${name}-fuse-script`, namespace: ns, labels: [`app: ${app}`, `release: ${name}`, `fluid.io/dataset-id: ${id}`], annotations: [LOCAL_CONFIG] }, extra),
          'data:',
          '  script.sh: |',
          '    #!/bin/bash',
          '    set -e',
          `    exec /bin/mount.juicefs \${METAURL} ${mountRoot}/juicefs-fuse -o metrics=0.0.0.0:9567,cache-dir=/var/jfsCache`,
        ],
  ));
  return objs;
}

function deploymentObject(r, i, ns, datasets) {
  const app = `${r.pick(APP_WORDS)}-${String(i).padStart(5, '0')}`;
  const image = r.pick(IMAGES).replace('%ns%', ns).replace('%app%', app.split('-')[0]).replace('%a%', r.int(0, 9)).replace('%b%', r.int(0, 20));
  const replicas = r.int(1, 6);
  const sidecar = r.chance(0.3);
  const mounts = [];
  const volumes = [];
  datasets.forEach((ds, k) => {
    mounts.push(`        - name: data-${k} # Fluid dataset ${ds.name} (${ds.type})`, `          mountPath: /data/${ds.name}`);
    if (r.chance(0.5)) mounts.push('          readOnly: true');
    volumes.push(`      - name: data-${k}`, '        persistentVolumeClaim:', `          claimName: ${ds.name}`);
  });
  return mk((extra) => [
    `# ${app}: reads ${datasets.map((d) => d.name).join(' and ')} through Fluid; owned by team ${ns}.`,
    'apiVersion: apps/v1',
    'kind: Deployment',
    ...metadata(
      {
        name: app,
        namespace: ns,
        labels: [`app.kubernetes.io/name: ${app}`, 'app.kubernetes.io/part-of: data-platform', 'app.kubernetes.io/managed-by: kpt', `team: ${ns}`],
        annotations: [`owner: ${ns}@example.com`, `description: ${q(`${app.split('-')[0]} worker for ${datasets[0].name}`)}`],
      },
      extra,
    ),
    'spec:',
    `  replicas: ${replicas}`,
    '  revisionHistoryLimit: 5',
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${app}`,
    '  strategy:',
    '    type: RollingUpdate',
    '    rollingUpdate:',
    '      maxSurge: 25%',
    '      maxUnavailable: 0',
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: ${app}`,
    `        team: ${ns}`,
    '        serverless.fluid.io/inject: "true" # Fluid FUSE sidecar, rendered by inject-fluid-sidecar',
    '      annotations:',
    '        prometheus.io/scrape: "true"',
    '        prometheus.io/port: "9090"',
    '    spec:',
    `      serviceAccountName: ${app}`,
    `      terminationGracePeriodSeconds: ${r.pick([30, 60, 120])}`,
    '      securityContext:',
    '        fsGroup: 1000',
    '      containers:',
    '      - name: app',
    `        image: ${image}`,
    '        imagePullPolicy: IfNotPresent',
    '        args:',
    `        - --data-dir=/data/${datasets[0].name}`,
    `        - --workers=${r.int(1, 16)}`,
    '        - --log-format=json',
    '        ports:',
    '        - name: http',
    '          containerPort: 8080',
    '        - name: metrics',
    '          containerPort: 9090',
    '        env:',
    '        - name: DATA_DIR',
    `          value: /data/${datasets[0].name}`,
    '        - name: POD_NAME',
    '          valueFrom:',
    '            fieldRef:',
    '              fieldPath: metadata.name',
    '        - name: LOG_LEVEL',
    `          value: ${r.pick(['info', 'debug', 'warn'])}`,
    '        - name: GOMAXPROCS # keep in step with the CPU limit',
    `          value: "${r.int(1, 8)}"`,
    '        resources:',
    '          requests:',
    `            cpu: ${r.pick(['250m', '500m', '1', '2'])}`,
    `            memory: ${r.pick(['512Mi', '1Gi', '2Gi', '4Gi'])}`,
    '          limits:',
    `            memory: ${r.pick(['2Gi', '4Gi', '8Gi'])}`,
    '        readinessProbe:',
    '          httpGet:',
    '            path: /healthz',
    '            port: http',
    '          initialDelaySeconds: 5',
    '          periodSeconds: 10',
    '        livenessProbe:',
    '          httpGet:',
    '            path: /livez',
    '            port: http',
    '          failureThreshold: 3',
    '          periodSeconds: 20',
    '        volumeMounts:',
    ...mounts,
    '        - name: config',
    '          mountPath: /etc/app',
    '        - name: scratch',
    '          mountPath: /tmp',
    ...(sidecar
      ? [
          '      - name: log-shipper # does not read the dataset: gets no mount check',
          '        image: fluent/fluent-bit:3.0.4',
          '        args:',
          '        - --config=/fluent-bit/etc/fluent-bit.conf',
          '        resources:',
          '          requests:',
          '            cpu: 50m',
          '            memory: 64Mi',
          '        volumeMounts:',
          '        - name: scratch',
          '          mountPath: /var/log/app',
          '          readOnly: true',
        ]
      : []),
    '      volumes:',
    ...volumes,
    '      - name: config',
    '        configMap:',
    `          name: ${app}-config`,
    '          defaultMode: 0644 # octal, YAML 1.1',
    '      - name: scratch',
    '        emptyDir:',
    '          sizeLimit: 1Gi',
  ]);
}

/** Files of the package, in the lexical order kpt reads them: [{ rel, objects: [render(extra) → lines] }]. */
function generatePackage(n) {
  const r = rng(0x5eed0000 + n);
  const shape = poolShape(n);
  const namespaces = NAMESPACES.slice(0, shape.namespaces);
  const pool = {};
  const files = [];
  for (const ns of namespaces) {
    pool[ns] = [];
    const objects = [];
    for (let k = 0; k < shape.perNamespace; k++) {
      const type = k % 2 === 0 ? 'alluxio' : 'juicefs';
      const name = `${DATASET_WORDS[k % DATASET_WORDS.length]}-${k}`;
      pool[ns].push({ name, type });
      objects.push(...datasetObjects(r, ns, name, type));
    }
    files.push({ rel: `fluid-context/${ns}.yaml`, objects });
  }
  for (let i = 0; i < n; i++) {
    const ns = namespaces[i % namespaces.length];
    const first = r.pick(pool[ns]);
    const datasets = [first];
    if (r.chance(0.3)) {
      const second = r.pick(pool[ns].filter((d) => d !== first));
      if (second) datasets.push(second);
    }
    const render = deploymentObject(r, i, ns, datasets);
    files.push({ rel: `apps/${ns}/${deploymentName(render)}.yaml`, objects: [render] });
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return files;
}

function deploymentName(render) {
  const line = render([]).find((l) => l.startsWith('  name: '));
  return line.slice('  name: '.length);
}


// ------------------------------------------------------------------------------------------------
// the other styles (#18)

/** Fluid state files for a pool shape, as generatePackage writes them; fills `pool`. */
function stateFiles(r, shape, pool) {
  const files = [];
  for (const ns of NAMESPACES.slice(0, shape.namespaces)) {
    pool[ns] = [];
    const objects = [];
    for (let k = 0; k < shape.perNamespace; k++) {
      const type = k % 2 === 0 ? 'alluxio' : 'juicefs';
      const name = `${DATASET_WORDS[k % DATASET_WORDS.length]}-${k}`;
      pool[ns].push({ name, type });
      objects.push(...datasetObjects(r, ns, name, type));
    }
    files.push({ rel: `fluid-context/${ns}.yaml`, objects });
  }
  return files;
}

/** One or two datasets of the namespace for a workload. */
function pickDatasets(r, pool, ns) {
  const first = r.pick(pool[ns]);
  const datasets = [first];
  if (r.chance(0.3)) {
    const second = r.pick(pool[ns].filter((d) => d !== first));
    if (second) datasets.push(second);
  }
  return datasets;
}

const byRel = (a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);

/** kpt's annotations as a flow mapping's entries (as kyaml adds them to `metadata: {...}`). */
function flowAnnotations(own, extra) {
  const all = [...own, ...extra];
  return all.length ? `, annotations: {${all.join(', ')}}` : '';
}

/** An `annotations:` block of `own` lines plus kpt's, at `ind` spaces (the map) and `ind + step` (its entries). */
function annotationsBlock(own, ind, step) {
  return {
    render: (extra) => {
      const all = [...own, ...extra];
      return all.length ? [`${' '.repeat(ind)}annotations:`, ...all.map((a) => `${' '.repeat(ind + step)}${a}`)] : [];
    },
  };
}

// --- helm: `helm template` output, 4-space indents ---

function helmRelease(r, i, ns, datasets) {
  const app = `${r.pick(APP_WORDS)}-${String(i).padStart(5, '0')}`;
  const chart = `${app.split('-')[0]}-${r.int(0, 3)}.${r.int(0, 20)}.${r.int(0, 9)}`;
  const image = r.pick(IMAGES).replace('%ns%', ns).replace('%app%', app.split('-')[0]).replace('%a%', r.int(0, 9)).replace('%b%', r.int(0, 20));
  const checksum = Array.from({ length: 4 }, () => r.uuid().replace(/-/g, '')).join('').slice(0, 64);
  const labels = (pad) => [
    `${pad}helm.sh/chart: ${chart}`,
    `${pad}app.kubernetes.io/name: ${app.split('-')[0]}`,
    `${pad}app.kubernetes.io/instance: ${app}`,
    `${pad}app.kubernetes.io/version: "1.${r.int(0, 9)}.0"`,
    `${pad}app.kubernetes.io/managed-by: Helm`,
  ];
  const head = (kind, file, api = 'v1') => [`# Source: ${chart.replace(/-[0-9.]+$/, '')}/templates/${file}`, `apiVersion: ${api}`, `kind: ${kind}`];
  const meta = (name, own = []) => ['metadata:', `    name: ${name}`, `    namespace: ${ns}`, '    labels:', ...labels('        '), annotationsBlock(own, 4, 4)];
  const sa = mk(() => [...head('ServiceAccount', 'serviceaccount.yaml'), ...meta(app), 'automountServiceAccountToken: false']);
  const cm = mk(() => [
    ...head('ConfigMap', 'configmap.yaml'),
    ...meta(`${app}-config`),
    'data:',
    '    app.yaml: |',
    '        server:',
    '            port: 8080',
    `            workers: ${r.int(1, 16)}`,
    '        data:',
    `            dir: /data/${datasets[0].name}`,
    `            cache: ${r.pick(['memory', 'disk', 'none'])}`,
    '        logging:',
    `            level: ${r.pick(['info', 'debug', 'warn'])}`,
    '            format: json',
    '    entrypoint.sh: |-',
    '        #!/bin/sh',
    '        set -eu',
    `        exec /app/${app.split('-')[0]} --config /etc/app/app.yaml "$@"`,
  ]);
  const svc = mk(() => [
    ...head('Service', 'service.yaml'),
    ...meta(app),
    'spec:',
    '    type: ClusterIP',
    '    ports:',
    '        - port: 80',
    '          targetPort: http',
    '          protocol: TCP',
    '          name: http',
    '    selector:',
    `        app.kubernetes.io/name: ${app.split('-')[0]}`,
    `        app.kubernetes.io/instance: ${app}`,
  ]);
  const mounts = [];
  const volumes = [];
  datasets.forEach((ds, k) => {
    mounts.push(`                      - name: data-${k}`, `                        mountPath: /data/${ds.name}`);
    if (r.chance(0.5)) mounts.push('                        readOnly: true');
    volumes.push(`                - name: data-${k}`, '                  persistentVolumeClaim:', `                      claimName: ${ds.name}`);
  });
  const dep = mk(() => [
    ...head('Deployment', 'deployment.yaml', 'apps/v1'),
    ...meta(app),
    'spec:',
    `    replicas: ${r.int(1, 6)}`,
    '    selector:',
    '        matchLabels:',
    `            app.kubernetes.io/name: ${app.split('-')[0]}`,
    `            app.kubernetes.io/instance: ${app}`,
    '    template:',
    '        metadata:',
    '            annotations:',
    `                checksum/config: ${checksum}`,
    '            labels:',
    `                app.kubernetes.io/name: ${app.split('-')[0]}`,
    `                app.kubernetes.io/instance: ${app}`,
    '                serverless.fluid.io/inject: "true"',
    '        spec:',
    `            serviceAccountName: ${app}`,
    '            securityContext:',
    '                fsGroup: 1000',
    '            containers:',
    `                - name: ${app.split('-')[0]}`,
    '                  securityContext:',
    '                      readOnlyRootFilesystem: true',
    `                  image: "${image}"`,
    '                  imagePullPolicy: IfNotPresent',
    '                  command:',
    '                      - /bin/sh',
    '                      - -c',
    '                      - |',
    '                        echo "starting"',
    '                        exec /etc/app/entrypoint.sh --port 8080',
    '                  ports:',
    '                      - name: http',
    '                        containerPort: 8080',
    '                        protocol: TCP',
    '                  livenessProbe:',
    '                      httpGet:',
    '                          path: /healthz',
    '                          port: http',
    '                  readinessProbe:',
    '                      httpGet:',
    '                          path: /ready',
    '                          port: http',
    '                  resources:',
    '                      limits:',
    `                          memory: ${r.pick(['2Gi', '4Gi', '8Gi'])}`,
    '                      requests:',
    `                          cpu: ${r.pick(['250m', '500m', '1', '2'])}`,
    `                          memory: ${r.pick(['512Mi', '1Gi', '2Gi'])}`,
    '                  volumeMounts:',
    ...mounts,
    '                      - name: config',
    '                        mountPath: /etc/app',
    '            volumes:',
    ...volumes,
    '                - name: config',
    '                  configMap:',
    `                      name: ${app}-config`,
    '                      defaultMode: 0755',
  ]);
  return { app, objects: [sa, cm, svc, dep] };
}

function helmPackage(n) {
  const r = rng(0x4e1e0000 + n);
  const pool = {};
  const files = stateFiles(r, poolShape(n), pool);
  const namespaces = Object.keys(pool);
  for (let i = 0; i < n; i++) {
    const ns = namespaces[i % namespaces.length];
    const rel = helmRelease(r, i, ns, pickDatasets(r, pool, ns));
    files.push({ rel: `apps/${ns}/${rel.app}.yaml`, objects: rel.objects, helm: true });
  }
  return files.sort(byRel);
}

// --- mixed: a repository where ~10 % of the objects are opted-in workloads ---

/** A CRD with a big schema (~400 lines), as operators ship them. */
function bigCrd(r, i) {
  const group = `${r.pick(['monitoring', 'networking', 'storage', 'batch', 'security'])}${i}.example.com`;
  const props = [];
  for (let f = 0; f < 24; f++) {
    const name = `field${f}${r.pick(['Name', 'Count', 'Spec', 'Ref', 'Policy'])}`;
    props.push(
      `                ${name}:`,
      `                  description: ${r.pick(['How many replicas to keep.', 'Name of the object this refers to.', 'Policy applied when the', 'Selector of the pods this'])} ${'lorem ipsum dolor sit amet '.repeat(r.int(1, 3)).trim()}`,
      `                  type: ${r.pick(['string', 'integer', 'boolean', 'object'])}`,
      '                  x-kubernetes-preserve-unknown-fields: true',
      '                  properties:',
      '                    key:',
      '                      type: string',
      "                      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'",
      '                    value:',
      '                      type: string',
      '                      maxLength: 253',
      '                    operator:',
      '                      type: string',
      '                      enum:',
      '                      - In',
      '                      - NotIn',
      '                      - Exists',
    );
  }
  return mk((extra) => [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    ...metadata({ name: `widgets.${group}`, annotations: ['controller-gen.kubebuilder.io/version: v0.14.0'] }, extra),
    'spec:',
    `  group: ${group}`,
    '  names:',
    '    kind: Widget',
    '    listKind: WidgetList',
    '    plural: widgets',
    '    singular: widget',
    '  scope: Namespaced',
    '  versions:',
    '  - name: v1',
    '    served: true',
    '    storage: true',
    '    subresources:',
    '      status: {}',
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
    '          spec:',
    '            type: object',
    '            properties:',
    '              template:',
    '                type: object',
    '                properties:',
    ...props,
  ]);
}

function mixedObject(r, i, ns) {
  const name = `${r.pick(APP_WORDS)}-${String(i).padStart(5, '0')}`;
  const labels = [`app.kubernetes.io/name: ${name}`, `team: ${ns}`];
  switch (i % 10) {
    case 1:
    case 6:
      return mk((extra) => [
        'apiVersion: v1',
        'kind: Service',
        ...metadata({ name, namespace: ns, labels }, extra),
        'spec:',
        '  selector:',
        `    app.kubernetes.io/name: ${name}`,
        '  ports:',
        '  - name: http',
        '    port: 80',
        '    targetPort: 8080',
      ]);
    case 2:
    case 7:
      return mk((extra) => [
        'apiVersion: v1',
        'kind: ConfigMap',
        ...metadata({ name: `${name}-config`, namespace: ns, labels }, extra),
        'data:',
        `  LOG_LEVEL: ${r.pick(['info', 'debug'])}`,
        `  WORKERS: "${r.int(1, 16)}"`,
        '  settings.json: |',
        `    {"cache": "${r.pick(['memory', 'disk'])}", "retries": ${r.int(1, 5)}}`,
      ]);
    case 3:
      return mk((extra) => [
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: Role',
        ...metadata({ name, namespace: ns, labels }, extra),
        'rules:',
        '- apiGroups:',
        '  - ""',
        '  resources:',
        '  - configmaps',
        '  - secrets',
        '  verbs:',
        '  - get',
        '  - list',
        '  - watch',
      ]);
    case 4:
      return mk((extra) => [
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: RoleBinding',
        ...metadata({ name, namespace: ns, labels }, extra),
        'roleRef:',
        '  apiGroup: rbac.authorization.k8s.io',
        '  kind: Role',
        `  name: ${name}`,
        'subjects:',
        '- kind: ServiceAccount',
        `  name: ${name}`,
        `  namespace: ${ns}`,
      ]);
    case 5:
      return mk((extra) => [
        'apiVersion: v1',
        'kind: ServiceAccount',
        ...metadata({ name, namespace: ns, labels }, extra),
      ]);
    case 8:
      // a workload without Fluid: the function looks at it and leaves it
      return mk((extra) => [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        ...metadata({ name, namespace: ns, labels }, extra),
        'spec:',
        `  serviceName: ${name}`,
        '  replicas: 1',
        '  selector:',
        '    matchLabels:',
        `      app.kubernetes.io/name: ${name}`,
        '  template:',
        '    metadata:',
        '      labels:',
        `        app.kubernetes.io/name: ${name}`,
        '    spec:',
        '      containers:',
        '      - name: db',
        '        image: docker.io/library/postgres:16',
        '        ports:',
        '        - containerPort: 5432',
        '        volumeMounts:',
        '        - name: data',
        '          mountPath: /var/lib/postgresql/data',
        '  volumeClaimTemplates:',
        '  - metadata:',
        '      name: data',
        '    spec:',
        '      accessModes:',
        '      - ReadWriteOnce',
        '      resources:',
        '        requests:',
        '          storage: 10Gi',
      ]);
    default:
      return mk((extra) => [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        ...metadata({ name, namespace: ns, labels }, extra),
        'spec:',
        '  podSelector:',
        '    matchLabels:',
        `      team: ${ns}`,
        '  policyTypes:',
        '  - Ingress',
        '  ingress:',
        '  - from:',
        '    - namespaceSelector:',
        '        matchLabels:',
        `          team: ${ns}`,
      ]);
  }
}

function mixedPackage(n) {
  const r = rng(0x313e0000 + n);
  const pool = {};
  const files = stateFiles(r, poolShape(Math.ceil(n / 10)), pool);
  const namespaces = Object.keys(pool);
  for (let i = 0; i < n; i++) {
    const ns = namespaces[i % namespaces.length];
    if (i % 10 === 0) {
      const render = deploymentObject(r, i, ns, pickDatasets(r, pool, ns));
      files.push({ rel: `apps/${ns}/${deploymentName(render)}.yaml`, objects: [render] });
    } else if (i % 50 === 9) {
      files.push({ rel: `crds/crd-${String(i).padStart(5, '0')}.yaml`, objects: [bigCrd(r, i)] });
    } else {
      files.push({ rel: `apps/${ns}/obj-${String(i).padStart(5, '0')}.yaml`, objects: [mixedObject(r, i, ns)] });
    }
  }
  return files.sort(byRel);
}

// --- flow: flow-heavy Deployments ---

function flowDeployment(r, i, ns, datasets) {
  const app = `${r.pick(APP_WORDS)}-${String(i).padStart(5, '0')}`;
  const image = r.pick(IMAGES).replace('%ns%', ns).replace('%app%', app.split('-')[0]).replace('%a%', r.int(0, 9)).replace('%b%', r.int(0, 20));
  const mounts = [];
  const volumes = [];
  datasets.forEach((ds, k) => {
    mounts.push(`        - {name: data-${k}, mountPath: /data/${ds.name}${r.chance(0.5) ? ', readOnly: true' : ''}}`);
    volumes.push(`      - {name: data-${k}, persistentVolumeClaim: {claimName: ${ds.name}}}`);
  });
  const labels = `{app.kubernetes.io/name: ${app}, app.kubernetes.io/part-of: data-platform, team: ${ns}}`;
  const own = [`owner: ${ns}@example.com`, `description: "${app.split('-')[0]} worker for ${datasets[0].name}"`];
  return mk(() => [
    `# ${app}: flow style, as some people and generators write manifests.`,
    'apiVersion: apps/v1',
    'kind: Deployment',
    { render: (extra) => [`metadata: {name: ${app}, namespace: ${ns}, labels: ${labels}${flowAnnotations(own, extra)}}`] },
    'spec:',
    `  replicas: ${r.int(1, 6)}`,
    `  selector: {matchLabels: {app.kubernetes.io/name: ${app}}}`,
    '  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}',
    '  template:',
    `    metadata: {labels: {app.kubernetes.io/name: ${app}, team: ${ns}, serverless.fluid.io/inject: "true"}, annotations: {prometheus.io/scrape: "true", prometheus.io/port: "9090"}}`,
    '    spec:',
    `      serviceAccountName: ${app}`,
    `      securityContext: {fsGroup: 1000, runAsNonRoot: true}`,
    '      containers:',
    '      - name: app',
    `        image: ${image}`,
    `        args: ["--data-dir=/data/${datasets[0].name}", "--workers=${r.int(1, 16)}", '--log-format=json']`,
    '        ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090, protocol: TCP}]',
    `        env: [{name: DATA_DIR, value: /data/${datasets[0].name}}, {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}, {name: GOMAXPROCS, value: "${r.int(1, 8)}"}]`,
    `        resources: {requests: {cpu: ${r.pick(['250m', '500m', '1', '2'])}, memory: ${r.pick(['512Mi', '1Gi', '2Gi'])}}, limits: {memory: ${r.pick(['2Gi', '4Gi', '8Gi'])}}}`,
    '        readinessProbe: {httpGet: {path: /healthz, port: http}, initialDelaySeconds: 5, periodSeconds: 10}',
    '        livenessProbe: {httpGet: {path: /livez, port: http}, failureThreshold: 3}',
    '        volumeMounts:',
    ...mounts,
    '        - {name: config, mountPath: /etc/app}',
    "        - {name: scratch, mountPath: '/tmp'}",
    '      volumes:',
    ...volumes,
    `      - {name: config, configMap: {name: ${app}-config, defaultMode: 0644}}`,
    '      - {name: scratch, emptyDir: {sizeLimit: 1Gi}}',
    '      tolerations: [{key: dedicated, operator: Equal, value: data, effect: NoSchedule}]',
  ]);
}

function flowPackage(n) {
  const r = rng(0xf10e0000 + n);
  const pool = {};
  const files = stateFiles(r, poolShape(n), pool);
  const namespaces = Object.keys(pool);
  for (let i = 0; i < n; i++) {
    const ns = namespaces[i % namespaces.length];
    const render = flowDeployment(r, i, ns, pickDatasets(r, pool, ns));
    const name = /name: ([^,]+),/.exec(render([])[3])[1];
    files.push({ rel: `apps/${ns}/${name}.yaml`, objects: [render] });
  }
  return files.sort(byRel);
}

// ------------------------------------------------------------------------------------------------
// json: the block package's objects as one .json file each (`kubectl get -o json`, jsonnet and CDK
// output). kpt and kustomize pass each such object as one flow mapping line, kyaml's way:
// `- {"apiVersion": "apps/v1", ...}` with `, ` and `: `, and the annotations they add written as
// plain keys with single-quoted values inside `"annotations": {...}`.

function jsonPackage(n) {
  const { parse } = require('yaml');
  const files = [];
  for (const f of generatePackage(n)) {
    f.objects.forEach((render, k) => {
      const obj = parse(render([]).join('\n'), { version: '1.1' });
      const rel = f.objects.length === 1 ? f.rel.replace(/\.ya?ml$/, '.json') : f.rel.replace(/\.ya?ml$/, `-${k}.json`);
      files.push({ rel, objects: [(extra) => (extra.length === 0 ? JSON.stringify(obj, null, 2).split('\n') : [kyamlFlowLine(obj, extra)])] });
    });
  }
  return files.sort(byRel);
}

/** `obj` on one line as kyaml writes a JSON file's object, with kpt's `key: 'value'` annotation lines added. */
function kyamlFlowLine(obj, extra) {
  const added = extra.map((line) => line.replace(/^([^:]+): /, '$1: '));
  const write = (v, path) => {
    if (Array.isArray(v)) return `[${v.map((x) => write(x, '')).join(', ')}]`;
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const entries = Object.keys(v).map((k) => `${JSON.stringify(k)}: ${write(v[k], `${path}/${k}`)}`);
    if (path === '/metadata/annotations') entries.push(...added);
    if (path === '/metadata' && !('annotations' in v)) entries.push(`annotations: {${added.join(', ')}}`);
    return `{${entries.join(', ')}}`;
  };
  return write(obj, '');
}

// ------------------------------------------------------------------------------------------------
// anchors: the block package with YAML anchors, aliases and merge keys in every Deployment: its
// selector labels anchored (`matchLabels: &sel`) and merged into the template's labels
// (`<<: *sel`, which kpt passes as `!!merge <<: *sel`).

function anchorsPackage(n) {
  return generatePackage(n).map((f) => ({ ...f, objects: f.objects.map((render) => (extra) => withAnchors(render(extra), extra.length > 0)) }));
}

function withAnchors(lines, underKpt) {
  if (!lines.some((l) => /^kind: Deployment$/.test(l))) return lines;
  const out = [];
  let anchored = false;
  let inLabels = false;
  for (const l of lines) {
    if (!anchored && /^ {4}matchLabels:$/.test(l)) {
      out.push(`${l} &sel`);
      anchored = true;
      continue;
    }
    if (anchored && /^ {6}labels:$/.test(l)) inLabels = true;
    else if (inLabels && /^ {8}app\.kubernetes\.io\/name: /.test(l)) {
      out.push(`        ${underKpt ? '!!merge ' : ''}<<: *sel`);
      inLabels = false;
      continue;
    }
    out.push(l);
  }
  return out;
}

/**
 * The styles: package files, how a file's objects are joined, and how many workloads the
 * function must inject (what the bench checks in the output).
 */
const STYLES = {
  block: { files: generatePackage, expected: (n) => n },
  helm: { files: helmPackage, expected: (n) => n },
  mixed: { files: mixedPackage, expected: (n) => Math.ceil(n / 10) },
  flow: { files: flowPackage, expected: (n) => n },
  json: { files: jsonPackage, expected: (n) => n },
  anchors: { files: anchorsPackage, expected: (n) => n },
};

/** A file's text: documents joined by `---` (helm: every document starts with `---`). */
function fileText(file) {
  const docs = file.objects.map((o) => o([]).join('\n'));
  return file.helm ? docs.map((d) => `---\n${d}\n`).join('') : `${docs.join('\n---\n')}\n`;
}

/**
 * The package's objects as one ResourceList (what the function reads under kpt), each item in its
 * file's own style, with the annotations kpt adds (path, index, seqindent).
 */
function resourceList(files) {
  const list = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:'];
  let items = 0;
  for (const f of files) {
    f.objects.forEach((o, index) => {
      const extra = [
        `config.kubernetes.io/index: '${index}'`,
        `config.kubernetes.io/path: '${f.rel}'`,
        `internal.config.kubernetes.io/index: '${index}'`,
        `internal.config.kubernetes.io/path: '${f.rel}'`,
        `internal.config.kubernetes.io/seqindent: '${f.helm ? 'wide' : 'compact'}'`,
      ];
      o(extra).forEach((line, li) => list.push(li === 0 ? `- ${line}` : `  ${line}`));
      items++;
    });
  }
  return { text: `${list.join('\n')}\n`, items };
}

module.exports = { STYLES, fileText, resourceList, rng, generatePackage };
