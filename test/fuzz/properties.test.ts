// Property-based tests over generated workloads and cluster states (see generators.ts): nothing
// lost, untouched items byte-identical, output parses, deterministic, idempotent, injected pods
// valid against the Pod schema (pod-schema.json) without duplicate names. A few thousand runs in
// all; `test/fuzz/run.ts` runs the same checks on 100,000+ inputs. FUZZ_RUNS=n sets the runs per
// property.
import fc from 'fast-check';
import YAML from 'yaml';
import { Scenario, scenarioArb } from './generators';
import { ALL_CHECKS, checkPods, nameClashes, podOf, render, validatePod } from './properties';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

function property(check: (r: ReturnType<typeof render>) => string[]) {
  return fc.property(scenarioArb, (s: Scenario) => {
    const failures = check(render(s));
    if (failures.length) throw new Error(failures.join('\n'));
  });
}

describe.each(Object.entries(ALL_CHECKS))('%s', (_name, check) => {
  test(`holds on ${RUNS} generated inputs`, () => {
    fc.assert(property(check), { numRuns: RUNS });
  });
});

describe('the generator and the checks can fail', () => {
  test('inputs are injected, skipped and rejected, in useful proportions', () => {
    const counts = { injected: 0, skipped: 0, error: 0 };
    for (const s of fc.sample(scenarioArb, { numRuns: 300, seed: 1 })) counts[render(s).outcome]++;
    expect(counts.injected).toBeGreaterThan(60);
    expect(counts.skipped).toBeGreaterThan(30);
    expect(counts.error).toBeGreaterThan(30);
  });

  test('the pod schema rejects what the API server rejects', () => {
    const pod = (spec: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
    const c = { name: 'app', image: 'x' };
    expect(validatePod(pod({ containers: [c] }))).toBe(true);
    expect(validatePod(pod({ containers: [] }))).toBe(false);
    expect(validatePod(pod({ containers: [{ ...c, name: 'App_1' }] }))).toBe(false);
    expect(validatePod(pod({ containers: [{ ...c, restartPolicy: 'Always' }] }))).toBe(false);
    expect(validatePod(pod({ containers: [c], initContainers: [{ ...c, name: 'i', lifecycle: { postStart: { exec: { command: ['x'] } } } }] }))).toBe(false);
    expect(validatePod(pod({ containers: [c], initContainers: [{ ...c, name: 'i', restartPolicy: 'Always', lifecycle: { postStart: { exec: { command: ['x'] } } } }] }))).toBe(true);
    expect(validatePod(pod({ containers: [{ ...c, volumeMounts: [{ name: 'v', mountPath: '' }] }] }))).toBe(false);
    expect(validatePod(pod({ containers: [{ ...c, volumeMounts: [{ name: 'v', mountPath: '/m', mountPropagation: 'Sideways' }] }] }))).toBe(false);
    expect(validatePod(pod({ containers: [c], volumes: [{ name: 'v', hostPath: { path: '/x' }, emptyDir: {} }] }))).toBe(false);
    expect(validatePod(pod({ containers: [c], volumes: [{ name: 'v', configMap: { name: 'c', defaultMode: 512 } }] }))).toBe(false);
    expect(nameClashes(pod({ containers: [c], initContainers: [c], volumes: [{ name: 'v' }, { name: 'v' }] }) as never)).toEqual([
      'containers app',
      'volumes v',
    ]);
  });

  test('checkPods catches an injected pod the API server would reject', () => {
    // An injected render with its output pod spoiled the way past gaps did: postStart on a
    // run-to-completion init container, a container name twice.
    let r: ReturnType<typeof render> | undefined;
    for (const s of fc.sample(scenarioArb, { numRuns: 200, seed: 3 })) if ((r = render(s)).outcome === 'injected') break;
    if (r?.outcome !== 'injected') throw new Error('no injected sample');
    expect(checkPods(r)).toEqual([]);
    const spoil = (f: (spec: { containers: object[]; initContainers?: object[] }) => void): string[] => {
      const rl = YAML.parse(r.stdout, { version: '1.1' });
      const i = r.inItems.findIndex((item, k) => JSON.stringify(rl.items[k]) !== JSON.stringify(item));
      f(podOf(rl.items[i])!.spec as never);
      return checkPods({ ...r, stdout: YAML.stringify(rl, { version: '1.1' }) });
    };
    const lifecycle = { postStart: { exec: { command: ['x'] } } };
    expect(spoil((s) => (s.initContainers = [{ name: 'i', image: 'x', lifecycle }])).join('\n')).toMatch(/invalid pod: \/spec\/initContainers\/0 /);
    expect(spoil((s) => s.containers.push({ ...(s.containers[0] as object) })).join('\n')).toMatch(/duplicate containers /);
  });
});
