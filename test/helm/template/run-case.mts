// Runs one `flux-ts template` case in its own Node process (for cases that need a larger
// stack, as bin/flux-ts gives the CLI) and prints the TemplateResult as JSON.
import { defaultTemplateEnv } from '../../../src/helm/template/env.js';
import { parseTemplateArgs } from '../../../src/helm/template/flags.js';
import { runTemplate } from '../../../src/helm/template/run.js';

const [cwd, ...args] = process.argv.slice(2);
const result = await runTemplate(parseTemplateArgs(args), defaultTemplateEnv(cwd));
process.stdout.write(JSON.stringify(result));
