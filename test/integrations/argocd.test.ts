// examples/argocd/: the config management plugin run as Argo CD's argocd-cmp-server runs it (the
// generate command in the application's source directory, with the build environment and the
// plugin parameters as PARAM_* variables), the discover rule, and the repo-server patch.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KubeObject } from '../../fn/types';
import { CMP_IMAGE, expectAppliedExampleApp, expectWebInjected, parseAll, parseOne, requireBuild, ROOT, VERSION } from './support';

const DIR = path.join(ROOT, 'examples', 'argocd');
const APP = path.join(DIR, 'app');

interface Plugin {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version: string;
    discover: { fileName?: string };
    parameters: { static: { name: string; string?: string }[] };
    generate: { command: string[]; args?: string[] };
  };
}

const plugin = parseOne(fs.readFileSync(path.join(DIR, 'plugin.yaml'), 'utf8')) as unknown as Plugin;
const application = parseOne(fs.readFileSync(path.join(DIR, 'application.yaml'), 'utf8')) as {
  spec: { source: { path: string; plugin: { name: string; parameters: { name: string; string: string }[] } } };
};

beforeAll(requireBuild);

/** Argo CD's parameter variables: ARGOCD_APP_PARAMETERS (JSON) and PARAM_<NAME> per string parameter. */
function parameterEnv(params: { name: string; string: string }[]): Record<string, string> {
  const env: Record<string, string> = { ARGOCD_APP_PARAMETERS: JSON.stringify(params) };
  for (const p of params) env[`PARAM_${p.name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`] = p.string;
  return env;
}

/** The generate command as argocd-cmp-server runs it: in the app's source directory, with its env. */
function generate(appDir: string, params: { name: string; string: string }[], pathDirs: string[] = [path.join(ROOT, 'bin'), '/usr/bin', '/bin']) {
  const [cmd, ...cmdArgs] = plugin.spec.generate.command;
  const args = [...cmdArgs, ...(plugin.spec.generate.args ?? [])];
  const env = {
    PATH: pathDirs.join(':'),
    HOME: os.tmpdir(),
    ARGOCD_APP_NAME: 'web',
    ARGOCD_APP_NAMESPACE: 'argocd',
    ARGOCD_APP_REVISION: '0123456789abcdef0123456789abcdef01234567',
    ARGOCD_APP_REVISION_SHORT: '0123456',
    ARGOCD_APP_SOURCE_PATH: path.relative(ROOT, appDir),
    ARGOCD_APP_SOURCE_REPO_URL: 'https://github.com/example/fluid-apps.git',
    ARGOCD_APP_SOURCE_TARGET_REVISION: 'main',
    KUBE_VERSION: '1.29.0',
    KUBE_API_VERSIONS: 'v1,apps/v1,batch/v1,data.fluid.io/v1alpha1',
    ...parameterEnv(params),
  };
  const r = spawnSync(cmd, args, { cwd: appDir, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every document is a Kubernetes object (Argo CD: "stdout must be ONLY valid Kubernetes Objects"). */
function kubernetesObjects(stdout: string): KubeObject[] {
  const docs = parseAll(stdout);
  expect(docs.length).toBeGreaterThan(0);
  for (const d of docs) {
    expect(d).toEqual(expect.objectContaining({ apiVersion: expect.any(String), kind: expect.any(String), metadata: expect.objectContaining({ name: expect.any(String) }) }));
  }
  return docs as KubeObject[];
}

/** Go's filepath.Match as Argo CD applies discover.fileName (a glob relative to the source dir). */
function discoverMatches(appDir: string, glob: string): string[] {
  const re = new RegExp(
    `^${glob
      .replace(/^\.\//, '')
      .split('')
      .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|\\]/g, '\\$&')))
      .join('')}$`,
  );
  const files: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else files.push(r);
    }
  };
  walk(appDir, '');
  return files.filter((f) => re.test(f));
}

describe('examples/argocd/plugin.yaml', () => {
  it('is a ConfigManagementPlugin v2 that the Application names as <name>-<version>', () => {
    expect(plugin).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'inject-fluid-sidecar' } });
    expect(plugin.spec.version).toMatch(/^v\d+$/);
    expect(application.spec.source.plugin.name).toBe(`${plugin.metadata.name}-${plugin.spec.version}`);
    expect(path.join(ROOT, application.spec.source.path)).toBe(APP);
    const known = plugin.spec.parameters.static.map((p) => p.name);
    for (const p of application.spec.source.plugin.parameters) expect(known).toContain(p.name);
  });

  it('discovers the app directory by its Fluid context, and not a directory without one', () => {
    const glob = plugin.spec.discover.fileName!;
    expect(discoverMatches(APP, glob)).toEqual(['fluid-context.yaml']);
    expect(discoverMatches(path.join(ROOT, 'examples', 'kustomize', 'app'), glob)).toEqual([]);
  });

  it('generate (no parameters): only Kubernetes objects on stdout, the workload injected, no cluster state', () => {
    const r = generate(APP, []);
    expect(r.stderr).not.toContain('[error]');
    expect(r.status).toBe(0);
    const objects = kubernetesObjects(r.stdout);
    // What the tool applies: the app and the generated ConfigMaps, not the Fluid context.
    expectAppliedExampleApp(objects);
    // Results go to stderr, which Argo CD shows.
    expect(r.stderr).toContain('[info] Deployment demo/web: injected fluid-fuse-0 (dataset demo/hbase)');
    // Comments and YAML 1.1 values of the app come through.
    expect(r.stdout).toContain('defaultMode: 0755 # octal: YAML 1.1, as kubectl reads it');
  });

  it("generate with the Application's parameters: the config file is applied (native-sidecar)", () => {
    const r = generate(APP, application.spec.source.plugin.parameters);
    expect(r.status).toBe(0);
    const objects = kubernetesObjects(r.stdout);
    expectWebInjected(objects, 'native-sidecar');
    expect(objects.some((o) => o.kind === 'InjectFluidSidecar')).toBe(false);
  });

  it('a render error fails generate with nothing on stdout', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-app-'));
    try {
      fs.copyFileSync(path.join(APP, 'app.yaml'), path.join(tmp, 'app.yaml'));
      // The context without the PVC the workload mounts.
      const context = fs.readFileSync(path.join(APP, 'fluid-context.yaml'), 'utf8').split(/^---\n/m);
      fs.writeFileSync(path.join(tmp, 'fluid-context.yaml'), context.filter((d) => !/^kind: PersistentVolumeClaim$/m.test(d)).join('---\n'));
      const r = generate(tmp, []);
      expect(r.status).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/\[error\] Deployment demo\/web: .*PersistentVolumeClaim/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a missing config file named by the parameter fails generate', () => {
    const r = generate(APP, [{ name: 'config', string: 'no-such-config.yaml' }]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no-such-config.yaml');
  });
});

describe('examples/argocd/repo-server-patch.yaml', () => {
  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const maybe = kubectl.status === 0 ? it : it.skip;

  maybe('patched into an argocd-repo-server Deployment: a CMP sidecar with the plugin config mounted', () => {
    // argocd-repo-server as Argo CD's install manifests declare it (the parts the patch relies on).
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-install-'));
    try {
      fs.writeFileSync(
        path.join(tmp, 'repo-server.yaml'),
        `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
  namespace: argocd
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: argocd-repo-server}
  template:
    metadata:
      labels: {app.kubernetes.io/name: argocd-repo-server}
    spec:
      initContainers:
      - name: copyutil
        image: quay.io/argoproj/argocd:v2.13.0
        command: [/bin/cp, -n, /usr/local/bin/argocd, /var/run/argocd/argocd-cmp-server]
        volumeMounts:
        - {name: var-files, mountPath: /var/run/argocd}
      containers:
      - name: argocd-repo-server
        image: quay.io/argoproj/argocd:v2.13.0
        volumeMounts:
        - {name: var-files, mountPath: /var/run/argocd}
        - {name: plugins, mountPath: /home/argocd/cmp-server/plugins}
        - {name: tmp, mountPath: /tmp}
      volumes:
      - {name: var-files, emptyDir: {}}
      - {name: plugins, emptyDir: {}}
      - {name: tmp, emptyDir: {}}
`,
      );
      fs.copyFileSync(path.join(DIR, 'repo-server-patch.yaml'), path.join(tmp, 'repo-server-patch.yaml'));
      fs.copyFileSync(path.join(DIR, 'plugin.yaml'), path.join(tmp, 'plugin.yaml'));
      fs.writeFileSync(
        path.join(tmp, 'kustomization.yaml'),
        `resources: [repo-server.yaml]
patches: [{path: repo-server-patch.yaml}]
configMapGenerator:
- name: inject-fluid-sidecar-plugin
  namespace: argocd
  files: [plugin.yaml]
  options: {disableNameSuffixHash: true}
`,
      );
      const r = spawnSync('kubectl', ['kustomize', tmp], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const objects = parseAll(r.stdout) as KubeObject[];
      const cm = objects.find((o) => o.kind === 'ConfigMap')!;
      expect(cm.metadata.name).toBe('inject-fluid-sidecar-plugin');
      expect((cm.data as Record<string, string>)['plugin.yaml']).toBe(fs.readFileSync(path.join(DIR, 'plugin.yaml'), 'utf8'));

      type Mount = { name: string; mountPath: string; subPath?: string };
      const spec = (objects.find((o) => o.kind === 'Deployment')!.spec as {
        template: { spec: { containers: { name: string; image: string; command: string[]; securityContext: object; volumeMounts: Mount[] }[]; volumes: { name: string; configMap?: { name: string }; emptyDir?: object }[] } };
      }).template.spec;
      expect(spec.containers.map((c) => c.name).sort()).toEqual(['argocd-repo-server', 'inject-fluid-sidecar']);
      const sidecar = spec.containers.find((c) => c.name === 'inject-fluid-sidecar')!;
      expect(sidecar.command).toEqual(['/var/run/argocd/argocd-cmp-server']);
      expect(sidecar.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      const mounts = Object.fromEntries(sidecar.volumeMounts.map((m) => [m.mountPath, m]));
      expect(mounts['/var/run/argocd'].name).toBe('var-files');
      expect(mounts['/home/argocd/cmp-server/plugins'].name).toBe('plugins');
      expect(mounts['/home/argocd/cmp-server/config/plugin.yaml']).toMatchObject({ subPath: 'plugin.yaml' });
      const volume = (name: string) => spec.volumes.find((v) => v.name === name);
      expect(volume(mounts['/home/argocd/cmp-server/config/plugin.yaml'].name)?.configMap?.name).toBe(cm.metadata.name);
      // Its own /tmp, not the repo-server's.
      expect(mounts['/tmp'].name).not.toBe('tmp');
      expect(volume(mounts['/tmp'].name)?.emptyDir).toEqual({});
      // Every mounted volume exists.
      for (const m of sidecar.volumeMounts) expect(volume(m.name)).toBeDefined();
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('names the published image that examples/argocd/Dockerfile builds from the single-file executable', () => {
    const patch = parseOne(fs.readFileSync(path.join(DIR, 'repo-server-patch.yaml'), 'utf8')) as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    const image = patch.spec.template.spec.containers[0].image;
    expect(image).toBe(`${CMP_IMAGE}:${VERSION}`);
    const dockerfile = fs.readFileSync(path.join(DIR, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`-t ${image} `);
    // The executable of the platform being built, as build-sea.js names it.
    expect(dockerfile).toMatch(/^COPY build\/inject-fluid-sidecar-\$\{TARGETOS\}-\$\{TARGETARCH\} \/usr\/local\/bin\/inject-fluid-sidecar$/m);
    expect(fs.readFileSync(path.join(ROOT, 'tools', 'build-sea.js'), 'utf8')).toContain('`inject-fluid-sidecar-${process.platform}-${DOCKER_ARCH[process.arch]');
    expect(dockerfile).toMatch(/^USER 999/m);
    expect(dockerfile).toMatch(/^FROM debian:bookworm-slim@sha256:[0-9a-f]{64}$/m);
    // Its build context: the executables, nothing else.
    expect(fs.readFileSync(path.join(DIR, 'Dockerfile.dockerignore'), 'utf8')).toMatch(/^\*\n!build\/inject-fluid-sidecar-linux-\*\n$/m);
  });
});
