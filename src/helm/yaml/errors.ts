// go-yaml's errors: "yaml: line N: problem", or "yaml: problem" where go-yaml names no line.
// The texts come from libyaml's scanner and parser (libyaml-scanner.ts, libyaml-parser.ts) and
// go-yaml's decoder (libyaml-compose.ts, decode.ts).

export class YamlSyntaxError extends Error {
  constructor(detail: string, line = 0) {
    super(line > 0 ? `yaml: line ${line}: ${detail}` : `yaml: ${detail}`);
    this.name = 'YamlSyntaxError';
  }

  /** An error whose whole text (after nothing) is already go-yaml's. */
  static worded(message: string): YamlSyntaxError {
    const e = new YamlSyntaxError('');
    e.message = message;
    return e;
  }
}
