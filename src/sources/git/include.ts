// spec.include: source-controller copies (a directory of) each included GitRepository's artifact
// into the checkout before it applies the ignore rules. flux-ts has no artifact storage, so the
// included repository is checked out and made into its artifact here, the same way.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { notFoundMessage } from '../../cluster/errors.js';
import type { Cluster } from '../../cluster/types.js';
import { findKind } from '../../kinds/registry.js';
import { atServedVersion } from '../../kinds/served.js';
import { parseGoDuration } from '../duration.js';
import { SourceError } from '../errors.js';
import { describeSource, type GitRepository } from '../types.js';
import { gitAccessFor } from './access.js';
import { checkout, type GitCheckout } from './checkout.js';
import { pruneToArtifact, pruneToSparseCheckout } from './sourceignore.js';
import { refuseUnsupportedGitFields } from './unsupported.js';

/** Includes of includes are followed this deep at most. */
const MAX_DEPTH = 10;

/** `path` under `root`, never above it: ".." stops at the root (securejoin, lexically). */
export function secureJoin(root: string, path: string): string {
  return join(root, posix.normalize(`/${path}`));
}

async function getGitRepository(cluster: Cluster, namespace: string, name: string): Promise<GitRepository | undefined> {
  const kind = findKind('GitRepository');
  if (kind === undefined) throw new Error('GitRepository is not in the kinds registry');
  return atServedVersion(cluster, kind, (res) => cluster.tryGet<GitRepository>(res, name, namespace));
}

/** Checks `repo` out and makes the checkout what its artifact holds (its own includes too). */
export async function checkoutArtifact(cluster: Cluster, repo: GitRepository, chain: readonly string[] = []): Promise<GitCheckout> {
  const ns = repo.metadata.namespace ?? 'default';
  const subject = describeSource('GitRepository', ns, repo.metadata.name);
  refuseUnsupportedGitFields(repo);
  const auth = await gitAccessFor(cluster, repo, subject);
  const timeoutMs = repo.spec.timeout !== undefined ? parseGoDuration(repo.spec.timeout) : undefined;
  const co = await checkout(repo.spec.url, repo.spec.ref, auth, timeoutMs, { recurseSubmodules: repo.spec.recurseSubmodules === true });
  try {
    if (repo.spec.sparseCheckout !== undefined && repo.spec.sparseCheckout.length > 0) await pruneToSparseCheckout(co.dir, repo.spec.sparseCheckout);
    await applyIncludes(cluster, repo, co.dir, chain);
    await pruneToArtifact(co.dir, repo.spec.ignore);
    return co;
  } catch (err) {
    await co.cleanup();
    throw err;
  }
}

/** Copies every spec.include of `repo` into `dir`, in order (fromPath → toPath, default: the name). */
export async function applyIncludes(cluster: Cluster, repo: GitRepository, dir: string, chain: readonly string[] = []): Promise<void> {
  const ns = repo.metadata.namespace ?? 'default';
  const subject = describeSource('GitRepository', ns, repo.metadata.name);
  const here = [...chain, `${ns}/${repo.metadata.name}`];
  for (const incl of repo.spec.include ?? []) {
    const name = incl.repository.name;
    if (here.includes(`${ns}/${name}`) || here.length > MAX_DEPTH) {
      throw new SourceError(subject, 'InvalidSpec', `include '${name}' leads back to ${here.join(' -> ')}: flux-ts follows includes through checkouts and cannot resolve a cycle`);
    }
    const dep = await getGitRepository(cluster, ns, name);
    if (dep === undefined) throw new SourceError(subject, 'NotFound', `could not get resource for include '${name}': ${notFoundMessage({ plural: 'gitrepositories', group: 'source.toolkit.fluxcd.io' }, name)}`);
    const co = await checkoutArtifact(cluster, dep, here);
    try {
      const fromPath = incl.fromPath ?? '';
      const toPath = incl.toPath !== undefined && incl.toPath !== '' ? incl.toPath : name;
      const from = secureJoin(co.dir, fromPath);
      const to = secureJoin(dir, toPath);
      const copyError = (why: string) => new SourceError(subject, 'Failed', `failed to copy '${name}' include from ${fromPath} to ${toPath}: ${why}`);
      if ((await stat(from).catch(() => undefined)) === undefined) throw copyError(`'${fromPath}' not found in the artifact`);
      await mkdir(dirname(to), { recursive: true });
      try {
        // The included artifact never carries the VCS directory; a whole-repository include would.
        if (from === co.dir) await rm(join(co.dir, '.git'), { recursive: true, force: true });
        await rename(from, to);
      } catch (err) {
        throw copyError((err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EEXIST' ? `'${toPath}' already exists and is not empty` : (err as Error).message);
      }
    } finally {
      await co.cleanup();
    }
  }
}
