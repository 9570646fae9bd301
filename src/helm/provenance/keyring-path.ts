// Where helm looks for the keyring when --keyring is not given. Its own module: the template
// flags print it as the default without loading the OpenPGP code behind verify.ts.
import { join } from 'node:path';

/**
 * helm's --keyring default: $GNUPGHOME/pubring.gpg when GNUPGHOME is set (even empty),
 * else $HOME/.gnupg/pubring.gpg (Go's filepath.Join: "" parts vanish, the result is cleaned).
 */
export function defaultKeyring(env: NodeJS.ProcessEnv): string {
  if (env.GNUPGHOME !== undefined) return join(env.GNUPGHOME, 'pubring.gpg');
  return join(env.HOME ?? '', '.gnupg', 'pubring.gpg');
}
