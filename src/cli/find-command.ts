// Which sub-command of the root an argument list names, found the way cobra's Command.Find
// finds it, so flags before the command word behave as they do with flux:
// - cobra skips the root's flags to find the command word, with only the flags the root knows
//   at that point (its persistent ones: not --version or --help, which cobra adds later). A
//   `--flag` it does not know as a boolean takes the next word as its value, so
//   `flux-ts --version get hr` names the command "hr" (unknown), while `flux-ts --version get`
//   names none and prints the version;
// - the command word found, the other words (flags before it included) go to that command:
//   `flux-ts --debug=true template CHART` is `template --debug=true CHART`;
// - a first word that names no command is cobra's `unknown command "x" for "flux-ts"`.
import type { Command } from 'commander';
import { suggestionsFor } from './command.js';
import { UsageError } from './errors.js';
import { goQuote } from './go-quote.js';

/** The non-flag words of argv and where they stand (cobra's stripFlags). */
function commandWords(root: Command, argv: readonly string[]): { word: string; at: number }[] {
  // A flag that takes its value from the next word: one the root declares with a required
  // value, or one it does not know yet.
  const isBool = (name: string): boolean => root.options.some((o) => !o.required && o.long !== '--version' && (o.long === name || o.short === name));
  const words: { word: string; at: number }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i] as string;
    if (s === '--') break;
    const valueFlag = !s.includes('=') && ((s.startsWith('--') && !isBool(s)) || (s.startsWith('-') && !s.startsWith('--') && s.length === 2 && !isBool(s)));
    if (valueFlag) {
      // cobra stops looking when the flag is the last but one word.
      if (argv.length - i - 1 <= 1) break;
      i++;
      continue;
    }
    if (s !== '' && !s.startsWith('-')) words.push({ word: s, at: i });
  }
  return words;
}

/**
 * argv for commander: the sub-command word first and every other word after it in order, or
 * argv unchanged when it names no sub-command. Throws cobra's unknown-command error when the
 * first word cobra would take for a command is not one.
 */
export function routeToCommand(root: Command, argv: readonly string[]): string[] {
  const [first] = commandWords(root, argv);
  if (first === undefined) return [...argv];
  const known = root.commands.some((c) => c.name() === first.word || c.aliases().includes(first.word));
  if (!known) throw new UsageError(`unknown command ${goQuote(first.word)} for ${goQuote(root.name())}${suggestionsFor(root, first.word)}`);
  return [first.word, ...argv.slice(0, first.at), ...argv.slice(first.at + 1)];
}
