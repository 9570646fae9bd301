// flux's progress logger (cmd/flux/log.go): one line per call on stderr, `<symbol> <message>`.
// Results never go through it, so `flux-ts get … -o json | jq` sees only data on stdout.

export interface LineSink {
  write(text: string): unknown;
}

export interface Logger {
  action(message: string): void; // ►
  generate(message: string): void; // ✚
  waiting(message: string): void; // ◎
  success(message: string): void; // ✔
  warning(message: string): void; // ⚠️
  failure(message: string): void; // ✗
}

export const SYMBOLS = {
  action: '►',
  generate: '✚',
  waiting: '◎',
  success: '✔',
  warning: '⚠️',
  failure: '✗',
} as const;

export function createLogger(sink: LineSink): Logger {
  const line = (symbol: string) => (message: string) => {
    sink.write(`${symbol} ${message}\n`);
  };
  return {
    action: line(SYMBOLS.action),
    generate: line(SYMBOLS.generate),
    waiting: line(SYMBOLS.waiting),
    success: line(SYMBOLS.success),
    warning: line(SYMBOLS.warning),
    failure: line(SYMBOLS.failure),
  };
}
