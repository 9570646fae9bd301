import { describe, expect, it } from 'vitest';
import { runCli } from './io.js';

describe('usage errors, printed as flux does (✗ on stderr, exit 1)', () => {
  const cases: [string[], string][] = [
    [['bogus'], 'unknown command "bogus" for "flux-ts"'],
    [['get', 'kustomizations'], 'unknown command "kustomizations" for "flux-ts get"'],
    [['get', 'sources', 'tarball'], 'unknown command "tarball" for "flux-ts get sources"'],
    [['get', 'hr', '--bogus'], 'unknown flag: --bogus'],
    [['get', 'hr', '-z'], "unknown shorthand flag: 'z' in -z"],
    [['get', 'hr', '--status-selector'], 'flag needs an argument: --status-selector'],
    // pflag names the form that was typed (helm v4: `flag needs an argument: 'n' in -n`).
    [['get', 'hr', '-n'], "flag needs an argument: 'n' in -n"],
    [['get', 'hr', '-Az'], "unknown shorthand flag: 'z' in -Az"],
    // cobra parses all flags before --help (helm v4 does the same).
    [['get', 'hr', '--bogus', '--help'], 'unknown flag: --bogus'],
    [['get', 'hr', '--help', '--bogus'], 'unknown flag: --bogus'],
    [['get', 'hr', '--watch=maybe'], 'invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
    [['get', 'hr', '-w=yes'], 'invalid argument "yes" for "-w, --watch" flag: strconv.ParseBool: parsing "yes": invalid syntax'],
    [['get', 'hr', '--no-header=yes'], 'invalid argument "yes" for "--no-header" flag: strconv.ParseBool: parsing "yes": invalid syntax'],
    [['get', 'hr', '--timeout', '5'], 'invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"'],
    [['get', 'hr', '-n', 'Not_A_Label'], 'namespace must be a valid DNS label: "Not_A_Label"'],
    [['get', 'hr', '-o', 'wide'], 'invalid argument "wide" for "-o, --output" flag: must be one of table|json|yaml'],
    [['get', 'all', '--watch'], 'expected a single resource type, but found all'],
    [['get', 'hr', '--kube-api-qps', 'fast'], 'invalid argument "fast" for "--kube-api-qps" flag: strconv.ParseFloat: parsing "fast": invalid syntax'],
    [['install', '--export', '--log-level', 'bogus'], "invalid argument \"bogus\" for \"--log-level\" flag: unsupported log level 'bogus', must be one of: debug, info, error"],
    [['install', '--export', '--log-level', ''], 'invalid argument "" for "--log-level" flag: no log level given, must be one of: debug, info, error'],
    [['get', 'hr', '--kube-api-burst', '1.5'], 'invalid argument "1.5" for "--kube-api-burst" flag: strconv.ParseInt: parsing "1.5": invalid syntax'],
  ];
  for (const [args, message] of cases) {
    it(`flux-ts ${args.join(' ')}`, async () => {
      const out = await runCli(args, { KUBECONFIG: '/nonexistent/kubeconfig' });
      expect(out).toEqual({ code: 1, stdout: '', stderr: `✗ ${message}\n` });
    });
  }

  it('accepts pflag-style boolean values (--watch=false, --no-header=true)', async () => {
    const out = await runCli(['get', 'hr', '--watch=false', '--all-namespaces=true'], { KUBECONFIG: '/nonexistent/kubeconfig' });
    expect(out.stderr).toBe('✗ no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n');
  });

  it('ignores words after the name of reconcile, as flux (no Args rule) does', async () => {
    const out = await runCli(['reconcile', 'hr', 'podinfo', 'extra'], { KUBECONFIG: '/nonexistent/kubeconfig' });
    expect(out.stderr).toBe('✗ no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n');
  });

  it('accepts kubectl’s --cache-dir, which flux declares, with kubectl’s default', async () => {
    const out = await runCli(['get', 'hr', '--cache-dir', '/tmp/kube-cache'], { KUBECONFIG: '/nonexistent/kubeconfig' });
    expect(out.stderr).toBe('✗ no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n');
    expect((await runCli(['get', '--help'], { HOME: '/home/u' })).stdout).toMatch(/\n {6}--cache-dir string .*\(default "\/home\/u\/.kube\/cache"\)\n/);
    expect((await runCli(['get', '--help'], { KUBECACHEDIR: '/var/kc' })).stdout).toMatch(/\(default "\/var\/kc"\)\n/);
  });

  it('prints the help of a bare parent command on stdout and succeeds', async () => {
    const out = await runCli(['get']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('\nAvailable Commands:\n  all          Get all resources and statuses\n  helmreleases Get HelmRelease statuses\n');
    expect(out.stderr).toBe('');
  });
});

describe('namespace defaults', () => {
  it('warns about an invalid FLUX_SYSTEM_NAMESPACE and falls back to flux-system', async () => {
    const out = await runCli(['get', 'hr', '--kubeconfig', '/nonexistent/kubeconfig'], { FLUX_SYSTEM_NAMESPACE: 'Bad NS' });
    expect(out.stderr.split('\n')[0]).toBe('⚠️  ignoring invalid FLUX_SYSTEM_NAMESPACE: "Bad NS"');
  });

  it('reports a missing --kubeconfig file by name', async () => {
    const out = await runCli(['get', 'hr', '--kubeconfig', '/nonexistent/kubeconfig']);
    expect(out).toEqual({ code: 1, stdout: '', stderr: '✗ error loading config file "/nonexistent/kubeconfig": no such file or directory\n' });
  });
});

describe('--version', () => {
  it('prints flux-ts version <semver> on stdout', async () => {
    const out = await runCli(['--version']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^flux-ts version \d+\.\d+\.\d+\S*\n$/);
  });

  it('still warns about an invalid FLUX_SYSTEM_NAMESPACE, as flux does for every command', async () => {
    const out = await runCli(['--version'], { FLUX_SYSTEM_NAMESPACE: 'NOPE' });
    expect(out.stderr).toBe('⚠️  ignoring invalid FLUX_SYSTEM_NAMESPACE: "NOPE"\n');
  });
});

// cobra finds the command word by skipping the root's flags; a flag the root does not have
// (helm's --debug) takes the next word as its value. test/cli/cobra-parity.test.ts checks the
// rule against cobra itself; these are the cases a helm user meets.
describe('helm flags before `template`', () => {
  const basic = new URL('../fixtures/render/charts/basic', import.meta.url).pathname;

  it('`--debug template CHART` is cobra’s unknown command: --debug took `template` as its value', async () => {
    expect(await runCli(['--debug', 'template', basic])).toEqual({ code: 1, stdout: '', stderr: `✗ unknown command ${JSON.stringify(basic)} for "flux-ts"\n` });
    expect(await runCli(['--debug', 'x', 'templat'])).toEqual({ code: 1, stdout: '', stderr: '✗ unknown command "templat" for "flux-ts"\n\nDid you mean this?\n\ttemplate\n\n' });
  });

  it('`--debug template` alone is an unknown flag of the root', async () => {
    expect(await runCli(['--debug', 'template'])).toEqual({ code: 1, stdout: '', stderr: '✗ unknown flag: --debug\n' });
  });

  it('`--debug=true template CHART` reaches template, which renders with helm’s debug lines', async () => {
    const before = await runCli(['--debug=true', 'template', basic]);
    const after = await runCli(['template', basic, '--debug=true']);
    expect(before.code).toBe(0);
    expect(before.stderr).toContain('level=DEBUG msg="Chart path"');
    expect(before).toEqual(after);
  });

  it('root flags before the command keep working: `-n apps template CHART` renders in apps', async () => {
    const out = await runCli(['-n', 'apps', 'template', basic]);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe((await runCli(['template', basic, '-n', 'apps'])).stdout);
  });
});
