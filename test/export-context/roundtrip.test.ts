/**
 * @jest-environment ./test/export-context/client-node-environment.js
 */
// export-context → render gives the same injection as hand-written context: the fixture objects are
// served over real HTTP to the real client, exported, and fed back through the function.
jest.mock('@kubernetes/client-node', () => (globalThis as { __hostClientNode?: unknown }).__hostClientNode);

import * as path from 'path';
import * as k8s from '@kubernetes/client-node';
import { exportContext } from '../../fn/fluid/export-context/export-context';
import { transform } from '../../fn/fluid/transform';
import type { KubeObject } from '../../fn/types';
import { loadCases, parseDocs } from '../support/golden';
import { FixtureServer, kubeConfigOptions, loadFixtureObjects, loadFixtureServer } from './fixture-server';

const cases = loadCases(path.join(__dirname, '..', '..', 'testdata', 'fluid-cases'));
// Workloads of the fixture cluster's datasets: demo/hbase (Alluxio) and team-b's reference dataset.
const workloads: KubeObject[] = ['pod-alluxio-basic', 'pod-ref-dataset-subpath', 'deployment-basic']
  .map((name) => cases.find((c) => c.name === name)!.input[0])
  .filter((w) => ['demo', 'team-b'].includes(w.metadata.namespace ?? ''));

function render(items: KubeObject[]) {
  const out = transform(items);
  return {
    results: out.results.filter((r) => r.severity === 'error'),
    workloads: workloads.map((_, i) => out.updated.get(i)),
    configMaps: out.added,
  };
}

let server: FixtureServer;
beforeAll(async () => {
  server = await loadFixtureServer();
});
afterAll(async () => {
  await server.close();
});

describe('export-context, fed back to the function', () => {
  it('injects exactly as the hand-written context does', async () => {
    expect(workloads.length).toBe(2);
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions(kubeConfigOptions(server.url, server.token));
    const exported = await exportContext({ namespaces: ['demo', 'team-b'], datasets: ['demo/hbase', 'team-b/warehouse-reports'] }, { kubeConfig: kc, log: () => {} });
    const exportedObjects = parseDocs(exported);
    for (const o of exportedObjects) expect(o.metadata.annotations?.['config.kubernetes.io/local-config']).toBe('true');

    const handWritten = loadFixtureObjects().filter((o) => ['demo', 'team-b', 'shared-data', undefined].includes(o.metadata.namespace));
    const fromExport = render([...workloads, ...exportedObjects]);
    const fromFixtures = render([...workloads, ...handWritten]);
    expect(fromExport.results).toEqual([]);
    expect(fromFixtures.results).toEqual([]);
    expect(fromExport.workloads.every((w) => w !== undefined)).toBe(true);
    expect(fromExport.workloads).toEqual(fromFixtures.workloads);
    expect(fromExport.configMaps).toEqual(fromFixtures.configMaps);
  });
});
