// How every pod label and annotation, and every runtime and state field the mutation reads, is
// parsed: one table per option, written from Fluid's parse call at a826600a4 (spec fluid-webhook.md
// §0, §5, §9.4; Fluid's source where the spec does not pin the detail), so that a lenient or
// stricter reading cannot come back silently (issue #15).
//
// Inventory (grep of fn/mutate, fn/workloads for labels[...] / annotations[...] / runtime fields):
//
// | what we read                                           | where (ours)                       | Fluid's parse (file: call)                                                         |
// |--------------------------------------------------------|------------------------------------|------------------------------------------------------------------------------------|
// | label serverless.fluid.io/inject                       | workloads/pod-templates, inject-pod, platform | utils/annotations.go enabled(): KeyValueMatched(m, k, "true") (exact string) |
// | label fuse.sidecar.fluid.io/inject (deprecated)        | inject-pod, platform               | enabled(): exact "true"                                                            |
// | label fluid.io/enable-injection                        | inject-pod                         | handler: common.CheckExpectValue(labels, k, "false") (exact)                       |
// | label done.sidecar.fluid.io/inject                     | inject-pod, platform               | CheckExpectValue(..., "true") / InjectSidecarDone: exact "true"                   |
// | label unprivileged.sidecar.fluid.io/inject             | platform                           | GetServerlessPlatform: enabled(): exact "true"                                     |
// | label cachedir.sidecar.fluid.io/inject                 | fuse-sidecar                       | InjectCacheDirEnabled: exact "true"                                                |
// | label fuse.sidecar.poststart.fluid.io/inject           | fuse-sidecar                       | SkipSidecarPostStartInject: KeyValueMatched(..., "false") (exact)                 |
// | label app.poststart.fluid.io/inject                    | fuse-sidecar, workloads/pod-view   | AppContainerPostStartInjectEnabled: exact "true"                                  |
// | annotation serverless.fluid.io/platform                | platform                           | KeyMatched (presence, even ""), value compared exactly with the mutator names     |
// | annotation default.fuse-sidecar.fluid.io/host-mount-path-mode | fuse-sidecar                | mutator_default.go: HostPathMode(value) == "random-suffix" (exact)                |
// | annotation sidecar.fluid.io/skip-precheck              | runtime-info                       | SkipPrecheckEnable: exact "true"                                                   |
// | annotation prometheus.fuse.fluid.io/scrape             | fuse-sidecar                       | enablePrometheusMetricsScrape: presence (never overwritten)                       |
// | annotation fluid.io/datasets-in-use                    | dataset-usage                      | strings.Split(v, ","), strings.TrimSpace each, "" dropped, slices.Sort (bytes)    |
// | annotation file-prefetcher.fluid.io/inject             | file-prefetcher                    | CheckExpectValue(..., "true") (exact)                                              |
// | annotation file-prefetcher.fluid.io/inject-done        | file-prefetcher                    | CheckExpectValue(..., "true") (exact)                                              |
// | annotation file-prefetcher.fluid.io/image              | file-prefetcher                    | present (even "") wins over the default; "" is an error                           |
// | env FILE_PREFETCHER_IMAGE (config filePrefetcherImage) | file-prefetcher                    | docker.GetImageRepoFromEnv/TagFromEnv: `^\S+:\S+$`, split at the last ':'         |
// | annotation file-prefetcher.fluid.io/extra-envs         | file-prefetcher                    | len>0: strings.Split(v, " "), strings.Split(pair, "="), exactly 2 parts, into a map |
// | annotation file-prefetcher.fluid.io/file-list          | file-prefetcher                    | present wins; == "<ALL>" exact; Split(";"); HasPrefix "pvc://"; Split("/"); filepath.Join/Clean; path.Join |
// | annotation file-prefetcher.fluid.io/async-prefetch     | file-prefetcher                    | strconv.ParseBool(v), default "false"                                              |
// | annotation file-prefetcher.fluid.io/prefetch-timeout-seconds | file-prefetcher              | strconv.ParseInt(v, 10, 32), default "120"; env gets strconv.FormatInt           |
// | PVC labels fluid.io/s-*, fluid.io/managed-by, fluid.io/wrapped-by | runtime-info            | kubeclient.CheckIfPVCIsDataset: key prefix / key presence; GetManagerDatasetFromLabels |
// | Dataset status.phase, status.conditions[NotReady]      | runtime-info                       | checkDatasetBound: phase == "NotBound" or "" (exact)                              |
// | Dataset status.runtimes[0].type                        | runtime-info                       | base.GetRuntimeInfo: switch on the exact string                                   |
// | JindoRuntime spec.fuse.metrics.scrapeTarget            | runtime-info                       | base.ParseMountModeSelectorFromStr: Split(","), no trim, All/None end the loop    |
// | PV spec.csi.volumeAttributes mount_type                | fuse-container                     | kubeclient.GetFuseMountInContainer: exact map lookup; strings.ToLower for the CM name |
// | PV fluid_path, fluid_sub_path                          | fuse-container                     | used verbatim                                                                      |
//
// Where Fluid's exact reading hurts (a near miss it ignores, a value it reads differently from how
// it looks), the function keeps Fluid's result and adds a warning; the tables pin those too.
import { podMounting, stateOf, thinDataset } from '../../../test/support/fixtures';
import { DEFAULT_OPTIONS, Options } from '../config/options';
import type { KubeObject } from '../../types';
import { datasetUsagePlugin, goTrimSpace } from './dataset-usage';
import { goQuote, InjectError } from '../errors';
import { defaultPrefetcherImage, parseGoInt32 } from './file-prefetcher';
import { deriveFuseTemplate } from './fuse-container';
import { injectPod, nearMiss, PodOutcome } from './inject-pod';
import type { Container, PodView } from '../../krm/workloads/pod-spec';
import { collectRuntimeInfos, parseScrapeTarget } from './runtime-info';
import { compareStrings as byteCompare } from '../../types';

const opts = (o: Partial<Options> = {}): Options => ({ ...DEFAULT_OPTIONS, ...o });
const plain: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'plain', namespace: 'fluid' } };
const state = stateOf([...thinDataset('fluid', 'pvc1'), ...thinDataset('fluid', 'pvc2'), plain]);

function pod(meta: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}, claims = ['pvc2', 'pvc1']): PodView {
  const p = podMounting('fluid', claims);
  Object.assign(p.labels, meta.labels ?? {});
  Object.assign(p.annotations, meta.annotations ?? {});
  return p;
}

function injected(outcome: PodOutcome): PodView {
  if (outcome.status !== 'injected') throw new Error(`not injected: ${outcome.status} ${'error' in outcome ? outcome.error.message : ''}`);
  return outcome.pod;
}

function failure(outcome: PodOutcome): InjectError {
  if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${outcome.status}`);
  return outcome.error;
}

const sidecar = (p: PodView): Container => p.spec.containers.find((c) => c.name === 'fluid-fuse-0')!;
const app = (p: PodView): Container => p.spec.containers.find((c) => c.name === 'app')!;
const prefetcher = (p: PodView): Container | undefined => p.spec.containers.find((c) => c.name === 'fluid-file-prefetcher');
const env = (c: Container, name: string): string | undefined => c.env?.find((e) => e.name === name)?.value;

/** A Jindo dataset built from the thin fixture (its PV's mount type finds the thin FUSE mount). */
function jindoDataset(name: string, scrapeTarget?: string): KubeObject[] {
  const items = thinDataset('fluid', name);
  (items[1].status as { runtimes: { type: string }[] }).runtimes[0].type = 'jindo';
  items[2] = {
    apiVersion: 'data.fluid.io/v1alpha1',
    kind: 'JindoRuntime',
    metadata: { name, namespace: 'fluid' },
    spec: scrapeTarget === undefined ? {} : { fuse: { metrics: { scrapeTarget } } },
  };
  items[4].metadata.name = `${name}-jindofs-fuse`;
  return items;
}

// The spellings people write for a boolean; Fluid's exact comparisons accept only one of them.
const SPELLINGS = ['true', 'True', 'TRUE', ' true', 'true ', '1', 't', 'yes', 'on', '', 'false', 'False', '0', 'no'];

describe('labels and annotations compared with one exact string (Go ==)', () => {
  const cases: [string, 'labels' | 'annotations', string, (o: PodOutcome) => boolean][] = [
    ['unprivileged.sidecar.fluid.io/inject', 'labels', 'true', (o) => sidecar(injected(o)).securityContext?.privileged === false],
    ['cachedir.sidecar.fluid.io/inject', 'labels', 'true', (o) => sidecar(injected(o)).volumeMounts!.some((m) => m.name.startsWith('cache-dir'))],
    ['fuse.sidecar.poststart.fluid.io/inject', 'labels', 'false', (o) => sidecar(injected(o)).lifecycle === undefined],
    ['app.poststart.fluid.io/inject', 'labels', 'true', (o) => app(injected(o)).lifecycle?.postStart !== undefined],
    ['default.fuse-sidecar.fluid.io/host-mount-path-mode', 'annotations', 'random-suffix', (o) => /\/test-pod\/0-[0-9a-f]{8}\//.test(injected(o).spec.volumes![0].hostPath!.path)],
    ['fluid.io/enable-injection', 'labels', 'false', (o) => o.status === 'skipped'],
    ['done.sidecar.fluid.io/inject', 'labels', 'true', (o) => o.status === 'skipped'],
  ];
  describe.each(cases)('%s (%s)', (key, on, want, acts) => {
    it.each([...SPELLINGS, want, `${want} `, want.toUpperCase()])('%j', (value) => {
      const outcome = injectPod(pod({ [on]: { [key]: value } }), state, opts());
      expect(acts(outcome)).toBe(value === want);
    });
  });

  it('serverless.fluid.io/inject opts in only with exactly "true"', () => {
    for (const value of SPELLINGS) {
      expect(injectPod(pod({ labels: { 'serverless.fluid.io/inject': value } }), state, opts()).status).toBe(value === 'true' ? 'injected' : 'skipped');
    }
  });

  it('sidecar.fluid.io/skip-precheck skips the bound check only with exactly "true"', () => {
    const unbound = stateOf(thinDataset('fluid', 'ds', { phase: 'NotBound' }));
    for (const value of SPELLINGS) {
      const out = injectPod(pod({ annotations: { 'sidecar.fluid.io/skip-precheck': value } }, ['ds']), unbound, opts());
      expect(out.status).toBe(value === 'true' ? 'injected' : 'failed');
    }
  });

  it('file-prefetcher.fluid.io/inject adds the prefetcher only with exactly "true"; inject-done skips it only with exactly "true"', () => {
    for (const value of SPELLINGS) {
      const on = injected(injectPod(pod({ annotations: { 'file-prefetcher.fluid.io/inject': value } }), state, opts({ filePrefetcherImage: 'pf:1' })));
      expect(prefetcher(on) !== undefined).toBe(value === 'true');
      const done = { 'file-prefetcher.fluid.io/inject': 'true', 'file-prefetcher.fluid.io/inject-done': value };
      expect(prefetcher(injected(injectPod(pod({ annotations: done }), state, opts({ filePrefetcherImage: 'pf:1' })))) !== undefined).toBe(value !== 'true');
    }
  });

  it.each([
    [undefined, 'true'],
    ['false', 'false'],
    ['', ''],
  ])('prometheus.fuse.fluid.io/scrape %j: presence counts, an existing value is never overwritten (→ %j)', (existing, want) => {
    const p = pod(existing === undefined ? {} : { annotations: { 'prometheus.fuse.fluid.io/scrape': existing } }, ['j']);
    expect(injected(injectPod(p, stateOf(jindoDataset('j', 'Sidecar')), opts())).annotations['prometheus.fuse.fluid.io/scrape']).toBe(want);
  });
});

describe('near misses of the exact options: Fluid ignores them, the function warns', () => {
  it.each([
    ['true', 'True', true],
    ['true', ' true', true],
    ['true', 'TRUE', true],
    ['true', '1', true],
    ['true', 'yes', true],
    ['true', 'on', true],
    ['true', 'true', false],
    ['true', 'enabled', false],
    ['true', '', false],
    ['true', 'false', false],
    ['false', 'False', true],
    ['false', '0', true],
    ['false', 'no', true],
    ['false', 'false', false],
    ['false', 'true', false],
    ['random-suffix', 'Random-Suffix', true],
    ['random-suffix', 'random-suffix ', true],
    ['random-suffix', 'fixed', false],
  ])('want %j, value %j → near miss %s', (want, value, miss) => expect(nearMiss(value, want)).toBe(miss));

  it.each([
    ['labels', 'cachedir.sidecar.fluid.io/inject', 'True', 'the cache-directory volumes are stripped'],
    ['labels', 'unprivileged.sidecar.fluid.io/inject', 'yes', 'the sidecar stays privileged'],
    ['labels', 'fuse.sidecar.poststart.fluid.io/inject', 'False', 'the sidecar still gets its postStart'],
    ['labels', 'app.poststart.fluid.io/inject', '1', 'the app containers get no postStart'],
    ['annotations', 'sidecar.fluid.io/skip-precheck', 'TRUE', 'the datasets must still be bound'],
    ['annotations', 'default.fuse-sidecar.fluid.io/host-mount-path-mode', 'random-suffix ', 'the host paths stay fixed'],
    ['annotations', 'file-prefetcher.fluid.io/inject', 'true ', 'no file prefetcher is injected'],
  ] as const)('%s %s: %j warns (%s)', (on, key, value, effect) => {
    const out = injectPod(pod({ [on]: { [key]: value } }), state, opts({ filePrefetcherImage: 'pf:1' }));
    expect(out.warnings).toContainEqual(expect.stringContaining(`${key} is ${JSON.stringify(value)}: Fluid acts only on exactly`));
    expect(out.warnings.join('\n')).toContain(effect);
  });

  it('no warning for the exact value, an unrelated value, or the prefetcher when its plugin is off', () => {
    const exact = injectPod(pod({ labels: { 'cachedir.sidecar.fluid.io/inject': 'true' }, annotations: { 'file-prefetcher.fluid.io/inject': 'false' } }), state, opts());
    expect(exact.warnings.filter((w) => w.includes('acts only on exactly'))).toEqual([]);
    const off = injectPod(pod({ annotations: { 'file-prefetcher.fluid.io/inject': 'True' } }), state, opts({ plugins: ['FuseSidecar'] }));
    expect(off.warnings.filter((w) => w.includes('acts only on exactly'))).toEqual([]);
  });
});

describe('serverless.fluid.io/platform: presence counts, the value is compared exactly', () => {
  it.each([
    ['default', 'injected'],
    ['unprivileged', 'injected'],
    ['', 'fuse sidecar mutator cannot be found for platform '],
    ['Default', 'fuse sidecar mutator cannot be found for platform Default'],
    [' default', 'fuse sidecar mutator cannot be found for platform  default'],
    ['unprivileged ', 'fuse sidecar mutator cannot be found for platform unprivileged '],
  ])('%j → %s', (value, want) => {
    const out = injectPod(pod({ annotations: { 'serverless.fluid.io/platform': value } }), state, opts());
    if (want === 'injected') expect(out.status).toBe('injected');
    else expect(failure(out).message).toContain(want);
  });
  it('the unprivileged label wins over the annotation (it is not read then)', () => {
    const out = injectPod(pod({ labels: { 'unprivileged.sidecar.fluid.io/inject': 'true' }, annotations: { 'serverless.fluid.io/platform': 'bogus' } }), state, opts());
    expect(sidecar(injected(out)).securityContext?.privileged).toBe(false);
  });
});

describe('fluid.io/datasets-in-use: split on ",", Go strings.TrimSpace, empties dropped, byte-sorted', () => {
  const merge = (existing: string | undefined, names = ['ds']): string => {
    const p = pod(existing === undefined ? {} : { annotations: { 'fluid.io/datasets-in-use': existing } });
    datasetUsagePlugin(p, names);
    return p.annotations['fluid.io/datasets-in-use'];
  };
  it.each([
    [undefined, 'ds'],
    ['', 'ds'],
    ['ds', 'ds'],
    [' a , b ', 'a,b,ds'],
    ['a,,b,', 'a,b,ds'],
    ['\ta\n', 'a,ds'],
    ['\u0085a\u00a0', 'a,ds'], // Go trims NEL and NBSP
    ['\ufeffa', 'ds,\ufeffa'], // ... but not U+FEFF, which String.prototype.trim would drop
    ['DS', 'DS,ds'], // case-sensitive; upper case sorts first
    ['a;b c', 'a;b c,ds'],
  ])('%j → %j', (existing, want) => expect(merge(existing)).toBe(want));
  it('goTrimSpace and byteCompare are Go strings.TrimSpace and Go string order', () => {
    expect(goTrimSpace(' \u2028x\u3000 ')).toBe('x');
    expect(['\uff01', '\u{1f600}', 'b'].sort(byteCompare)).toEqual(['b', '\uff01', '\u{1f600}']);
  });
});

describe('FilePrefetcher annotations (spec §9.4)', () => {
  const withImage = opts({ filePrefetcherImage: 'pf:1' });
  const prefetch = (annotations: Record<string, string>, o = withImage): PodOutcome =>
    injectPod(pod({ annotations: { 'file-prefetcher.fluid.io/inject': 'true', ...annotations } }), state, o);
  const configError = (out: PodOutcome, annotation: string): string => {
    const e = failure(out);
    expect(e.rejects).toBe(false); // the webhook swallows it: errorMode webhook renders the admitted pod
    expect(e.field).toBe(`metadata.annotations.${annotation}`);
    expect(e.message).toMatch(/^failed to build file prefetcher config: /);
    return e.message;
  };

  describe('image: the annotation when present (even empty), else FILE_PREFETCHER_IMAGE read as <repo>:<tag>', () => {
    it.each([
      [undefined, 'pf:1', 'pf:1'],
      [undefined, 'registry:5000/pf', 'registry:5000/pf'],
      [undefined, 'pf@sha256:abc', 'pf@sha256:abc'],
      [undefined, '[pf]:1', 'pf:1'],
      [undefined, 'pf', undefined],
      [undefined, 'pf:', undefined],
      [undefined, 'a::', undefined],
      [undefined, undefined, undefined],
      ['mine:2', 'pf:1', 'mine:2'],
      ['mine', undefined, 'mine'],
      ['', 'pf:1', undefined],
    ])('annotation %j, default %j → %j', (annotation, fallback, want) => {
      const out = prefetch(annotation === undefined ? {} : { 'file-prefetcher.fluid.io/image': annotation }, opts({ filePrefetcherImage: fallback }));
      if (want === undefined) {
        expect(configError(out, 'file-prefetcher.fluid.io/image')).toBe(
          'failed to build file prefetcher config: file prefetcher\'s image is required, set it in pod\'s annotation "file-prefetcher.fluid.io/image=<image>"',
        );
      } else expect(prefetcher(injected(out))!.image).toBe(want);
    });
    it('the empty annotation says why the default does not apply', () => {
      expect(failure(prefetch({ 'file-prefetcher.fluid.io/image': '' })).hint).toContain('present but empty');
    });
    it.each([' pf:1', 'pf:1 ', '\tpf:1'])('%j: Fluid takes it, the API server rejects the container: an error in both error modes', (image) => {
      const e = failure(prefetch({ 'file-prefetcher.fluid.io/image': image }, opts({ errorMode: 'webhook' })));
      expect(e.rejects).toBe(true);
      expect(e.message).toContain('leading or trailing whitespace');
    });
    it('defaultPrefetcherImage is Fluid’s reading of the env value', () => {
      expect(defaultPrefetcherImage('x:y z')).toBeUndefined();
      expect(defaultPrefetcherImage(':a:b')).toBe(':a:b');
    });
  });

  describe('extra-envs: split on single spaces, each pair on every "=", exactly two parts', () => {
    const PAIR_ERROR = "file prefetcher's extra envs is required to be '<key1>=<value1> <key2>=<value2> <key3>=<value3>', but found unexpected key-value pair: ";
    it.each([
      ['', []],
      ['A=1', [['A', '1']]],
      ['A=1 B=2', [['A', '1'], ['B', '2']]],
      ['A=', [['A', '']]],
      ['A=1 A=2 B=3', [['A', '2'], ['B', '3']]], // a map in Fluid: the last value, once
      ['a.b-c_D=x:y/z', [['a.b-c_D', 'x:y/z']]],
      ['A=1\n', [['A', '1\n']]], // a block scalar's trailing line break stays in the value
    ])('%j → %j', (raw, want) => {
      const pf = prefetcher(injected(prefetch({ 'file-prefetcher.fluid.io/extra-envs': raw })))!;
      expect(pf.env!.slice(3).map((e) => [e.name, e.value])).toEqual(want);
    });
    it.each([
      ['A=1=2', 'A=1=2', 'on every "="'],
      ['A==1', 'A==1', 'on every "="'],
      ['A', 'A', 'exactly one "="'],
      [' A=1', '', 'doubled space'],
      ['A=1 ', '', 'doubled space'],
      ['A=1  B=2', '', 'doubled space'],
      [' ', '', 'doubled space'],
      ['A=1\tB=2', 'A=1\tB=2', 'not by tabs or line breaks'],
      ['A=1\nB=2', 'A=1\nB=2', 'not by tabs or line breaks'],
    ])('%j is an error naming the pair %j (%s)', (raw, pair, why) => {
      const out = prefetch({ 'file-prefetcher.fluid.io/extra-envs': raw });
      expect(configError(out, 'file-prefetcher.fluid.io/extra-envs')).toBe(`failed to build file prefetcher config: ${PAIR_ERROR}${pair}`);
      expect(failure(out).hint).toContain(why);
    });
    it('warns about a repeated key, a line break kept in a value, and a variable the prefetcher already gets', () => {
      const out = prefetch({ 'file-prefetcher.fluid.io/extra-envs': 'A=1 A=2 FILE_PREFETCHER_TIMEOUT_SECONDS=5 B=x\n' });
      const w = out.warnings.join('\n');
      expect(w).toContain('sets "A" more than once');
      expect(w).toContain('keeps its tab or line break');
      expect(w).toContain('sets FILE_PREFETCHER_TIMEOUT_SECONDS, which the prefetcher already gets');
      expect(prefetcher(injected(out))!.env!.filter((e) => e.name === 'FILE_PREFETCHER_TIMEOUT_SECONDS')).toHaveLength(2);
    });
    it.each(['=1', 'A=1 =2', 'Ä=1', 'A\u0001=1'])('%j: a name the API server rejects is an error in both error modes', (raw) => {
      const e = failure(prefetch({ 'file-prefetcher.fluid.io/extra-envs': raw }, opts({ filePrefetcherImage: 'pf:1', errorMode: 'webhook' })));
      expect(e.rejects).toBe(true);
      expect(e.message).toContain('which the API server rejects');
    });
    it('a bad value is an error even when the file list leaves nothing to prefetch (Fluid reads the envs first)', () => {
      const out = prefetch({ 'file-prefetcher.fluid.io/extra-envs': 'A=1=2', 'file-prefetcher.fluid.io/file-list': 'pvc://nope' });
      configError(out, 'file-prefetcher.fluid.io/extra-envs');
    });
  });

  describe('async-prefetch: Go strconv.ParseBool, default "false"', () => {
    it.each<[string | undefined, boolean]>([
      [undefined, false],
      ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((v): [string, boolean] => [v, true]),
      ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((v): [string, boolean] => [v, false]),
    ])('%j → %s', (raw, want) => {
      const pf = prefetcher(injected(prefetch(raw === undefined ? {} : { 'file-prefetcher.fluid.io/async-prefetch': raw })))!;
      expect(env(pf, 'FILE_PREFETCHER_ASYNC_PREFETCH')).toBe(String(want));
      expect(pf.lifecycle === undefined).toBe(want);
    });
    it.each(['', ' true', 'true ', 'yes', 'on', 'tRUE', 'y', '2', 'TRue'])('%j is an error with Go’s text', (raw) => {
      expect(configError(prefetch({ 'file-prefetcher.fluid.io/async-prefetch': raw }), 'file-prefetcher.fluid.io/async-prefetch')).toBe(
        `failed to build file prefetcher config: invalid value for file-prefetcher.fluid.io/async-prefetch: ${raw}, must either be false or true: strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`,
      );
    });
  });

  describe('prefetch-timeout-seconds: Go strconv.ParseInt(s, 10, 32), default "120", written back by FormatInt', () => {
    it.each([
      [undefined, '120'],
      ['60', '60'],
      ['+60', '60'],
      ['060', '60'],
      ['0000', '0'],
      ['-0', '0'],
      ['-5', '-5'],
      ['2147483647', '2147483647'],
      ['-2147483648', '-2147483648'],
    ])('%j → %j', (raw, want) => {
      const pf = prefetcher(injected(prefetch(raw === undefined ? {} : { 'file-prefetcher.fluid.io/prefetch-timeout-seconds': raw })))!;
      expect(env(pf, 'FILE_PREFETCHER_TIMEOUT_SECONDS')).toBe(want);
    });
    it.each([
      ['', 'invalid syntax'],
      [' 60', 'invalid syntax'],
      ['60 ', 'invalid syntax'],
      ['6 0', 'invalid syntax'],
      ['+', 'invalid syntax'],
      ['-', 'invalid syntax'],
      ['+-1', 'invalid syntax'],
      ['6_0', 'invalid syntax'],
      ['0x10', 'invalid syntax'],
      ['1e3', 'invalid syntax'],
      ['60.0', 'invalid syntax'],
      ['٣', 'invalid syntax'],
      ['2147483648', 'value out of range'],
      ['-2147483649', 'value out of range'],
      ['99999999999', 'value out of range'],
      ['99999999999x', 'value out of range'], // ParseUint reports the overflow before it sees the 'x'
      ['99x', 'invalid syntax'],
    ])('%j is an error: %s', (raw, what) => {
      expect(configError(prefetch({ 'file-prefetcher.fluid.io/prefetch-timeout-seconds': raw }), 'file-prefetcher.fluid.io/prefetch-timeout-seconds')).toBe(
        `failed to build file prefetcher config: invalid value for file-prefetcher.fluid.io/prefetch-timeout-seconds: ${raw}, must be of type integer: strconv.ParseInt: parsing ${goQuote(raw)}: ${what}`,
      );
    });
    it('parseGoInt32 returns the number or Go’s NumError text', () => {
      expect(parseGoInt32('-2147483648')).toBe(-2147483648);
      expect(parseGoInt32('4294967296')).toBe('strconv.ParseInt: parsing "4294967296": value out of range');
    });
    it('a timeout of 0 or less in sync mode warns: the postStart gives up at once', () => {
      expect(prefetch({ 'file-prefetcher.fluid.io/prefetch-timeout-seconds': '0' }).warnings.join('\n')).toContain('fails at once');
      expect(prefetch({ 'file-prefetcher.fluid.io/prefetch-timeout-seconds': '0', 'file-prefetcher.fluid.io/async-prefetch': 'true' }).warnings.join('\n')).not.toContain(
        'fails at once',
      );
    });
  });

  describe('file-list: ";"-separated, nothing trimmed, "<ALL>" only exactly, pvc://<claim>[/<path>]', () => {
    const ALL = '/data/vol-pvc1/**;/data/vol-pvc2/**';
    it.each([
      [undefined, ALL],
      ['<ALL>', ALL],
      ['pvc://pvc1', '/data/vol-pvc1/**'],
      ['pvc://pvc1/', '/data/vol-pvc1'],
      ['pvc://pvc1//', '/data/vol-pvc1'],
      ['pvc://pvc1/.', '/data/vol-pvc1'],
      ['pvc://pvc1/**', '/data/vol-pvc1/**'],
      ['pvc://pvc1/a/../b/*.csv', '/data/vol-pvc1/b/*.csv'],
      ['pvc://pvc1/../../etc', '/data/vol-pvc1/etc'],
      ['pvc://pvc1//a//b/', '/data/vol-pvc1/a/b'],
      ['pvc://pvc1/a ', '/data/vol-pvc1/a '],
      ['pvc://pvc1/a b', '/data/vol-pvc1/a b'],
      ['pvc://pvc2;pvc://pvc1', '/data/vol-pvc2/**;/data/vol-pvc1/**'],
      ['pvc://pvc1;pvc://pvc1', '/data/vol-pvc1/**;/data/vol-pvc1/**'],
      ['pvc://pvc1;', '/data/vol-pvc1/**'],
      ['pvc://pvc1;;pvc://pvc2', '/data/vol-pvc1/**;/data/vol-pvc2/**'],
      ['pvc://pvc1\n;pvc://pvc2', '/data/vol-pvc2/**'],
      ['pvc://plain;pvc://pvc1', '/data/vol-pvc1/**'],
      ['<ALL>;pvc://pvc1', '/data/vol-pvc1/**'],
    ])('%j → %j', (raw, want) => {
      const pf = prefetcher(injected(prefetch(raw === undefined ? {} : { 'file-prefetcher.fluid.io/file-list': raw })))!;
      expect(env(pf, 'FILE_PREFETCHER_FILE_LIST')).toBe(want);
    });
    it.each(['', '<ALL> ', ' <ALL>', '<all>', 'ALL', 'PVC://pvc1', 'pvc:/pvc1', ' pvc://pvc1', 'pvc://pvc1 ', 'pvc://', 'pvc:///pvc1', 'pvc://plain', 'pvc://nope/x', '/data/vol-pvc1'])(
      '%j: every entry skipped, so no prefetcher, not an error, and a warning',
      (raw) => {
        const out = prefetch({ 'file-prefetcher.fluid.io/file-list': raw });
        const p = injected(out);
        expect(prefetcher(p)).toBeUndefined();
        expect(p.annotations['file-prefetcher.fluid.io/inject-done']).toBeUndefined();
        expect(out.warnings.join('\n')).toContain('file prefetcher not injected');
      },
    );
    it.each([
      ['<ALL> ', 'only the whole, exact value <ALL>'],
      [' pvc://pvc1/a', 'does not trim whitespace'],
      ['pvc://pvc1 ', '"pvc1 " is not a dataset PVC this pod mounts, because Fluid does not trim'],
      ['PVC://pvc1', 'it does not start with pvc://'],
      ['pvc://plain', '"plain" is not a dataset PVC this pod mounts'],
      ['pvc://pvc1/', 'means the mount directory itself'],
      ['pvc://pvc1/a ', 'keeps its surrounding whitespace'],
    ])('%j warns: %s', (raw, text) => {
      expect(prefetch({ 'file-prefetcher.fluid.io/file-list': raw }).warnings.join('\n')).toContain(text);
    });
    it('empty entries (a trailing ";", ";;") are skipped silently', () => {
      expect(prefetch({ 'file-prefetcher.fluid.io/file-list': 'pvc://pvc1;;' }).warnings.filter((w) => w.includes('file-list'))).toEqual([]);
    });
  });
});

describe('JindoRuntime spec.fuse.metrics.scrapeTarget (Fluid ParseMountModeSelectorFromStr)', () => {
  const rt = (scrapeTarget?: string): KubeObject => ({
    apiVersion: 'data.fluid.io/v1alpha1',
    kind: 'JindoRuntime',
    metadata: { name: 'j', namespace: 'ns' },
    spec: scrapeTarget === undefined ? {} : { fuse: { metrics: { scrapeTarget } } },
  });
  it.each([
    [undefined, false, false, false],
    ['', false, false, false],
    ['None', false, false, false],
    ['All', true, true, false],
    ['Sidecar', true, false, false],
    ['MountPod', false, true, false],
    ['MountPod,Sidecar', true, true, false],
    ['Sidecar,Sidecar', true, false, false],
    ['MountPod,All', true, true, false],
    ['Sidecar,None', true, false, false],
    ['All,None', true, true, true],
    ['None,Sidecar', false, false, true],
    ['None,All', false, false, true],
    ['Sidecar,None,MountPod', true, false, true],
    ['All,bogus', true, true, true],
    ['None, Sidecar', false, false, true],
  ])('%j → sidecar %s, mountPod %s (warns that Fluid ignored the rest: %s)', (t, sidecarOn, mountPod, ignored) => {
    const s = parseScrapeTarget(rt(t));
    expect([s.sidecar, s.mountPod]).toEqual([sidecarOn, mountPod]);
    expect(s.note !== undefined).toBe(ignored);
  });
  it.each([
    ['Sidecar, MountPod', ' MountPod', 'without trimming spaces'],
    [' Sidecar', ' Sidecar', 'without trimming spaces'],
    ['Sidecar ', 'Sidecar ', 'without trimming spaces'],
    ['Sidecar,', '', 'an empty item'],
    [',Sidecar', '', 'an empty item'],
    [' ', ' ', 'an empty item'],
    ['sidecar', 'sidecar', 'case-sensitive'],
    ['ALL', 'ALL', 'case-sensitive'],
    ['bogus,All', 'bogus', 'case-sensitive'],
    ['Sidecar;MountPod', 'Sidecar;MountPod', 'case-sensitive'],
  ])('%j: E15 naming the item %j (%s), rejected by the webhook', (t, item, why) => {
    let e: InjectError | undefined;
    try {
      parseScrapeTarget(rt(t));
    } catch (x) {
      e = x as InjectError;
    }
    expect(e?.message).toBe(`unsupported mount mode ${item}, supported mount modes are [MountPod Sidecar]`);
    expect(e?.rejects).toBe(true);
    expect(e?.hint).toContain(why);
  });
  it('the error reaches the pod wrapped as the webhook wraps it, and rejects it in webhook mode too', () => {
    const out = injectPod(pod({}, ['j']), stateOf(jindoDataset('j', 'Sidecar, MountPod')), opts({ errorMode: 'webhook' }));
    expect(failure(out).message).toBe(
      'failed to collect runtime infos from PVCs [j]: failed to build runtime info for PVC "fluid/j": fail to build runtime info "fluid/j": unsupported mount mode  MountPod, supported mount modes are [MountPod Sidecar]',
    );
  });
  it.each([
    ['Sidecar', true],
    ['MountPod,All', true],
    ['Sidecar,None', true],
    ['None,Sidecar', false],
    ['MountPod', false],
  ])('%j end to end: metrics port kept and the pod annotated: %s', (t, scraped) => {
    const out = injectPod(pod({}, ['j']), stateOf(jindoDataset('j', t)), opts());
    const p = injected(out);
    expect(p.annotations['prometheus.fuse.fluid.io/scrape']).toBe(scraped ? 'true' : undefined);
    expect(sidecar(p).ports?.map((x) => x.name)).toEqual(scraped ? ['thin-fuse-metrics'] : undefined);
  });
  it('the note reaches the workload as a warning', () => {
    const out = injectPod(pod({}, ['j']), stateOf(jindoDataset('j', 'None,Sidecar')), opts());
    expect(out.warnings).toContain('JindoRuntime fluid/j spec.fuse.metrics.scrapeTarget "None,Sidecar": Fluid stops reading at None and ignores "Sidecar", so it selects nothing');
  });
});

describe('state fields: compared exactly', () => {
  it.each([
    ['Bound', true],
    ['Pending', true],
    ['Failed', true],
    ['notbound', true],
    [' NotBound', true],
    ['NotBound', false],
    ['', false],
  ])('Dataset status.phase %j passes the bound check: %s', (phase, passes) => {
    const out = injectPod(pod({}, ['ds']), stateOf(thinDataset('fluid', 'ds', { phase })), opts());
    expect(out.status).toBe(passes ? 'injected' : 'failed');
  });
  it.each(['Thin', ' thin', 'THIN', ''])('Dataset status.runtimes[0].type %j is not a runtime type (E5)', (type) => {
    const items = thinDataset('fluid', 'ds');
    (items[1].status as { runtimes: { type: string }[] }).runtimes[0].type = type;
    expect(failure(injectPod(pod({}, ['ds']), stateOf(items), opts())).message).toContain(`fail to get runtimeInfo for runtime type: ${type}`);
  });
  it.each([
    [{ 'fluid.io/s-fluid-ds': 'true' }, true],
    [{ 'fluid.io/s-': '' }, true],
    [{ 'fluid.io/managed-by': 'ds' }, true],
    [{ 'fluid.io/wrapped-by': 'ds' }, true],
    [{ 'Fluid.io/s-fluid-ds': 'true' }, false],
    [{ 'fluid.io/S-fluid-ds': 'true' }, false],
    [{ 'fluid.io/dataset-id': 'fluid-ds' }, false],
  ])('PVC labels %j make a dataset PVC: %s (key prefix or key presence; values unread)', (labels, isDataset) => {
    const items = thinDataset('fluid', 'ds');
    items[0].metadata.labels = labels;
    expect(collectRuntimeInfos(pod({}, ['ds']), stateOf(items)).size).toBe(isDataset ? 1 : 0);
  });
  it.each([
    ['thin', 'thin-fuse-mount'],
    ['nfs', 'thin-fuse-mount'],
    ['JUICEFS', 'thin-fuse-mount'], // not a known mount type: the thin fallback
    ['juicefs', undefined], // known: needs juicefs-fuse-mount, which the thin DaemonSet lacks (E11)
    ['JuiceFS', undefined],
    ['Alluxio', 'thin-fuse-mount'],
    ['jindo', undefined],
  ])('PV mount_type %j finds the FUSE mount by exact name: %s', (fsType, mount) => {
    const info = collectRuntimeInfos(pod({}, ['ds']), stateOf(thinDataset('fluid', 'ds', { fsType }))).get('ds')!;
    const derive = () => deriveFuseTemplate(info, stateOf(thinDataset('fluid', 'ds', { fsType })));
    if (mount === undefined) expect(derive).toThrow('failed to find the volumeMount');
    else expect(derive().mountInfo.containerMountPath).toBe('/runtime-mnt/thin/fluid/ds/');
  });
});
