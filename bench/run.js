#!/usr/bin/env node
'use strict';
// Benchmark: inject-fluid-sidecar against Go's kyaml (kpt) on synthetic kpt packages.
//
//   node bench/run.js [--sizes 1,100,1000,10000] [--runs K] [--no-warmup] [--live]
//                     [--commands fn,kyaml,fnKpt,catKpt,replayKpt,node] [--heap-mb MB] [--out FILE]
//
// --runs K: timed runs per command (default 5 for N <= 1000, 3 above); every command also gets one
// untimed warm-up run whose output is checked (N > 1000: the checked run counts as the first run).
// The function is run from a copy of bin/ + dist/ taken at start (.bench/snapshot), so a rebuild
// during the benchmark does not mix builds; --live runs bin/ in place.
// --commands: a subset of the six commands. --heap-mb: diagnostic only, runs the function with
// NODE_OPTIONS=--max-old-space-size=MB (default: Node's own limit, as users run it); noted in the report.
// --out: where the markdown goes besides stdout (default .bench/results.md).
//
// For each size N it generates (deterministically, seeded) into .bench/:
//   .bench/<N>/                   a kpt package: N Deployments (one file each, under apps/<ns>/) that opt in
//                                 to Fluid sidecar injection, plus the cluster state (fluid-context/<ns>.yaml)
//   .bench/<N>-copy/              the same package, the target of `kpt fn eval` (never modified: -o stdout)
//   .bench/<N>.resourcelist.yaml  the same items as one ResourceList, with the annotations kpt adds
//                                 (path, index, seqindent), i.e. what the function reads under kpt
// and times, median of several runs, wall clock around spawnSync, peak RSS via /usr/bin/time -f %M:
//   fn          bin/inject-fluid-sidecar < N.resourcelist.yaml > /dev/null
//   kyaml       kpt fn source .bench/N > /dev/null                        (Go read + write)
//   fn@kpt      kpt fn eval .bench/N-copy --exec <bin> -o stdout > /dev/null
//   cat@kpt     kpt fn eval .bench/N-copy --exec /bin/cat -o stdout > /dev/null   (kpt's own cost)
//   replay@kpt  kpt fn eval .bench/N-copy --exec <script printing the fn's recorded output>
//               (kpt's own cost for the function's bigger output: bounds what fn@kpt can reach)
//   node        node -e 0                                                  (Node.js start-up alone)
// Prints a markdown table and the targets (PASS/FAIL) and writes both to .bench/results.md.
// A failed target never fails the script; a failed run (non-zero exit of the function or kpt) does.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, '.bench');
// The function under test: a snapshot of bin/ + dist/ taken at start (see snapshotBuild), so that a
// rebuild of dist/ by someone else during a long benchmark cannot mix two builds. --live: use ROOT.
const SNAPSHOT = path.join(BENCH, 'snapshot');
let BIN = path.join(ROOT, 'bin', 'inject-fluid-sidecar');
let BUILD_INFO = '';
const LOAD = { start: '' };
const KPT = process.env.KPT || 'kpt';
const TIME = '/usr/bin/time';
const MiB = 1024 * 1024;

// ------------------------------------------------------------------------------------------------
// arguments

function parseArgs(argv) {
  const opts = { sizes: [1, 100, 1000, 10000], runs: undefined, warmup: true, live: false, commands: undefined, heapMb: undefined, out: path.join(BENCH, 'results.md') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--sizes' || a.startsWith('--sizes=')) {
      opts.sizes = value()
        .split(',')
        .filter((s) => s.trim() !== '')
        .map((s) => {
          const n = Number(s);
          if (!Number.isInteger(n) || n < 1) usage(`bad size ${JSON.stringify(s)}`);
          return n;
        });
    } else if (a === '--runs' || a.startsWith('--runs=')) {
      opts.runs = Number(value());
      if (!Number.isInteger(opts.runs) || opts.runs < 1) usage('--runs needs a positive integer');
    } else if (a === '--commands' || a.startsWith('--commands=')) {
      opts.commands = value().split(',');
      const known = ['fn', 'kyaml', 'fnKpt', 'catKpt', 'replayKpt', 'node'];
      for (const c of opts.commands) if (!known.includes(c)) usage(`unknown command ${c}; known: ${known.join(',')}`);
    } else if (a === '--heap-mb' || a.startsWith('--heap-mb=')) {
      opts.heapMb = Number(value());
      if (!Number.isInteger(opts.heapMb) || opts.heapMb < 64) usage('--heap-mb needs an integer >= 64');
    } else if (a === '--out' || a.startsWith('--out=')) {
      opts.out = path.resolve(value());
    } else if (a === '--live') {
      opts.live = true;
    } else if (a === '--no-warmup') {
      opts.warmup = false;
    } else if (a === '-h' || a === '--help') {
      usage();
    } else {
      usage(`unknown argument ${a}`);
    }
  }
  return opts;
}

function usage(error) {
  const text =
    'usage: node bench/run.js [--sizes 1,100,1000,10000] [--runs K] [--no-warmup] [--live]\n' +
    '                         [--commands fn,kyaml,fnKpt,catKpt] [--heap-mb MB] [--out FILE]\n';
  if (error) {
    process.stderr.write(`bench: ${error}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

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

function writeIfChanged(file, text) {
  try {
    if (fs.readFileSync(file, 'utf8') === text) return;
  } catch {
    // missing
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Writes .bench/N, .bench/N-copy and .bench/N.resourcelist.yaml; returns the ResourceList path. */
function generate(n) {
  const files = generatePackage(n);
  const dirs = [path.join(BENCH, String(n)), path.join(BENCH, `${n}-copy`)];
  const list = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:'];
  const wanted = new Set(files.map((f) => f.rel));
  for (const f of files) {
    const text = `${f.objects.map((o) => o([]).join('\n')).join('\n---\n')}\n`;
    for (const d of dirs) writeIfChanged(path.join(d, f.rel), text);
    f.objects.forEach((o, index) => {
      const extra = [
        `config.kubernetes.io/index: '${index}'`,
        `config.kubernetes.io/path: '${f.rel}'`,
        `internal.config.kubernetes.io/index: '${index}'`,
        `internal.config.kubernetes.io/path: '${f.rel}'`,
        "internal.config.kubernetes.io/seqindent: 'compact'",
      ];
      o(extra).forEach((line, li) => list.push(li === 0 ? `- ${line}` : `  ${line}`));
    });
  }
  // remove files a previous generator version left behind
  for (const d of dirs) {
    for (const rel of listFiles(d)) if (!wanted.has(rel)) fs.rmSync(path.join(d, rel));
  }
  const rl = path.join(BENCH, `${n}.resourcelist.yaml`);
  writeIfChanged(rl, `${list.join('\n')}\n`);
  return { resourceList: rl, pkg: dirs[0], copy: dirs[1], items: list.filter((l) => l.startsWith('- ')).length };
}

function listFiles(dir, rel = '') {
  let out = [];
  let entries;
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out = out.concat(listFiles(dir, r));
    else out.push(r);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// measuring

const HAVE_TIME = (() => {
  try {
    fs.accessSync(TIME, fs.constants.X_OK);
    return spawnSync(TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
  } catch {
    return false;
  }
})();

/**
 * One run: wall ms (hrtime around spawnSync) and peak RSS in KiB. With GNU time, %M is the child's
 * ru_maxrss from wait4, which on Linux is the max over the child and the descendants it waited for
 * (for kpt: max(kpt, function)). Without it, peak RSS is not measured (the parent's
 * process.resourceUsage() only covers the parent itself).
 */
function runOnce(cmd, args, { stdinFile, stdoutFile, cwd, env }) {
  const rssFile = path.join(BENCH, `.rss-${process.pid}`);
  const argv = HAVE_TIME ? [TIME, '-f', '%M %U %S', '-o', rssFile, cmd, ...args] : [cmd, ...args];
  const stdin = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  const stdout = fs.openSync(stdoutFile || '/dev/null', 'w');
  try {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(argv[0], argv.slice(1), {
      cwd: cwd || ROOT,
      env: env || process.env,
      stdio: [stdin, stdout, 'pipe'],
      maxBuffer: 512 * MiB,
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    let rssKiB;
    let cpuMs;
    if (HAVE_TIME) {
      const text = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
      const [m, u, sy] = text[text.length - 1].split(' ').map(Number);
      rssKiB = m;
      cpuMs = (u + sy) * 1000;
      fs.rmSync(rssFile, { force: true });
    }
    return { ms, rssKiB, cpuMs, status: res.status, signal: res.signal, error: res.error, stderr: res.stderr || '' };
  } finally {
    if (typeof stdin === 'number') fs.closeSync(stdin);
    fs.closeSync(stdout);
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function commandsFor(n, gen, opts) {
  const env = opts.heapMb ? { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --max-old-space-size=${opts.heapMb}`.trim() } : undefined;
  const all = [
    { key: 'fn', label: 'fn', cmd: BIN, args: [], stdinFile: gen.resourceList },
    { key: 'kyaml', label: 'kpt fn source', cmd: KPT, args: ['fn', 'source', gen.pkg] },
    { key: 'fnKpt', label: 'fn under kpt', cmd: KPT, args: ['fn', 'eval', gen.copy, '--exec', BIN, '-o', 'stdout'] },
    { key: 'catKpt', label: 'cat under kpt', cmd: KPT, args: ['fn', 'eval', gen.copy, '--exec', '/bin/cat', '-o', 'stdout'] },
    // Diagnostics for the bounds: kpt handing back the function's (bigger) output without running
    // it, and Node.js starting with nothing to do.
    { key: 'replayKpt', label: 'replay under kpt', cmd: KPT, lazyArgs: () => ['fn', 'eval', gen.copy, '--exec', replayScript(n, gen), '-o', 'stdout'] },
    { key: 'node', label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
  ].map((c) => ({ ...c, env }));
  const chosen = opts.commands ? all.filter((c) => opts.commands.includes(c.key)) : all;
  for (const c of chosen) if (c.lazyArgs) c.args = c.lazyArgs();
  return chosen;
}

/**
 * An exec function for kpt that reads its input and prints what the function printed for that
 * same input under kpt (recorded once, here): what kpt itself costs for the function's output.
 */
function replayScript(n, gen) {
  const recorded = path.join(BENCH, `${n}.replay.yaml`);
  const record = path.join(BENCH, `${n}.record.sh`);
  const replay = path.join(BENCH, `${n}.replay.sh`);
  fs.writeFileSync(record, `#!/bin/sh\n"${BIN}" | tee "${recorded}"\n`, { mode: 0o755 });
  fs.writeFileSync(replay, `#!/bin/sh\ncat > /dev/null\nexec cat "${recorded}"\n`, { mode: 0o755 });
  if (!fs.existsSync(recorded) || fs.statSync(recorded).mtimeMs < fs.statSync(gen.resourceList).mtimeMs || fs.statSync(recorded).mtimeMs < fs.statSync(BIN).mtimeMs) {
    const res = runOnce(KPT, ['fn', 'eval', gen.copy, '--exec', record, '-o', 'stdout'], {});
    if (res.status !== 0) throw new Error(`recording the function's output under kpt failed: ${reasonOf(res)}`);
  }
  return replay;
}

/** A short reason for a failed run. */
function reasonOf(res) {
  if (res.error) return res.error.message;
  if (/heap out of memory|Reached heap limit|allocation failure; scavenge might not succeed/.test(res.stderr)) return 'out of memory (JS heap)';
  return `exit status ${res.status}${res.signal ? ` (${res.signal})` : ''}`;
}

/** Output checks of the first (warm-up) run: the function really injected every Deployment. */
function check(c, n, outFile, stderr) {
  const out = fs.readFileSync(outFile, 'utf8');
  const sidecars = (out.match(/^\s*(- )?name: fluid-fuse-0( +#.*)?$/gm) || []).length; // kpt may move comments onto it
  if (c.key === 'node') return undefined;
  if (c.key === 'fn' || c.key === 'fnKpt' || c.key === 'replayKpt') {
    if (sidecars !== n) return `expected ${n} injected fluid-fuse-0 containers, found ${sidecars}`;
    if (/\[error\]/.test(stderr)) return `error results on stderr: ${stderr.split('\n').find((l) => l.includes('[error]'))}`;
    if (/\[warning\]/.test(stderr)) return `warning results on stderr: ${stderr.split('\n').find((l) => l.includes('[warning]'))}`;
  } else if (sidecars !== 0) {
    return `expected no injected containers, found ${sidecars}`;
  }
  if (out.length < 100) return `output too short (${out.length} bytes)`;
  return undefined;
}

function fail(c, n, why, stderr) {
  const tail = (stderr || '').trim().split('\n').slice(-15).join('\n');
  process.stderr.write(`bench: N=${n} ${c.label} failed: ${why}\n${tail ? `${tail}\n` : ''}`);
}

function measure(n, gen, opts) {
  const reps = opts.runs || (n <= 1000 ? 5 : 3);
  const cmds = commandsFor(n, gen, opts);
  const samples = Object.fromEntries(cmds.map((c) => [c.key, []]));
  const failed = new Map(); // key → reason
  // warm-up + check: output goes to a file and is checked, not timed
  for (const c of cmds) {
    const outFile = path.join(BENCH, `${n}.${c.key}.out.yaml`);
    const res = runOnce(c.cmd, c.args, { stdinFile: c.stdinFile, stdoutFile: outFile, env: c.env });
    if (res.status !== 0) {
      fail(c, n, reasonOf(res), res.stderr);
      failed.set(c.key, reasonOf(res));
      fs.rmSync(outFile, { force: true });
      continue;
    }
    const problem = check(c, n, outFile, res.stderr);
    if (problem) {
      fail(c, n, problem, '');
      failed.set(c.key, `wrong output: ${problem}`);
    }
    if (opts.warmup === false || n > 1000) samples[c.key].push(res); // no separate warm-up: count it
    fs.rmSync(outFile, { force: true });
  }
  const remaining = (k) => reps - samples[k].length;
  for (let rep = 0; cmds.some((c) => !failed.has(c.key) && remaining(c.key) > 0); rep++) {
    for (const c of cmds) {
      if (failed.has(c.key) || remaining(c.key) <= 0) continue;
      const res = runOnce(c.cmd, c.args, { stdinFile: c.stdinFile, env: c.env });
      if (res.status !== 0) {
        fail(c, n, reasonOf(res), res.stderr);
        failed.set(c.key, reasonOf(res));
        continue;
      }
      samples[c.key].push(res);
      process.stderr.write(`  N=${n} ${c.label.padEnd(14)} run ${samples[c.key].length}/${reps}: ${res.ms.toFixed(0)} ms${res.rssKiB ? `, ${(res.rssKiB / 1024).toFixed(0)} MiB` : ''}\n`);
    }
  }
  const stats = {};
  for (const c of cmds) {
    const s = samples[c.key];
    if (failed.has(c.key) || s.length === 0) continue;
    stats[c.key] = {
      ms: median(s.map((x) => x.ms)),
      min: Math.min(...s.map((x) => x.ms)),
      max: Math.max(...s.map((x) => x.ms)),
      rssMiB: HAVE_TIME ? Math.max(...s.map((x) => x.rssKiB)) / 1024 : undefined,
      cpuMs: HAVE_TIME ? median(s.map((x) => x.cpuMs)) : undefined,
      runs: s.length,
    };
  }
  return { stats, failed, commands: cmds.map((c) => c.key) };
}

// ------------------------------------------------------------------------------------------------
// report

const f0 = (x) => (x === undefined ? 'n/a' : x.toFixed(0));
const f2 = (x) => (x === undefined ? 'n/a' : x.toFixed(2));
const ratio = (a, b) => (a === undefined || b === undefined ? undefined : a / b);

function report(rows, opts) {
  const lines = [];
  /** cell for a measured value of command `key` in row r: the value, FAILED, or - (not run) */
  const cell = (r, key, v, fmt) => (r.failed.has(key) ? 'FAILED' : !r.commands.includes(key) ? '-' : fmt(v));
  const why = (r, key) => (r.failed.has(key) ? ` (${key} run failed: ${r.failed.get(key)})` : '');
  lines.push(`Benchmark of inject-fluid-sidecar (${new Date().toISOString()}, node ${process.version}, ${require('node:os').cpus().length} CPUs, ${kptVersion()})`);
  lines.push(BUILD_INFO);
  lines.push(`load average at start/end: ${LOAD.start} / ${require('node:os').loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on this machine skews wall times)`);
  if (opts.heapMb) lines.push(`NOTE: the function ran with --max-old-space-size=${opts.heapMb} (diagnostic, not the shipped default)`);
  lines.push('');
  lines.push('| N | items | input MiB | fn ms | fn peak RSS MiB | kyaml ms | fn/kyaml | fn under kpt ms | cat under kpt ms | fn@kpt/cat@kpt |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const s = r.stats;
    lines.push(
      `| ${r.n} | ${r.items} | ${f2(r.inputMiB)} | ${cell(r, 'fn', s.fn?.ms, f0)} | ${cell(r, 'fn', s.fn?.rssMiB, f0)} | ${cell(r, 'kyaml', s.kyaml?.ms, f0)} | ${f2(ratio(s.fn?.ms, s.kyaml?.ms))} | ${cell(r, 'fnKpt', s.fnKpt?.ms, f0)} | ${cell(r, 'catKpt', s.catKpt?.ms, f0)} | ${f2(ratio(s.fnKpt?.ms, s.catKpt?.ms))} |`,
    );
  }
  lines.push('');
  lines.push('Every command: wall ms (median, min, max), median CPU ms (user+sys, incl. children; less');
  lines.push('sensitive to other load than wall time), peak RSS MiB (kpt rows: max over kpt and its child):');
  lines.push('');
  lines.push('| N | command | runs | median ms | min ms | max ms | CPU ms | peak RSS MiB |');
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    for (const [key, label] of [['fn', 'fn'], ['kyaml', 'kpt fn source'], ['fnKpt', 'kpt fn eval --exec fn'], ['catKpt', 'kpt fn eval --exec /bin/cat'], ['replayKpt', 'kpt fn eval --exec replay of fn output'], ['node', 'node -e 0']]) {
      const s = r.stats[key];
      if (!r.commands.includes(key)) continue;
      if (!s) lines.push(`| ${r.n} | ${label} | FAILED: ${r.failed.get(key) || 'no run'} | | | | | |`);
      else lines.push(`| ${r.n} | ${label} | ${s.runs} | ${f0(s.ms)} | ${f0(s.min)} | ${f0(s.max)} | ${f0(s.cpuMs)} | ${f0(s.rssMiB)} |`);
    }
  }
  lines.push('');
  lines.push('Targets:');
  lines.push('');
  const byN = new Map(rows.map((r) => [r.n, r]));
  // verdict: PASS/FAIL; a failed run of the function counts as FAIL; a missing size or command is n/a
  const verdict = (ok, rowsInvolved, fnKeys) => {
    const fnFailed = rowsInvolved.some((r) => r && fnKeys.some((k) => r.failed.has(k)));
    if (fnFailed) return 'FAIL';
    return ok === undefined ? 'n/a ' : ok ? 'PASS' : 'FAIL';
  };
  for (const n of [1000, 10000]) {
    const r = byN.get(n);
    const s = r?.stats;
    const rt = ratio(s?.fn?.ms, s?.kyaml?.ms);
    lines.push(`- ${verdict(rt === undefined ? undefined : rt <= 1.0, [r], ['fn'])} N=${n}: fn alone ≤ 1.0 × kyaml read+write: ${f0(s?.fn?.ms)} ms vs ${f0(s?.kyaml?.ms)} ms (${f2(rt)}×)${r ? why(r, 'fn') : ' (size not run)'}`);
  }
  {
    const r1 = byN.get(1000);
    const r2 = byN.get(10000);
    const a = r1?.stats.fn?.ms;
    const b = r2?.stats.fn?.ms;
    const rt = ratio(b, a);
    lines.push(`- ${verdict(rt === undefined ? undefined : rt <= 11, [r1, r2], ['fn'])} scaling: fn(10,000) ≤ 11 × fn(1,000): ${f0(b)} ms vs ${f0(a)} ms (${f2(rt)}×)${r2 ? why(r2, 'fn') : ''}`);
  }
  for (const r of rows) {
    if (!r.commands.includes('fn')) continue;
    const rss = r.stats.fn?.rssMiB;
    const limit = 4 * r.inputMiB + 60;
    lines.push(`- ${verdict(rss === undefined ? undefined : rss <= limit, [r], ['fn'])} N=${r.n}: fn peak RSS ≤ 4 × input + 60 MiB: ${f0(rss)} MiB vs ${f0(limit)} MiB${why(r, 'fn')}`);
  }
  {
    const r = byN.get(1);
    const ms = r?.stats.fn?.ms;
    const node = r?.stats.node?.ms;
    lines.push(`- ${verdict(ms === undefined ? undefined : ms <= 150, [r], ['fn'])} one-workload run (N=1, ${r?.items ?? '?'} items) ≤ 150 ms wall: ${f0(ms)} ms (node -e 0: ${f0(node)} ms)`);
  }
  for (const r of rows) {
    if (!r.commands.includes('fnKpt')) continue;
    const rt = ratio(r.stats.fnKpt?.ms, r.stats.catKpt?.ms);
    const replay = r.stats.replayKpt?.ms;
    const kptShare = replay === undefined ? '' : `; kpt alone with the function's output (replayed): ${f0(replay)} ms, so the function's own share is ${f0(r.stats.fnKpt?.ms - replay)} ms`;
    lines.push(`- ${verdict(rt === undefined ? undefined : rt <= 1.3, [r], ['fnKpt'])} N=${r.n}: under kpt the fn adds ≤ 30 % to the do-nothing pipeline: ${f0(r.stats.fnKpt?.ms)} ms vs ${f0(r.stats.catKpt?.ms)} ms (+${f0(rt === undefined ? undefined : (rt - 1) * 100)} %)${kptShare}${why(r, 'fnKpt')}`);
  }
  if (!HAVE_TIME) lines.push('', `(${TIME} not found: peak RSS not measured)`);
  return `${lines.join('\n')}\n`;
}

function kptVersion() {
  const r = spawnSync(KPT, ['version'], { encoding: 'utf8' });
  return r.status === 0 ? `kpt ${r.stdout.trim()}` : 'kpt ?';
}

// ------------------------------------------------------------------------------------------------

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true, force: true, preserveTimestamps: true });
}

/** Copies bin/, dist/ and package.json to .bench/snapshot (node_modules resolves from ROOT). */
function snapshotBuild() {
  fs.rmSync(SNAPSHOT, { recursive: true, force: true });
  fs.mkdirSync(SNAPSHOT, { recursive: true });
  copyDir(path.join(ROOT, 'bin'), path.join(SNAPSHOT, 'bin'));
  copyDir(path.join(ROOT, 'dist'), path.join(SNAPSHOT, 'dist'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(SNAPSHOT, 'package.json'));
  BIN = path.join(SNAPSHOT, 'bin', 'inject-fluid-sidecar');
}

function buildInfo() {
  const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const head = git(['rev-parse', '--short', 'HEAD']) || '?';
  const dirty = git(['status', '--porcelain', '--', 'fn', 'package.json']) ? ' + uncommitted changes under fn/' : '';
  const built = fs.statSync(path.join(ROOT, 'dist', 'fn', 'main.js')).mtime.toISOString();
  return `build: git ${head}${dirty}, dist/fn/main.js built ${built}`;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'fn', 'main.js'))) {
    process.stderr.write('bench: dist/ missing, building (npx tsc -p tsconfig.json)\n');
    const b = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
    if (!fs.existsSync(path.join(ROOT, 'dist', 'fn', 'main.js'))) {
      process.stderr.write(`bench: build failed (status ${b.status})\n`);
      process.exit(1);
    }
  }
  fs.mkdirSync(BENCH, { recursive: true });
  LOAD.start = require('node:os').loadavg().map((x) => x.toFixed(2)).join(' ');
  BUILD_INFO = buildInfo();
  if (!opts.live) snapshotBuild();
  process.stderr.write(`bench: ${BUILD_INFO}; function: ${BIN}\n`);
  const rows = [];
  let failedRuns = false;
  for (const n of opts.sizes) {
    const t0 = Date.now();
    const gen = generate(n);
    const inputMiB = fs.statSync(gen.resourceList).size / MiB;
    process.stderr.write(`bench: N=${n}: ${gen.items} items, ${inputMiB.toFixed(2)} MiB (generated in ${Date.now() - t0} ms)\n`);
    const { stats, failed, commands } = measure(n, gen, opts);
    if (failed.size) failedRuns = true;
    rows.push({ n, items: gen.items, inputMiB, stats, failed, commands });
  }
  const text = report(rows, opts);
  process.stdout.write(text);
  fs.writeFileSync(opts.out, text);
  process.exitCode = failedRuns ? 1 : 0;
}

if (require.main === module) main();

module.exports = { generatePackage, generate, rng, median };
