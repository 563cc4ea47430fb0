import { isDeepStrictEqual } from 'node:util';
import { DEVELOPMENT_PROFILE, FLUID_VERSIONS, FluidProfile, PROFILES, releaseOfImage, sidecarCheck, unsupportedVersion } from './versions';

/** Fields whose value differs between two profiles. */
function changed(a: FluidProfile, b: FluidProfile): string[] {
  return (Object.keys(a) as (keyof FluidProfile)[]).filter((k) => k !== 'version' && !isDeepStrictEqual(a[k], b[k])).sort();
}

describe('profiles', () => {
  it('one per fluidVersion, the development line being the default', () => {
    expect(Object.keys(PROFILES)).toEqual([...FLUID_VERSIONS]);
    for (const v of FLUID_VERSIONS) expect(PROFILES[v].version).toBe(v);
    expect(DEVELOPMENT_PROFILE).toBe(PROFILES['v1.1']);
  });

  // docs/fluid-versions.md, "Differences per boundary": what changes at each release and nothing else.
  it.each([
    ['v1.0.1', ['managedByLabel', 'multiRound', 'skipsBareSidecarNames', 'skipsFluidPods']],
    ['v1.0.2', ['defaultPlugins', 'plugins']],
    ['v1.0.3', ['mappingLabels', 'metricsPorts']],
    ['v1.0.4', ['unprivilegedFuseDevice']],
    ['v1.0.5', ['checkConfigMaps', 'checkMount', 'mappingLabels', 'skipPrecheck']],
    ['v1.0.6', ['checkConfigMaps', 'defaultPlugins', 'platformAnnotation', 'plugins']],
    ['v1.0.7', ['injectionErrorsAdmit', 'randomSuffix']],
    ['v1.0.8', ['appCheckOwnRedirect', 'checkMount', 'mappingLabels', 'nativeSidecar', 'postStartRedirect']],
    ['v1.1', ['checkConfigMaps', 'checkMount', 'datasetsInUse', 'fuseDeviceVolumes', 'fuseMountByType', 'fuseMountVolumes', 'mappingLabels', 'runtimes']],
  ] as const)('%s changes %j', (version, fields) => {
    const i = FLUID_VERSIONS.indexOf(version);
    expect(changed(PROFILES[FLUID_VERSIONS[i - 1]], PROFILES[version])).toEqual([...fields].sort());
  });

  it('the rows of the table at the releases the hidden v1.0.8 cases exercise', () => {
    const p = PROFILES['v1.0.8'];
    expect(p.mappingLabels).toBe('mapping-underscore');
    expect(p.datasetsInUse).toBe('overwrite');
    expect(p.checkConfigMaps).toEqual({ perDataset: false, datasetIdLabel: true, refresh: false });
    expect(p.postStartRedirect).toBe(false);
    expect(p.checkMount).toEqual({ ownRedirect: true, trace: false, pollSeconds: 1, mountChecks: 30, subPathChecks: 1, logStamps: true });
    expect(p.runtimes).toContain('goosefs');
    expect(p.runtimes).not.toContain('cache');
    expect(p.defaultPlugins).toEqual(['FilePrefetcher', 'FuseSidecar', 'DatasetUsageInjector']);
    expect(DEVELOPMENT_PROFILE.runtimes).toEqual(['alluxio', 'jindo', 'juicefs', 'thin', 'efc', 'vineyard', 'cache']);
    expect(DEVELOPMENT_PROFILE.fuseMountVolumes.some((n) => n.startsWith('goosefs'))).toBe(false);
  });
});

describe('sidecarCheck', () => {
  it('names the ConfigMap and volume as each release does', () => {
    expect(sidecarCheck(PROFILES['v1.1'], 'default', 'ds', 'Fuse.Alluxio-Fuse')).toEqual({
      configMap: 'fuse.alluxio-fuse-default-check-mount',
      volume: 'default-check-mount',
      script: 'check-mount',
    });
    expect(sidecarCheck(PROFILES['v1.0.5'], 'unprivileged', 'ds', 'JuiceFS')).toEqual({ configMap: 'ds-juicefs-check-mount', volume: 'check-mount', script: 'check-mount' });
    expect(sidecarCheck(PROFILES['v1.0.3'], 'default', 'ds', 'jindo')).toEqual({ configMap: 'ds-jindo-check-mount', volume: 'check-mount', script: 'check-mount' });
    expect(sidecarCheck(PROFILES['v1.0.3'], 'unprivileged', 'ds', 'jindo')).toEqual({
      configMap: 'ds-jindo-check-mount-unprivileged',
      volume: 'check-mount-unprivileged',
      script: 'unprivileged',
    });
  });
});

describe('releaseOfImage', () => {
  it.each([
    ['fluidcloudnative/fluid-webhook:v1.0.8-6533239', 'v1.0.8'],
    ['fluidcloudnative/fluid-webhook:v1.0.0-31f5433', 'v1.0.0'],
    ['registry.example.com:5000/fluid/fluid-webhook:v1.0.5-7e917c7', 'v1.0.5'],
    ['fluidcloudnative/fluid-webhook:v1.1.0-36f0467', 'v1.1'],
    ['fluidcloudnative/fluid-webhook:1.0.7@sha256:0123', 'v1.0.7'],
  ])('%s is %s', (image, version) => {
    expect(releaseOfImage(image)).toEqual({ version });
  });

  it.each([
    ['fluidcloudnative/fluid-webhook:v0.9.3-e0184cf', 'Fluid v0.9.x (v0.9.3-e0184cf) injects with a different implementation'],
    ['fluidcloudnative/fluid-webhook:v1.0.9-abc', 'Fluid v1.0.9-abc is not a release this function knows'],
    ['fluidcloudnative/fluid-webhook:v1.2.0', 'Fluid v1.2.0 is not a release this function knows'],
    ['registry.example.com:5000/fluid-webhook', 'its tag (none) names no Fluid release'],
    ['fluidcloudnative/fluid-webhook:latest', 'its tag "latest" names no Fluid release'],
    ['fluidcloudnative/fluid-webhook@sha256:0123', 'its tag (none) names no Fluid release'],
  ])('%s names no supported release', (image, problem) => {
    const r = releaseOfImage(image);
    expect('problem' in r && r.problem).toContain(problem);
  });

  it('unsupportedVersion explains v0.9 and other version-like text, and nothing else', () => {
    expect(unsupportedVersion('v0.9.1')).toContain('different implementation');
    expect(unsupportedVersion('1.2')).toContain('is not a release this function knows (supported: v1.0.0, ');
    expect(unsupportedVersion('latest')).toBeUndefined();
  });
});
