/**
 * @jest-environment ./test/export-context/client-node-environment.js
 */
// `export-context` exports what Fluid's webhook says of itself (Deployment fluid-webhook, ConfigMap webhook-plugins),
// and the function reads the release, sidecar mode and plugins from the export.
jest.mock('@kubernetes/client-node', () => (globalThis as { __hostClientNode?: unknown }).__hostClientNode);

import * as YAML from 'yaml';
import * as k8s from '@kubernetes/client-node';
import { exportContext, ExportOptions } from '../../fn/fluid/export-context/export-context';
import { parseArgs } from '../../fn/fluid/export-context/args';
import { transform } from '../../fn/fluid/transform';
import type { KubeObject } from '../../fn/types';
import { FixtureServerOptions, kubeConfigOptions, loadFixtureObjects, loadFixtureServer } from './fixture-server';
import { loadCases } from '../support/golden';
import * as path from 'path';

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

function webhookObjects(namespace: string, image: string, env: Record<string, string>, withDataset: string[]): KubeObject[] {
  const profile = YAML.stringify({ plugins: { serverful: { withDataset: ['RequireNodeWithFuse'] }, serverless: { withDataset, withoutDataset: [] } } });
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'fluid-webhook', namespace, labels: { 'control-plane': 'fluid-webhook' } },
      spec: {
        selector: { matchLabels: { 'control-plane': 'fluid-webhook' } },
        template: {
          metadata: { labels: { 'control-plane': 'fluid-webhook' } },
          spec: {
            containers: [
              {
                name: 'manager',
                image,
                command: ['fluid-webhook', 'start'],
                env: Object.entries(env).map(([name, value]) => ({ name, value })),
              },
            ],
          },
        },
      },
      status: { replicas: 1, readyReplicas: 1 },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'webhook-plugins', namespace }, data: { pluginsProfile: profile } },
  ];
}

/** Serves the fixture cluster (plus `extra`) for one export. */
async function exportFrom(extra: KubeObject[], opts: ExportOptions, server: FixtureServerOptions = {}): Promise<{ objects: KubeObject[]; log: string[] }> {
  const running = await loadFixtureServer({ ...server, objects: [...loadFixtureObjects(), ...extra] });
  const log: string[] = [];
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(kubeConfigOptions(running.url, running.token));
  try {
    const text = await exportContext(opts, { kubeConfig: kc, log: (line) => log.push(line) });
    return { objects: YAML.parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS() as KubeObject), log };
  } finally {
    await running.close();
  }
}

const ids = (objects: KubeObject[]) => objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
const WEBHOOK_IDS = ['Deployment fluid-system/fluid-webhook', 'ConfigMap fluid-system/webhook-plugins'];

describe('export-context and the Fluid webhook', () => {
  it('exports the webhook Deployment and its plugin profile, cleaned and local-config', async () => {
    const out = await exportFrom(webhookObjects('fluid-system', 'fluidcloudnative/fluid-webhook:v1.0.8-6533239', {}, ['FuseSidecar']), { namespaces: ['demo'] });
    const exported = out.objects.filter((o) => ids([o])[0].includes('fluid-system'));
    expect(ids(exported).sort()).toEqual([...WEBHOOK_IDS].sort());
    for (const o of exported) {
      expect(o.metadata.annotations?.[LOCAL_CONFIG]).toBe('true');
      expect(o).not.toHaveProperty('status');
      expect(o.metadata).not.toHaveProperty('managedFields');
    }
    expect(out.log).toContain("exporting Fluid's webhook settings from namespace fluid-system");
  });

  it('reads another control-plane namespace with --fluid-namespace', async () => {
    expect(parseArgs(['-n', 'demo', '--fluid-namespace', 'fluid']).options.fluidNamespace).toBe('fluid');
    const objects = webhookObjects('fluid', 'fluidcloudnative/fluid-webhook:v1.0.5-7e917c7', {}, ['FuseSidecar']);
    const out = await exportFrom(objects, { namespaces: ['demo'], fluidNamespace: 'fluid' });
    expect(ids(out.objects)).toEqual(expect.arrayContaining(['Deployment fluid/fluid-webhook', 'ConfigMap fluid/webhook-plugins']));
    await expect(exportFrom(objects, { namespaces: ['demo'], fluidNamespace: 'Not_A_Namespace' })).rejects.toThrow('invalid --fluid-namespace');
  });

  it('without a webhook Deployment: nothing exported, no warning (the function says what it assumes)', async () => {
    const out = await exportFrom([], { namespaces: ['demo'] });
    expect(ids(out.objects).some((id) => id.includes('fluid-system'))).toBe(false);
    expect(out.log.some((l) => l.includes('webhook'))).toBe(false);
  });

  it('forbidden to read it: a warning naming the permission, and the export goes on', async () => {
    const objects = webhookObjects('fluid-system', 'fluidcloudnative/fluid-webhook:v1.0.8-6533239', {}, ['FuseSidecar']);
    const intercept = (req: { namespace?: string }) =>
      req.namespace === 'fluid-system'
        ? { status: 403, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'forbidden' } }
        : undefined;
    const out = await exportFrom(objects, { namespaces: ['demo'] }, { intercept });
    expect(out.log).toContain(
      'warning: cannot read Deployment fluid-system/fluid-webhook (forbidden: get deployments.apps in namespace fluid-system): the function will need fluidVersion in its config',
    );
    expect(ids(out.objects)).toContain('Dataset demo/hbase');
  });

  it('fed back to the function: the release, mode and plugins come from the export', async () => {
    const pod = loadCases(path.join(__dirname, '..', '..', 'testdata', 'fluid-cases')).find((c) => c.name === 'pod-alluxio-basic')!.input[0];
    const objects = webhookObjects('fluid-system', 'fluidcloudnative/fluid-webhook:v1.0.8-6533239', { FUSE_SIDECAR_INJECTION_MODE: 'native-sidecar' }, ['FuseSidecar']);
    const out = await exportFrom(objects, { namespaces: ['demo'], datasets: ['hbase'] });
    const result = transform([pod, ...out.objects]);
    expect(result.results.filter((r) => r.severity === 'error')).toEqual([]);
    expect(result.results[result.results.length - 1]).toMatchObject({
      severity: 'info',
      message: 'injecting as Fluid v1.0.8 does (the image of Deployment fluid-system/fluid-webhook)',
    });
    const injected = result.updated.get(0)!;
    expect(injected.metadata.labels).toMatchObject({ 'container-dataset-mapping.sidecar.fluid.io/fluid-fuse-0': 'demo_hbase' });
    expect(injected.metadata.annotations?.['fluid.io/datasets-in-use']).toBeUndefined();
    const spec = injected.spec as { initContainers: { name: string; restartPolicy?: string }[] };
    expect(spec.initContainers[0]).toMatchObject({ name: 'fluid-fuse-0', restartPolicy: 'Always' });
  });
});
