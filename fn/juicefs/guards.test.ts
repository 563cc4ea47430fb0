import { CE_SECRET, namespace, pv, pvc, secret } from '../../test/support/juicefs';
import type { JsonObject, KubeObject } from '../types';
import { transform } from './transform';

// Kinds no function renders (Argo Workflows, Kubeflow Trainer TrainJob): the guard runs inside the
// transform, which decides which namespaces opt in and which PVCs are JuiceFS's.
function world(labels: Record<string, string> = { 'juicefs.com/enable-injection': 'true' }): KubeObject[] {
  return [namespace('ns', labels), secret('jfs-secret', 'default', CE_SECRET), pv('pa'), pvc('a', 'ns', { volumeName: 'pa' }), pvc('other', 'ns')];
}

function workflowTemplate(kind: string, spec: JsonObject, ns = 'ns'): KubeObject {
  return { apiVersion: 'argoproj.io/v1alpha1', kind, metadata: { name: 'wf', ...(kind.startsWith('Cluster') ? {} : { namespace: ns }) }, spec };
}

const trainJob: KubeObject = { apiVersion: 'trainer.kubeflow.org/v1alpha1', kind: 'TrainJob', metadata: { name: 'tj', namespace: 'ns' }, spec: { runtimeRef: { name: 'torch' } } };
const claim = (name: string): JsonObject => ({ name: 'data', persistentVolumeClaim: { claimName: name } });
const warnings = (out: ReturnType<typeof transform>) => out.results.filter((r) => r.severity === 'warning').map((r) => [r.resourceRef?.kind, r.field?.path, r.message]);

describe('unrendered kinds in a namespace that opts in', () => {
  it('an Argo Workflows volume naming a JuiceFS PVC (workflow-wide or per template) and a TrainJob get a warning each', () => {
    const wf = workflowTemplate('WorkflowTemplate', { volumes: [claim('other'), claim('a')], templates: [{ name: 'main', container: { image: 'x' } }] });
    const cron = workflowTemplate('CronWorkflow', { workflowSpec: { templates: [{ name: 'main', volumes: [claim('a')], container: { image: 'x' } }] } });
    const out = transform([...world(), wf, cron, trainJob]);
    expect(out.updated.size).toBe(0);
    expect(warnings(out)).toEqual([
      [
        'WorkflowTemplate',
        'spec.volumes[1].persistentVolumeClaim.claimName',
        'WorkflowTemplate ns/wf: mounts JuiceFS PVC a (spec.volumes[1].persistentVolumeClaim.claimName) in namespace ns, which sends its pods to the webhook, but is not rendered: Argo Workflows templates are not pod templates (the workflow controller builds each pod, and spec.volumes is shared by every template), so only an in-cluster webhook can inject its pods',
      ],
      ['CronWorkflow', 'spec.workflowSpec.templates[0].volumes[0].persistentVolumeClaim.claimName', expect.stringContaining('CronWorkflow ns/wf: mounts JuiceFS PVC a')],
      [
        'TrainJob',
        'spec.runtimeRef',
        'TrainJob ns/tj: not rendered although namespace ns sends its pods to the webhook: a TrainJob holds no pod template: its pods come from the TrainingRuntime it references (runtime patches can only change containers the runtime has), which is where they are rendered; if they mount a JuiceFS PVC, put that TrainingRuntime into the input',
      ],
    ]);
  });

  it('silent: no JuiceFS PVC, a namespace that does not opt in, a cluster-scoped kind, uninject', () => {
    const other = workflowTemplate('Workflow', { volumes: [claim('other')] });
    expect(warnings(transform([...world(), other]))).toEqual([]);
    const wf = workflowTemplate('Workflow', { volumes: [claim('a')] });
    expect(warnings(transform([...world({ 'juicefs.com/enable-injection': 'false' }), wf, trainJob]))).toEqual([]);
    expect(warnings(transform([...world(), workflowTemplate('ClusterWorkflowTemplate', { volumes: [claim('a')] })]))).toEqual([]);
    const uninject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { action: 'uninject' } };
    expect(warnings(transform([...world(), wf, trainJob], uninject))).toEqual([]);
  });

  it('a Namespace not in the input opts in as defaultInjection decides', () => {
    const items = [...world().slice(1), workflowTemplate('Workflow', { volumes: [claim('a')] })];
    expect(warnings(transform(items))).toEqual([]);
    const sidecar = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { defaultInjection: 'sidecar' } };
    expect(warnings(transform(items, sidecar))).toEqual([['Workflow', 'spec.volumes[0].persistentVolumeClaim.claimName', expect.stringContaining('Workflow ns/wf: mounts JuiceFS PVC a')]]);
  });
});
