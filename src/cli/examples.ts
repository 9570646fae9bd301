// The `Examples:` block of every command's help, keyed by command path (without `flux-ts`).
// cobra prints a command's Example text as written; flux writes each example as a `# comment`
// line and the command (continuation lines indented further), two spaces in, one blank line
// between examples. Each entry here is one example: its comment, then its command lines.
import type { Command } from 'commander';
import { setExampleSource } from './help.js';

type Examples = readonly (readonly [comment: string, ...command: string[]])[];

/** Examples for the `<verb> source <kind>` commands, which differ only in the kind. */
function sourceExamples(verb: 'get' | 'reconcile' | 'suspend' | 'resume' | 'export', word: string, kind: string, name: string): Examples {
  switch (verb) {
    case 'get':
      return [
        [`List the ${kind} sources of the flux-system namespace and their status`, `flux-ts get sources ${word}`],
        [`List the ${kind} sources of every namespace`, `flux-ts get sources ${word} --all-namespaces`],
        [`Show one ${kind} and keep watching it`, `flux-ts get sources ${word} ${name} --watch`],
      ];
    case 'reconcile':
      return [[`Ask the controller to fetch the ${kind} ${name} now and wait for it`, `flux-ts reconcile source ${word} ${name}`]];
    case 'suspend':
      return [
        [`Stop reconciling the ${kind} ${name}`, `flux-ts suspend source ${word} ${name}`],
        [`Suspend every ${kind} of a namespace`, `flux-ts suspend source ${word} --all -n apps`],
      ];
    case 'resume':
      return [
        [`Resume the ${kind} ${name} and wait until it is ready`, `flux-ts resume source ${word} ${name}`],
        [`Resume every ${kind} of a namespace without waiting`, `flux-ts resume source ${word} --all -n apps --wait=false`],
      ];
    case 'export':
      return [
        [`Print the ${kind} ${name} as YAML`, `flux-ts export source ${word} ${name}`],
        [`Save every ${kind} of the namespace to a file`, `flux-ts export source ${word} --all > ${word}-sources.yaml`],
      ];
  }
}

const SOURCE_WORDS: readonly (readonly [word: string, kind: string, name: string])[] = [
  ['git', 'GitRepository', 'platform'],
  ['helm', 'HelmRepository', 'podinfo'],
  ['oci', 'OCIRepository', 'grade-api'],
  ['chart', 'HelmChart', 'flux-system-grade-api'],
  ['bucket', 'Bucket', 'artifacts'],
];

function perSource(verb: 'get' | 'reconcile' | 'suspend' | 'resume' | 'export'): Record<string, Examples> {
  const group = verb === 'get' ? 'get sources' : `${verb} source`;
  return Object.fromEntries(SOURCE_WORDS.map(([word, kind, name]) => [`${group} ${word}`, sourceExamples(verb, word, kind, name)]));
}

export const EXAMPLES: Readonly<Record<string, Examples>> = {
  '': [
    ['Check that the cluster can run flux-ts', 'flux-ts check --pre'],
    ['Install the flux-ts CRDs and controller', 'flux-ts install'],
    ['List the HelmReleases of every namespace and their status', 'flux-ts get helmreleases --all-namespaces'],
    ['Ask the controller to reconcile a HelmRelease and its source now', 'flux-ts reconcile helmrelease grade-api --with-source'],
    ['Explain why a HelmRelease is not ready', 'flux-ts describe helmrelease grade-api'],
    ['Render a HelmRelease from a repository checkout, without a cluster', 'flux-ts build helmrelease grade-api --path ./clusters/my-cluster'],
    ['Render a chart locally, as helm template does', 'flux-ts template grade-api ./charts/grade-api -f values.yaml'],
    ['Suspend a HelmRelease, then resume it', 'flux-ts suspend helmrelease grade-api', 'flux-ts resume helmrelease grade-api'],
    ['Remove flux-ts from the cluster', 'flux-ts uninstall'],
  ],

  get: [
    ['List the HelmReleases and sources of the flux-system namespace', 'flux-ts get all'],
    ['List the HelmReleases of every namespace', 'flux-ts get hr -A'],
  ],
  'get helmreleases': [
    ['List the HelmReleases of the flux-system namespace and their status', 'flux-ts get helmreleases'],
    ['List the HelmReleases of every namespace with their chart sources', 'flux-ts get hr --all-namespaces --show-source'],
    ['List the HelmReleases that are not ready', 'flux-ts get hr -A --status-selector ready=false'],
    ['Print one HelmRelease as JSON', 'flux-ts get hr grade-api -o json'],
  ],
  'get sources': [
    ['List every kind of source and their status', 'flux-ts get sources all'],
    ['List the HelmRepositories of every namespace', 'flux-ts get sources helm -A'],
  ],
  ...perSource('get'),
  'get sources external': [
    ['List the ExternalArtifacts of the flux-system namespace and their status', 'flux-ts get sources external'],
    ['List the ExternalArtifacts of every namespace', 'flux-ts get sources external --all-namespaces'],
  ],
  'get sources all': [
    ['List every source of the flux-system namespace and their status', 'flux-ts get sources all'],
    ['List every source of every namespace', 'flux-ts get sources all -A'],
  ],
  'get all': [
    ['List the HelmReleases and sources of the flux-system namespace', 'flux-ts get all'],
    ['List the HelmReleases and sources of every namespace that are not ready', 'flux-ts get all -A --status-selector ready=false'],
  ],

  template: [
    ['Render a local chart with a release name and a values file', 'flux-ts template grade-api ./charts/grade-api -f values.yaml'],
    ['Render one version of a chart from an OCI registry', 'flux-ts template grade-api oci://ghcr.io/your-org/charts/grade-api --version 1.0.0'],
    ['Render a chart from a Helm repository, with values from the command line', 'flux-ts template podinfo podinfo --repo https://stefanprodan.github.io/podinfo \\', '  --set replicaCount=2 --set-string image.tag=6.7.0'],
    ['Render a single template, for a namespace and a Kubernetes version', 'flux-ts template ./charts/grade-api -n grade-api --kube-version 1.31.0 \\', '  --show-only templates/deployment.yaml'],
  ],

  pull: [['Download a chart from an OCI registry into the current directory', 'flux-ts pull chart oci://ghcr.io/your-org/charts/grade-api --version 1.0.0']],
  'pull chart': [
    ['Download the newest 6.x chart from a Helm repository, as a HelmChart would resolve it', "flux-ts pull chart podinfo --repo https://stefanprodan.github.io/podinfo --version '6.x'"],
    ['Download a chart from an OCI registry into ./charts', 'flux-ts pull chart oci://ghcr.io/your-org/charts/grade-api --version 1.0.0 -d ./charts'],
  ],
  push: [['Push a packaged chart to an OCI registry', 'flux-ts push chart grade-api-1.0.0.tgz oci://ghcr.io/your-org/charts']],
  'push chart': [
    ['Push a packaged chart to an OCI registry', 'flux-ts push chart grade-api-1.0.0.tgz oci://ghcr.io/your-org/charts'],
    ['Package a chart directory and push it with credentials', 'flux-ts push chart ./charts/grade-api oci://ghcr.io/your-org/charts --creds "user:$TOKEN"'],
  ],

  reconcile: [
    ['Ask the controller to reconcile a HelmRelease now and wait for it', 'flux-ts reconcile helmrelease grade-api'],
    ['Fetch a HelmRepository again', 'flux-ts reconcile source helm podinfo'],
  ],
  'reconcile helmrelease': [
    ['Ask the controller to reconcile a HelmRelease now and wait for it', 'flux-ts reconcile helmrelease grade-api'],
    ['Fetch the HelmRelease source first, then reconcile the HelmRelease', 'flux-ts reconcile hr grade-api --with-source'],
    ['Force a one-off upgrade and reset the retry counter', 'flux-ts reconcile hr grade-api --force --reset'],
    ['Run the reconciliation in this process, without a controller', 'flux-ts reconcile hr grade-api -n flux-system --local'],
  ],
  'reconcile source': [
    ['Fetch a GitRepository again', 'flux-ts reconcile source git platform'],
    ['Fetch a HelmChart and the HelmRepository it comes from', 'flux-ts reconcile source chart flux-system-grade-api --with-source'],
  ],
  ...perSource('reconcile'),

  suspend: [
    ['Stop reconciling a HelmRelease (helm commands can then change the release)', 'flux-ts suspend helmrelease grade-api'],
    ['Suspend every HelmRepository of a namespace', 'flux-ts suspend source helm --all -n apps'],
  ],
  'suspend helmrelease': [
    ['Stop reconciling a HelmRelease (helm commands can then change the release)', 'flux-ts suspend helmrelease grade-api'],
    ['Suspend several HelmReleases', 'flux-ts suspend hr grade-api grade-web'],
    ['Suspend every HelmRelease of a namespace', 'flux-ts suspend hr --all -n apps'],
  ],
  'suspend source': [
    ['Stop reconciling a GitRepository', 'flux-ts suspend source git platform'],
    ['Suspend every OCIRepository of a namespace', 'flux-ts suspend source oci --all -n apps'],
  ],
  ...perSource('suspend'),

  resume: [
    ['Resume a HelmRelease and wait until it is ready', 'flux-ts resume helmrelease grade-api'],
    ['Resume every HelmRepository of a namespace', 'flux-ts resume source helm --all -n apps'],
  ],
  'resume helmrelease': [
    ['Resume a HelmRelease and wait until it is ready', 'flux-ts resume helmrelease grade-api'],
    ['Resume several HelmReleases and wait for each', 'flux-ts resume hr grade-api grade-web --wait'],
    ['Resume every HelmRelease of a namespace without waiting', 'flux-ts resume hr --all -n apps --wait=false'],
  ],
  'resume source': [
    ['Resume a GitRepository and wait until it is ready', 'flux-ts resume source git platform'],
    ['Resume every HelmChart of a namespace', 'flux-ts resume source chart --all -n apps'],
  ],
  ...perSource('resume'),

  describe: [['Explain a HelmRelease: chart, source, conditions, history and events', 'flux-ts describe helmrelease grade-api']],
  'describe helmrelease': [
    ['Explain a HelmRelease: chart, source, conditions, history and events', 'flux-ts describe helmrelease grade-api'],
    ['Include the composed values (values from Secrets are masked)', 'flux-ts describe hr grade-api -n apps --show-values'],
    ['The same facts as YAML, for scripts', 'flux-ts describe hr grade-api -o yaml'],
  ],
  debug: [['Print the status of a HelmRelease', 'flux-ts debug helmrelease grade-api --show-status']],
  'debug helmrelease': [
    ['Print the status of a HelmRelease', 'flux-ts debug helmrelease grade-api --show-status'],
    ['Print the values a HelmRelease installs with (values from Secrets are masked)', 'flux-ts debug hr grade-api --show-values'],
    ['Print the release history of a HelmRelease', 'flux-ts debug hr grade-api -n apps --show-history'],
  ],

  events: [
    ['Show the events of the Flux objects of the flux-system namespace', 'flux-ts events'],
    ['Show the events of a HelmRelease and of the sources it comes from', 'flux-ts events --for HelmRelease/grade-api'],
    ['Stream the warnings of every namespace', 'flux-ts events -A --types Warning --watch'],
  ],
  stats: [
    ['Count the Flux objects of the flux-system namespace: running, failing and suspended', 'flux-ts stats'],
    ['The same for every namespace', 'flux-ts stats -A'],
  ],

  export: [
    ['Save every HelmRelease of the namespace to a file', 'flux-ts export helmrelease --all > helmreleases.yaml'],
    ['Print a HelmRepository as YAML', 'flux-ts export source helm podinfo'],
  ],
  'export helmrelease': [
    ['Print a HelmRelease as YAML', 'flux-ts export helmrelease grade-api'],
    ['Save every HelmRelease of a namespace to a file', 'flux-ts export hr --all -n apps > helmreleases.yaml'],
  ],
  'export source': [
    ['Print a GitRepository as YAML', 'flux-ts export source git platform'],
    ['Save every HelmRepository of the namespace to a file', 'flux-ts export source helm --all > helm-sources.yaml'],
  ],
  ...perSource('export'),

  completion: [['Load flux-ts completion into the current bash session', '. <(flux-ts completion bash)']],
  'completion bash': [
    ['Load flux-ts completion into the current bash session', '. <(flux-ts completion bash)'],
    ['Load it in every new session', 'echo ". <(flux-ts completion bash)" >> ~/.bashrc'],
  ],
  'completion zsh': [
    ['Load flux-ts completion into the current zsh session', 'source <(flux-ts completion zsh)'],
    ['Load it in every new session (a directory on $fpath)', 'flux-ts completion zsh > "${fpath[1]}/_flux-ts"'],
  ],
  'completion fish': [
    ['Load flux-ts completion into the current fish session', 'flux-ts completion fish | source'],
    ['Load it in every new session', 'flux-ts completion fish > ~/.config/fish/completions/flux-ts.fish'],
  ],
  'completion powershell': [
    ['Load flux-ts completion into the current PowerShell session', 'flux-ts completion powershell | Out-String | Invoke-Expression'],
    ['Load it in every new session', 'flux-ts completion powershell >> $PROFILE'],
  ],

  build: [['Render a HelmRelease from a repository checkout, without a cluster', 'flux-ts build helmrelease grade-api --path ./clusters/my-cluster']],
  'build helmrelease': [
    ['Render a HelmRelease from a repository checkout, without a cluster', 'flux-ts build helmrelease grade-api --path ./clusters/my-cluster'],
    ['Map its GitRepository to another checkout and pick the Kubernetes version', 'flux-ts build hr grade-api --path ./clusters/my-cluster --source-dir ../platform \\', '  --kube-version 1.31.0'],
  ],
  diff: [['Show what applying a HelmRelease from the checkout would change in the cluster', 'flux-ts diff helmrelease grade-api --path ./clusters/my-cluster']],
  'diff helmrelease': [
    ['Show what applying a HelmRelease from the checkout would change in the cluster', 'flux-ts diff helmrelease grade-api --path ./clusters/my-cluster'],
    ['Fail a CI job when there are differences (exit code 1)', 'flux-ts diff hr grade-api --path ./clusters/my-cluster || exit 1'],
  ],

  install: [
    ['Install flux-ts in the flux-system namespace', 'flux-ts install'],
    ['Let HelmReleases use sources of other namespaces', 'flux-ts install --allow-namespace-cross-references'],
    ['Write the install manifests to a file instead of applying them', 'flux-ts install --export > flux-ts.yaml'],
    ['Pull the controller image from a private registry', 'flux-ts install --registry registry.example.com/flux-ts \\', '  --image-pull-secret regcred --registry-creds "user:$TOKEN"'],
  ],
  uninstall: [
    ['List what uninstall would delete', 'flux-ts uninstall --dry-run'],
    ['Remove flux-ts but keep its namespace', 'flux-ts uninstall --keep-namespace'],
  ],
  check: [
    ['Check that the cluster can run flux-ts', 'flux-ts check --pre'],
    ['Check the installed CRDs and controller', 'flux-ts check'],
  ],
  controller: [
    ['Run the controller on this machine against the current kubeconfig context', 'flux-ts controller'],
    ['Watch one namespace only, four HelmReleases at a time', 'flux-ts controller --watch-namespace apps --concurrent 4'],
  ],
  version: [
    ['Print the CLI version and the versions installed in the cluster', 'flux-ts version'],
    ['Print the CLI version only, as JSON', 'flux-ts version --client -o json'],
  ],
  trace: [
    ['Show the HelmRelease and sources a Deployment comes from', 'flux-ts trace grade-api --kind=Deployment --api-version=apps/v1 -n grade-api'],
    ['The same, naming the object as kubectl does', 'flux-ts trace deployment/grade-api -n grade-api'],
  ],
};

/** cobra's Example text for one command: two spaces in, a blank line between examples. */
export function renderExamples(examples: Examples): string {
  return examples.map(([comment, ...lines]) => [`# ${comment}`, ...lines].map((l) => `  ${l}`).join('\n')).join('\n\n');
}

/** The command's path below the root: `get sources helm` (`''` for the root). */
export function commandKey(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Gives every command that has an entry in EXAMPLES its Examples block, when its help is printed. */
export function attachExamples(): void {
  setExampleSource((cmd) => {
    const examples = EXAMPLES[commandKey(cmd)];
    return examples ? renderExamples(examples) : undefined;
  });
}
