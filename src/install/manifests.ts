// The objects `flux-ts install` puts on a cluster, in apply order: the Namespace, the CRDs of
// the components, then RBAC, the settings ConfigMap, the controller Deployment and the
// NetworkPolicies. Pure: the same options always give the same objects.
import type { KubeObject } from '../cluster/types.js';
import { gitrepositoriesCrd, helmchartsCrd, helmreleasesCrd, helmrepositoriesCrd, ocirepositoriesCrd } from './crds/data.js';
import type { CustomResourceDefinition } from './crds/types.js';
import { COMPONENTS, CONTROLLER_NAME, SETTINGS_CONFIGMAP, type Component, type InstallOptions } from './options.js';

export const METRICS_PORT = 8080;
export const HEALTH_PORT = 9440;

const CRDS_OF: Record<Component, CustomResourceDefinition[]> = {
  'source-controller': [gitrepositoriesCrd, helmchartsCrd, helmrepositoriesCrd, ocirepositoriesCrd],
  'helm-controller': [helmreleasesCrd],
};

/** The labels flux's kustomize overlay adds to every object (and pod template). */
export function commonLabels(opts: InstallOptions): Record<string, string> {
  return {
    'app.kubernetes.io/instance': opts.namespace,
    'app.kubernetes.io/part-of': 'flux-ts',
    'app.kubernetes.io/version': opts.version,
  };
}

function meta(opts: InstallOptions, name: string, namespaced: boolean, extra: Record<string, string> = {}): KubeObject['metadata'] {
  return { name, ...(namespaced ? { namespace: opts.namespace } : {}), labels: { ...commonLabels(opts), ...extra } };
}

/** Names of the CRDs the components bring (all of them by default), sorted as flux prints them. */
export function crdNames(components: readonly Component[] = COMPONENTS): string[] {
  return components.flatMap((c) => CRDS_OF[c]).map((crd) => crd.metadata.name).sort();
}

export function crdsFor(opts: InstallOptions): CustomResourceDefinition[] {
  return opts.components.flatMap((c) => CRDS_OF[c]).map((crd) => ({
    ...crd,
    metadata: { ...crd.metadata, labels: { ...commonLabels(opts), 'app.kubernetes.io/component': 'crds' } },
  }));
}

function namespace(opts: InstallOptions): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(opts, opts.namespace, false, {
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    }),
  };
}

/** The controller's own objects are cluster-wide, so their names carry the namespace (flux's `-<ns>` suffix). */
function rbac(opts: InstallOptions): KubeObject[] {
  const sa = { kind: 'ServiceAccount', name: CONTROLLER_NAME, namespace: opts.namespace };
  const crdRole = `flux-ts-crd-controller-${opts.namespace}`;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(opts, CONTROLLER_NAME, true) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta(opts, crdRole, false),
      rules: [
        { apiGroups: ['helm.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io'], resources: ['*'], verbs: ['*'] },
        { apiGroups: [''], resources: ['namespaces', 'secrets', 'configmaps', 'serviceaccounts'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['*'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(opts, crdRole, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: crdRole },
      subjects: [sa],
    },
    {
      // Helm charts create arbitrary objects: like flux's cluster-reconciler, bind cluster-admin.
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(opts, `flux-ts-cluster-reconciler-${opts.namespace}`, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [sa],
    },
  ];
}

/** The settings the controller reads at start and watches (`flux-ts check` prints them). */
export function settingsConfigMap(opts: InstallOptions): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(opts, SETTINGS_CONFIGMAP, true),
    data: {
      'allow-cross-namespace': String(opts.allowCrossNamespaceRefs),
      components: opts.components.join(','),
      version: opts.version,
      'watch-all-namespaces': String(opts.watchAllNamespaces),
    },
  };
}

export function controllerArgs(opts: InstallOptions): string[] {
  return [
    'controller',
    `--watch-all-namespaces=${opts.watchAllNamespaces}`,
    `--log-level=${opts.logLevel}`,
    `--metrics-addr=:${METRICS_PORT}`,
    `--health-addr=:${HEALTH_PORT}`,
    '--leader-elect',
  ];
}

function deployment(opts: InstallOptions): KubeObject {
  const selector = { app: CONTROLLER_NAME };
  const labels = { ...commonLabels(opts), ...selector, 'app.kubernetes.io/component': 'controller' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(opts, CONTROLLER_NAME, true, { 'app.kubernetes.io/component': 'controller', 'control-plane': 'controller' }),
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels, annotations: { 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/scrape': 'true' } },
        spec: {
          serviceAccountName: CONTROLLER_NAME,
          terminationGracePeriodSeconds: 600,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          // flux's node-selector patch adds these two next to the node selector, when asked for.
          ...(opts.imagePullSecret !== '' ? { imagePullSecrets: [{ name: opts.imagePullSecret }] } : {}),
          ...(opts.tolerationKeys.length > 0 ? { tolerations: opts.tolerationKeys.map((key) => ({ key, operator: 'Exists' })) } : {}),
          securityContext: { fsGroup: 1337 },
          containers: [
            {
              name: 'manager',
              image: opts.image,
              imagePullPolicy: 'IfNotPresent',
              args: controllerArgs(opts),
              env: [
                { name: 'RUNTIME_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'HOME', value: '/tmp' },
              ],
              ports: [
                { containerPort: METRICS_PORT, name: 'http-prom', protocol: 'TCP' },
                { containerPort: HEALTH_PORT, name: 'healthz', protocol: 'TCP' },
              ],
              livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' } },
              readinessProbe: { httpGet: { path: '/readyz', port: 'healthz' } },
              resources: { limits: { cpu: '1000m', memory: '1Gi' }, requests: { cpu: '100m', memory: '64Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [{ mountPath: '/tmp', name: 'temp' }],
            },
          ],
          volumes: [{ emptyDir: {}, name: 'temp' }],
        },
      },
    },
  };
}

/** flux's policies.yaml, minus the webhook receiver flux-ts does not have. */
function networkPolicies(opts: InstallOptions): KubeObject[] {
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(opts, 'allow-egress', true),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{}] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(opts, 'allow-scraping', true),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: METRICS_PORT, protocol: 'TCP' }] }],
      },
    },
  ];
}

export function generateManifests(opts: InstallOptions): KubeObject[] {
  return [
    namespace(opts),
    ...crdsFor(opts),
    ...rbac(opts),
    settingsConfigMap(opts),
    deployment(opts),
    ...(opts.networkPolicy ? networkPolicies(opts) : []),
  ];
}
