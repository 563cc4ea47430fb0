'use strict';
// Packages for the JuiceFS function (bin/inject-juicefs-sidecar, #13), used by bench/run.js once
// that function exists: N one-replica Deployments, each mounting one of a pool of JuiceFS CSI
// PVCs, in namespaces labelled for the hostpath profile, with the state the function reads from
// its input (Namespaces, keys-only credential Secrets (`data`, the values the pod never sees left empty), PVs of driver csi.juicefs.com, bound PVCs).
// Block style, as kyaml writes it.
const { rng } = require('./generate');

const NAMESPACES = ['jfs-training', 'jfs-analytics', 'jfs-serving'];
const APPS = ['trainer', 'etl', 'indexer', 'ranker', 'scorer', 'reader', 'api', 'batch'];

/** An object template: render(extra annotations) → lines, kpt's annotations after the object's own. */
function obj(lines, own = []) {
  return (extra) => {
    const all = [...own, ...extra];
    return lines.flatMap((l) => (l === ANNOTATIONS ? (all.length ? ['  annotations:', ...all.map((a) => `    ${a}`)] : []) : [l]));
  };
}
const ANNOTATIONS = Symbol('annotations');
const b64 = (s) => Buffer.from(s).toString('base64');
const LOCAL = 'config.kubernetes.io/local-config: "true"';

function juicefsPackage(n) {
  const r = rng(0x1f5e0000 + n);
  const namespaces = NAMESPACES.slice(0, Math.min(NAMESPACES.length, Math.max(1, Math.ceil(n / 100))));
  const perNamespace = n >= 100 ? 10 : 2;
  const files = [];
  for (const ns of namespaces) {
    const objects = [
      obj(['apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${ns}`, '  labels:', '    juicefs.com/enable-injection: "true"', ANNOTATIONS], [LOCAL]),
    ];
    for (let k = 0; k < perNamespace; k++) {
      const vol = `jfs-vol-${k}`;
      objects.push(
        obj(['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${vol}-secret`, `  namespace: ${ns}`, ANNOTATIONS, 'type: Opaque', 'data:', `  name: ${b64(vol)}`, '  metaurl: ""', `  storage: ${b64('s3')}`, `  bucket: ${b64(`https://bucket-${k}.s3.example.com`)}`, `  access-key: ${b64('AKIAEXAMPLE')}`, '  secret-key: ""'], [LOCAL]),
        obj(['apiVersion: v1', 'kind: PersistentVolume', 'metadata:', `  name: ${ns}-${vol}`, ANNOTATIONS, 'spec:', '  capacity:', '    storage: 10Pi', '  accessModes:', '  - ReadWriteMany', '  persistentVolumeReclaimPolicy: Retain', '  csi:', '    driver: csi.juicefs.com', `    volumeHandle: ${ns}-${vol}`, '    fsType: juicefs', '    nodePublishSecretRef:', `      name: ${vol}-secret`, `      namespace: ${ns}`], [LOCAL]),
        obj(['apiVersion: v1', 'kind: PersistentVolumeClaim', 'metadata:', `  name: ${vol}`, `  namespace: ${ns}`, ANNOTATIONS, 'spec:', '  accessModes:', '  - ReadWriteMany', '  resources:', '    requests:', '      storage: 10Gi', '  storageClassName: ""', `  volumeName: ${ns}-${vol}`, 'status:', '  phase: Bound'], [LOCAL]),
      );
    }
    files.push({ rel: `juicefs-context/${ns}.yaml`, objects });
  }
  for (let i = 0; i < n; i++) {
    const ns = namespaces[i % namespaces.length];
    const app = `${r.pick(APPS)}-${String(i).padStart(5, '0')}`;
    const vol = `jfs-vol-${r.int(0, perNamespace - 1)}`;
    files.push({
      rel: `apps/${ns}/${app}.yaml`,
      objects: [
        obj([
          `# ${app}: reads ${vol} through the JuiceFS CSI sidecar.`,
          'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${app}`, `  namespace: ${ns}`, '  labels:', `    app.kubernetes.io/name: ${app}`, ANNOTATIONS,
          'spec:', '  replicas: 1', '  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`, '  template:', '    metadata:', '      labels:', `        app.kubernetes.io/name: ${app}`,
          '    spec:', '      containers:', '      - name: app', `        image: registry.example.com/${ns}/${app}:1.${r.int(0, 9)}`, '        volumeMounts:', '        - name: data', '          mountPath: /data',
          '      volumes:', '      - name: data', '        persistentVolumeClaim:', `          claimName: ${vol}`,
        ]),
      ],
    });
  }
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

module.exports = { juicefsPackage };
