// Credential flags of the commands that talk to chart repositories and registries (pull, push):
// `--creds user:password`, or `--username` with `--password`. Neither: undefined, and the
// sources layer falls back to `helm registry login` / docker config credentials.
import { UsageError } from '../../cli/errors.js';

export interface CredentialFlags {
  creds?: string;
  username?: string;
  password?: string;
}

export async function credentialsFromFlags(flags: CredentialFlags): Promise<{ username: string; password: string } | undefined> {
  if (flags.creds !== undefined) {
    const { parseCredsFlag } = await import('../../sources/oci/credentials.js');
    try {
      return parseCredsFlag(flags.creds);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  if (flags.username !== undefined || flags.password !== undefined) {
    if (flags.username === undefined || flags.password === undefined) throw new UsageError('--username and --password must be given together');
    return { username: flags.username, password: flags.password };
  }
  return undefined;
}
