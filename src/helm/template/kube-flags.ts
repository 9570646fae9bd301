// Helm's cluster connection settings for `template`: its --kube-* flags and HELM_KUBE*
// environment variables on top of flux-ts's own global flags, and the release namespace Helm
// derives from them (-n, else HELM_NAMESPACE, else the kubeconfig context's, else "default").
import { contextNamespace, type KubeFlags } from '../../cluster/kubeconfig.js';

/** The --kube-* flags of `helm template` (see TEMPLATE_FLAGS). */
export interface HelmKubeFlags {
  kubeconfig?: string;
  kubeContext?: string;
  kubeApiserver?: string;
  kubeToken?: string;
  kubeAsUser?: string;
  kubeAsGroups: string[];
  kubeCaFile?: string;
  kubeInsecureSkipTlsVerify: boolean;
  kubeTlsServerName?: string;
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

/**
 * The connection flags: `base` (flux-ts's global --kubeconfig, --context...), then Helm's
 * environment (HELM_KUBECONTEXT...), then Helm's flags, later ones winning as in Helm.
 */
export function helmKubeFlags(flags: HelmKubeFlags, env: NodeJS.ProcessEnv, base: KubeFlags = {}): KubeFlags {
  const out: KubeFlags = { ...base };
  const set = <K extends keyof KubeFlags>(key: K, v: KubeFlags[K] | undefined): void => {
    if (v !== undefined) out[key] = v;
  };
  set('context', nonEmpty(env.HELM_KUBECONTEXT));
  set('server', nonEmpty(env.HELM_KUBEAPISERVER));
  set('token', nonEmpty(env.HELM_KUBETOKEN));
  set('as', nonEmpty(env.HELM_KUBEASUSER));
  const groups = nonEmpty(env.HELM_KUBEASGROUPS);
  if (groups !== undefined) out.asGroups = groups.split(',');
  set('certificateAuthority', nonEmpty(env.HELM_KUBECAFILE));
  if (env.HELM_KUBEINSECURE_SKIP_TLS_VERIFY === 'true') out.insecureSkipTlsVerify = true;
  set('tlsServerName', nonEmpty(env.HELM_KUBETLS_SERVER_NAME));

  set('kubeconfig', nonEmpty(flags.kubeconfig));
  set('context', nonEmpty(flags.kubeContext));
  set('server', nonEmpty(flags.kubeApiserver));
  set('token', nonEmpty(flags.kubeToken));
  set('as', nonEmpty(flags.kubeAsUser));
  if (flags.kubeAsGroups.length > 0) out.asGroups = [...flags.kubeAsGroups];
  set('certificateAuthority', nonEmpty(flags.kubeCaFile));
  if (flags.kubeInsecureSkipTlsVerify) out.insecureSkipTlsVerify = true;
  set('tlsServerName', nonEmpty(flags.kubeTlsServerName));
  return out;
}

/** Helm's EnvSettings.Namespace(): the release namespace when -n is not given. */
export function helmNamespace(explicit: string | undefined, kube: KubeFlags, env: NodeJS.ProcessEnv): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  const fromEnv = nonEmpty(env.HELM_NAMESPACE);
  if (fromEnv !== undefined) return fromEnv;
  return contextNamespace(kube, { env }) ?? 'default';
}
