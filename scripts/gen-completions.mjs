// Regenerates completions/ (the shell completion scripts packagers install) from the built CLI:
//   npm run build && node scripts/gen-completions.mjs
// test/commands/completion checks that the committed files are up to date.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

export const COMPLETION_FILES = { bash: 'completions/flux-ts.bash', zsh: 'completions/_flux-ts', fish: 'completions/flux-ts.fish', powershell: 'completions/flux-ts.ps1' };

mkdirSync('completions', { recursive: true });
for (const [shell, path] of Object.entries(COMPLETION_FILES)) {
  const script = execFileSync(process.execPath, ['bin/flux-ts', 'completion', shell], { encoding: 'utf8' });
  writeFileSync(path, script);
  console.log(`wrote ${path}`);
}
