// go-yaml's errors: "yaml: problem", or a whole text go-yaml worded with a line ("yaml: line N:
// problem", from libyaml's scanner and parser: libyaml-scanner.ts, libyaml-parser.ts). The
// decoder's own errors (libyaml-compose.ts, decode.ts) name no line.

export class YamlSyntaxError extends Error {
  constructor(detail: string) {
    super(`yaml: ${detail}`);
    this.name = 'YamlSyntaxError';
  }

  /** An error whose whole text is already go-yaml's. */
  static worded(message: string): YamlSyntaxError {
    const e = new YamlSyntaxError('');
    e.message = message;
    return e;
  }
}
