// BurntSushi/toml's ParseError as its Error() prints it: the line, the last key parsed (Go-quoted)
// when there is one, and the message.
import { quote } from '../../gotemplate/quote.js';

export class TomlParseError extends Error {
  constructor(
    readonly line: number,
    readonly lastKey: string,
    readonly detail: string,
  ) {
    super(lastKey === '' ? `toml: line ${line}: ${detail}` : `toml: line ${line} (last key ${quote(lastKey)}): ${detail}`);
    this.name = 'TomlParseError';
  }
}
