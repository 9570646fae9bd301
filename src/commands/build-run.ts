// The body of `build hr`: build from disk, print the manifests as `helm template` prints them
// (release manifest in install order, then hooks).
import { templateStdout } from '../helm/template/output.js';
import { buildFromDir, type BuildOptions, type BuiltRelease } from '../reconcile/local/build.js';

export interface BuildOutput {
  stdout: string;
  error?: string;
  built?: BuiltRelease;
}

/** Everything helm-controller would apply for the release: manifests, then hooks. */
export function builtManifests(built: BuiltRelease): string {
  const r = built.rendered;
  return templateStdout({ crds: r.crds, manifests: r.manifests, hooks: r.hooks, includeCrds: true, skipTests: false, disableHooks: false, showOnly: [] });
}

export async function runBuild(opts: BuildOptions): Promise<BuildOutput> {
  try {
    const built = await buildFromDir(opts);
    return { stdout: builtManifests(built), built };
  } catch (e) {
    return { stdout: '', error: (e as Error).message };
  }
}
