// What the benches share: numeric command-line options, and a chart served from the chart
// repository test server as one packaged version in its index.
import { createHash } from 'node:crypto';
import { packageChartDir } from '../src/sources/chart-archive.js';
import type { ChartRepoServer } from '../test/support/servers/chart-repo.js';

/** The number after `name` on the command line, or `fallback` when the option is not given. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Packages the chart in chartDir and serves it from repo as `<name>-<version>.tgz`, with an index.yaml naming it. */
export async function serveChart(repo: ChartRepoServer, chartDir: string, name: string, version: string): Promise<void> {
  const { archive } = await packageChartDir(chartDir);
  const file = `${name}-${version}.tgz`;
  const digest = createHash('sha256').update(archive).digest('hex');
  repo.files.set(`/${file}`, archive);
  repo.files.set('/index.yaml', Buffer.from(`apiVersion: v1\nentries:\n  ${name}:\n  - name: ${name}\n    version: ${version}\n    digest: ${digest}\n    urls:\n    - ${repo.url}/${file}\n`));
}
