// The JuiceFS function over plain objects: config → cluster context → pod templates → per-pod
// injection → updated items, generated objects and results. No I/O, no YAML. All or nothing: any
// error result leaves every item as it was.
import type { Outcome, TransformOutput } from '../krm/function';
import { duplicateMessage } from '../krm/cluster-index';
import { FnError } from '../krm/errors';
import { apiGroupOf, isObject, refOf } from '../types';
import type { JsonObject, KubeObject, Result } from '../types';
import { defaultImages, loadJuiceFSConfig, versionSupportsNativeSidecar } from './config';
import type { JuiceFSOptions } from './config';
import { ClusterContext } from './context';
import { readCsiConfig } from './csi-config';
import type { CsiConfig } from './csi-config';
import { GeneratedObjects, secretRef } from './generated-objects';
import { mutatePod } from './mutate-pod';
import type { Webhook } from './mutate-pod';
import { fileOf } from '../krm/kpt-files';
import { errorResult, objectResult } from '../krm/results';
import { CHECK_CONFIGMAP, FUNCTION_NAME, LABEL_DONE, LABEL_ENABLE_INJECTION, LABEL_ENABLE_SERVERLESS, LABEL_MANAGED_BY, SECRET_LABEL, TRUE } from './vocabulary';
import { readFromCluster } from '../krm/local-config';
import { unusedEmitted } from '../krm/references';
import { controllerVerdict } from '../krm/workloads/controllers';
import { duplicateWorkloads } from '../krm/workloads/duplicate-workloads';
import { claimNamesOf, makesSeveralPods, podLabels, WorkloadKinds } from '../krm/workloads/pod-templates';
import { injectedHow, leftAsItIs, notInjected, takeOutRecord, withRecord } from '../krm/workloads/record';
import { WorkingCopies } from '../krm/workloads/working-copies';
import { namespaceNearMisses, unmarkedState, unrenderedKindNearMisses, workloadNearMisses } from './guards';
import { juiceFSKinds, podField, readPod } from './workloads';
import type { PodTarget } from './workloads';

/** The annotation an injected template carries: what to take out to get it back as written. */
export const RECORD_ANNOTATION = 'fn.fluid.io/inject-juicefs-sidecar';

/** A check ConfigMap or credentials Secret as this function emits it (not read from a cluster). */
function isEmittedObject(obj: KubeObject): boolean {
  if (readFromCluster(obj)) return false;
  if (obj.kind === 'ConfigMap') return obj.metadata.name === CHECK_CONFIGMAP && obj.metadata.labels?.[LABEL_MANAGED_BY] === FUNCTION_NAME;
  return obj.kind === 'Secret' && (obj.metadata.name ?? '').endsWith('-jfs-secret') && obj.metadata.labels?.[SECRET_LABEL] === TRUE;
}


/** Whether one rendered template can put two pods on one node (A4): replicas or parallelism above 1, or unset. */
export function mayShareNode(target: PodTarget): boolean {
  const w = target.workload;
  const spec = isObject(w.spec) ? w.spec : {};
  const manyOrUnset = (v: unknown): boolean => typeof v !== 'number' || v > 1;
  const group = apiGroupOf(w.apiVersion);
  // Other kinds (CRDs): their counts on the way to the template, and what their controller does.
  if (!['', 'apps', 'extensions', 'batch'].includes(group)) return w.kind !== 'DaemonSet' && makesSeveralPods(target);
  switch (w.kind) {
    case 'Pod':
      return false;
    case 'DaemonSet':
      // one pod per node by definition
      return false;
    case 'Job':
      return manyOrUnset(spec.parallelism);
    case 'CronJob': {
      const jobTemplate = isObject(spec.jobTemplate) ? spec.jobTemplate : {};
      const job = isObject(jobTemplate.spec) ? jobTemplate.spec : {};
      return manyOrUnset(job.parallelism);
    }
    default:
      return manyOrUnset(spec.replicas);
  }
}

/** Whether a pod (template) has a PVC volume: only those can be JuiceFS workloads. */

class Run {
  private readonly context: ClusterContext;
  private readonly results: Result[] = [];
  private readonly outcomes: Outcome[] = [];
  private readonly working: WorkingCopies;
  private readonly generated: GeneratedObjects;
  private readonly missingNamespaces = new Map<string, number>();
  private readonly secretInfo = new Map<string, Result>();
  private readonly images: { ce: string; ee: string };
  private readonly kinds: WorkloadKinds;

  constructor(
    private readonly items: readonly KubeObject[],
    private readonly options: JuiceFSOptions,
  ) {
    this.working = new WorkingCopies(items);
    this.context = new ClusterContext(items, options.defaultNamespace);
    this.generated = new GeneratedObjects(this.context);
    this.images = defaultImages(options);
    this.kinds = juiceFSKinds(options.extraPodTemplates);
  }

  execute(): TransformOutput {
    for (const d of this.context.duplicates) {
      this.results.push({ message: duplicateMessage(d), severity: 'error', resourceRef: refOf(d.second.object), tags: { code: 'JFS-DUPLICATE' } });
    }
    let csi: CsiConfig;
    try {
      csi = readCsiConfig(this.context);
    } catch (e) {
      if (!(e instanceof FnError)) throw e;
      this.results.push(errorResult(e));
      return this.failed();
    }
    const native = csi.enableNativeSidecar ?? versionSupportsNativeSidecar(this.options.kubernetesVersion);
    const targets = this.kinds.findTargets(this.items, this.options.defaultNamespace);
    this.reportDuplicateWorkloads(targets);
    for (const target of targets) this.processTarget(target, csi, native);
    this.reportMissingNamespaces();
    if (this.options.action === 'inject') {
      this.results.push(...namespaceNearMisses(this.items));
      const optedIn = (namespace: string): boolean => this.webhookFor(namespace) !== undefined;
      this.results.push(...unrenderedKindNearMisses(this.items, this.kinds, this.options.defaultNamespace, optedIn, (namespace, claim) => this.isJuiceFSClaim(namespace, claim)));
    }
    this.results.push(...unmarkedState(this.items, this.options.driverName));
    if (this.results.some((r) => r.severity === 'error')) return this.failed();
    if (this.options.action === 'uninject') return this.uninjected();
    let built;
    try {
      built = this.generated.build();
    } catch (e) {
      if (!(e instanceof FnError)) throw e;
      this.results.push(errorResult(e));
      return this.failed();
    }
    for (const u of built.updated) this.working.setAt(u.index, u.path, u.object);
    for (const r of this.secretInfo.values()) this.results.push(r);
    if (this.options.generatedSecret === 'emit') {
      for (const g of built.added.filter((a) => a.object.kind === 'Secret')) {
        this.results.push({
          message: `Secret ${g.object.metadata.namespace}/${g.object.metadata.name} is in the output with the volume's credentials (generatedSecret: emit): do not commit it; send the output straight to the cluster`,
          severity: 'warning',
          resourceRef: refOf(g.object),
        });
      }
    }
    // the chassis gives each generated object its own file beside the item that needed it
    return {
      updated: this.working.changed,
      added: built.added.map((a) => a.object),
      addedNear: built.added.map((a) => a.owner),
      results: this.results,
      outcomes: this.outcomes,
    };
  }

  /** Whether a template mounts a PVC bound to a PV of the JuiceFS driver (what is missing is left to the injection's errors). */
  private mountsJuiceFS(target: PodTarget, pod: JsonObject): boolean {
    return claimNamesOf(pod).some((claim) => this.isJuiceFSClaim(target.namespace, claim));
  }

  /** Whether a PVC of the input is bound to a PV of the JuiceFS driver. */
  private isJuiceFSClaim(namespace: string, claim: string): boolean {
    const pvc = this.context.get('PersistentVolumeClaim', namespace, claim);
    const volumeName = pvc && isObject(pvc.object.spec) ? pvc.object.spec.volumeName : undefined;
    const pv = typeof volumeName === 'string' ? this.context.get('PersistentVolume', '', volumeName) : undefined;
    const csi = pv && isObject(pv.object.spec) ? pv.object.spec.csi : undefined;
    return isObject(csi) && csi.driver === this.options.driverName;
  }

  /** Uninject: the check ConfigMaps and Secrets this function emitted that nothing uses now go too. */
  private uninjected(): TransformOutput {
    const current = this.working.current();
    const { removed, results } = unusedEmitted(current, isEmittedObject, this.options.defaultNamespace);
    this.results.push(...results);
    return { updated: this.working.changed, added: [], removed, results: this.results, outcomes: this.outcomes };
  }

  private failed(): TransformOutput {
    return { updated: new Map(), added: [], results: this.results, outcomes: this.outcomes };
  }

  /** The webhook that would see pods of this namespace (§2.1, A2); serverless first, as the API server calls them by name. */
  private webhookFor(namespace: string): Webhook | undefined {
    const labels = this.context.namespaceLabels(namespace);
    if (labels === undefined) {
      const d = this.options.defaultInjection;
      return d === 'none' ? undefined : d === 'sidecar' ? 'hostpath' : 'serverless';
    }
    if (labels[LABEL_ENABLE_SERVERLESS] === TRUE) return 'serverless';
    if (labels[LABEL_ENABLE_INJECTION] === TRUE) return 'hostpath';
    return undefined;
  }

  private processTarget(target: PodTarget, csi: CsiConfig, native: boolean): void {
    const ref = refOf(target.workload);
    const webhook = this.webhookFor(target.namespace);
    const file = fileOf(this.items[target.itemIndex]);
    // A workload with several templates (a PyTorchJob's roles, a RayCluster's groups) names which.
    const part = this.kinds.partOf(target);
    // a result about this workload, naming the template when it has several
    const report = (severity: Result['severity'], message: string): void => {
      this.results.push(objectResult(severity, target.workload, this.items[target.itemIndex], message, { part }));
    };
    const fail = (e: FnError): void => {
      this.results.push(errorResult(e, 'error', file));
      this.outcomes.push({ ref, status: 'failed', code: e.code });
    };
    const taken = takeOutRecord(target, RECORD_ANNOTATION);
    if (taken instanceof FnError) {
      fail(taken.about(ref, '', part));
      return;
    }
    const { written, record } = taken;
    const namespaceKnown = this.context.namespaceLabels(target.namespace) !== undefined;
    if (!namespaceKnown && claimNamesOf(written).length > 0) {
      this.missingNamespaces.set(target.namespace, (this.missingNamespaces.get(target.namespace) ?? 0) + 1);
    }
    if (this.options.action === 'inject') {
      const misses = workloadNearMisses(target, written, this.items[target.itemIndex], this.mountsJuiceFS(target, written), webhook !== undefined || !namespaceKnown);
      for (const r of misses) if (!this.results.some((o) => o.message === r.message)) this.results.push(r);
    }
    const rewrite = (pod: JsonObject): void => this.working.putPod(target, taken.raw, pod);
    const takeOut = (why: string): void => {
      rewrite(written);
      report('info', `uninjected${why}`);
      this.outcomes.push({ ref, status: 'uninjected' });
    };
    if (this.options.action === 'uninject') {
      if (record) takeOut('');
      else if (podLabels(written)[LABEL_DONE] === TRUE) report('info', leftAsItIs(RECORD_ANNOTATION));
      return;
    }
    if (!webhook) {
      if (record) takeOut(' (its namespace no longer opts in)');
      return;
    }
    let pod;
    let outcome;
    try {
      pod = readPod(target, written);
      outcome = mutatePod({ target, pod, webhook, native, context: this.context, csi, options: this.options, images: this.images, ...(part ? { template: part } : {}) });
    } catch (e) {
      if (!(e instanceof FnError)) throw e;
      // A field without a ref is relative to the pod; one with a ref belongs to that object.
      const field = e.ref ? e.field : e.field && podField(target, ...e.field.split('.'));
      const at = e.ref ?? ref;
      const wrapped = e.about(ref, '', part).at({ ref: at, field });
      const onWorkload = at.kind === ref.kind && at.name === ref.name && at.namespace === ref.namespace;
      this.results.push(errorResult(wrapped, 'error', onWorkload ? file : undefined));
      this.outcomes.push({ ref, status: 'failed', code: e.code });
      return;
    }
    if (outcome.status === 'skipped') {
      if (record) rewrite(written);
      report('info', notInjected(taken, outcome.reason, podLabels(written)[LABEL_DONE] === TRUE, RECORD_ANNOTATION));
      this.outcomes.push({ ref, status: record ? 'uninjected' : 'skipped' });
      return;
    }
    for (const note of outcome.notes) report('info', note);
    if (outcome.status === 'no-juicefs') {
      if (record) takeOut(' (it no longer mounts a JuiceFS PVC)');
      return;
    }
    const verdict = controllerVerdict(target, pod.spec, outcome.pod.spec, "JuiceFS's in-cluster webhook", 'legacy sidecars go first: set kubernetesVersion 1.29 or later (or enableNativeSidecar in the CSI ConfigMap) for native sidecars');
    if (verdict.refused) {
      const e = verdict.refused.code === 'controller-refuses' ? verdict.refused.at({ hint: `keep this ${target.workload.kind} out of the function's input and let the in-cluster webhook inject its pods` }) : verdict.refused;
      fail(e.about(ref, '', part));
      return;
    }
    if (verdict.warning) report('warning', verdict.warning);
    const injected = withRecord(written, pod, outcome.pod, RECORD_ANNOTATION);
    const what = outcome.sidecars.map((s) => `${s.container} (PVC ${s.pvc}, PV ${s.pv}, ${s.profile}, mount dir ${s.mountDir})`).join(', ');
    report('info', `${injectedHow(taken, injected)} ${what}${native ? ' as native sidecar(s)' : ''}`);
    this.outcomes.push({ ref, status: 'injected' });
    if (webhook === 'hostpath' && mayShareNode(target)) {
      report(
        'warning',
        `every pod of this ${target.workload.kind} mounts JuiceFS at the same host directories (${outcome.sidecars.map((s) => `${this.options.mountPath}/${s.mountDir}`).join(', ')}), where the webhook gives each pod its own; two of its pods on one node would share the FUSE mount and one pod's preStop unmounts it under the other. Ways out: the serverless profile (label the namespace juicefs.com/enable-serverless-injection), required pod anti-affinity on the node, or one replica`,
      );
    }
    rewrite(injected);
    for (const s of outcome.sidecars) {
      if (this.options.generatedSecret === 'external') {
        this.generated.needCheckConfigMap(target.namespace, target.itemIndex);
        this.noteSecret(s.secret);
      }
    }
    for (const req of outcome.secrets) this.generated.needSecret(req, target.itemIndex);
  }

  /** One info per Secret the cluster must provide (external mode), with every key any sidecar reads. */
  private noteSecret(secret: { namespace: string; name: string; keys: string[]; from: string }): void {
    const key = `${secret.namespace}/${secret.name}`;
    const previous = this.secretInfo.get(key)?.tags?.keys?.split(',') ?? [];
    const keys = [...new Set([...previous, ...secret.keys])];
    this.secretInfo.set(key, {
      message: `the cluster must provide Secret ${key} with the keys ${keys.join(', ')} (the values of Secret ${secret.from.replace(/^Secret /, '')}); this render writes no credentials (generatedSecret: external)`,
      severity: 'info',
      resourceRef: secretRef(secret.namespace, secret.name),
      tags: { keys: keys.join(',') },
    });
  }

  private reportMissingNamespaces(): void {
    for (const [namespace, count] of [...this.missingNamespaces.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const d = this.options.defaultInjection;
      const what = d === 'none' ? 'not injected (defaultInjection: none)' : `treated as ${d === 'sidecar' ? LABEL_ENABLE_INJECTION : LABEL_ENABLE_SERVERLESS} (defaultInjection: ${d})`;
      this.results.push({
        message: `Namespace ${namespace} is not in the input: its ${count} workload(s) with PVC volumes are ${what}; add the Namespace with its labels to decide as the webhook does`,
        severity: 'info',
        resourceRef: { apiVersion: 'v1', kind: 'Namespace', name: namespace },
      });
    }
  }

  private reportDuplicateWorkloads(targets: PodTarget[]): void {
    for (const d of duplicateWorkloads(targets)) this.results.push({ message: d.message, severity: 'error', resourceRef: d.ref, tags: { code: 'JFS-DUPLICATE' } });
  }
}

/** The whole JuiceFS function: pure, over plain objects. */
export function transform(items: readonly KubeObject[], functionConfig?: JsonObject): TransformOutput {
  let options: JuiceFSOptions;
  try {
    options = loadJuiceFSConfig(functionConfig);
  } catch (e) {
    if (!(e instanceof FnError)) throw e;
    return { updated: new Map(), added: [], results: [errorResult(e)] };
  }
  return new Run(items, options).execute();
}
