// The `flux-ts template` code path as a standalone bundle entry, so the benchmark times a
// process that starts, loads the bundled engine, renders and prints, like the real CLI.
import { defaultTemplateEnv } from '../../src/helm/template/env.js';
import { parseTemplateArgs } from '../../src/helm/template/flags.js';
import { runTemplate } from '../../src/helm/template/run.js';

const result = await runTemplate(parseTemplateArgs(process.argv.slice(2)), defaultTemplateEnv(process.cwd()));
process.stdout.write(result.stdout);
if (result.error !== undefined) {
  process.stderr.write(`Error: ${result.error}\n`);
  process.exitCode = 1;
}
