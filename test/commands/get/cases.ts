// The `get` invocations pinned by golden files in test/fixtures/get/ (fixture helmreleases.yaml
// rendered with ns=apps, other=infra). Shared by the test and the golden writer.
export const GOLDEN_VARS = { ns: 'apps', other: 'infra' };

export const GOLDEN_CASES: { golden: string; args: string[]; stderr?: string }[] = [
  { golden: 'hr.golden', args: ['get', 'hr', '-n', 'apps'] },
  { golden: 'hr-all-namespaces.golden', args: ['get', 'helmreleases', '-A'] },
  { golden: 'hr-show-source.golden', args: ['get', 'helmrelease', '-A', '--show-source'] },
  { golden: 'hr-no-header.golden', args: ['get', 'hr', '-n', 'apps', '--no-header'] },
  { golden: 'hr-label-selector.golden', args: ['get', 'hr', '-A', '-l', 'team=web'] },
  { golden: 'hr-status-not-ready.golden', args: ['get', 'hr', '-A', '--status-selector', 'ready=false'] },
  { golden: 'hr-by-name.golden', args: ['get', 'hr', 'podinfo', '-n', 'apps'] },
  { golden: 'hr-by-name-all-namespaces.golden', args: ['get', 'hr', 'fresh', '-A', '--show-source'] },
  { golden: 'sources-helm.golden', args: ['get', 'sources', 'helm', '-n', 'apps'] },
  { golden: 'sources-chart.golden', args: ['get', 'source', 'chart', '-n', 'apps'] },
  { golden: 'sources-oci.golden', args: ['get', 'sources', 'oci', '-n', 'infra'] },
  { golden: 'sources-all.golden', args: ['get', 'sources', 'all', '-n', 'apps'] },
  { golden: 'all-all-namespaces.golden', args: ['get', 'all', '-A'] },
  {
    golden: 'all-by-name.golden',
    args: ['get', 'all', 'podinfo', '-n', 'apps'],
    stderr:
      '✗ OCIRepository object \'podinfo\' not found in "apps" namespace\n' +
      '✗ GitRepository object \'podinfo\' not found in "apps" namespace\n' +
      '✗ HelmChart object \'podinfo\' not found in "apps" namespace\n',
  },
];
