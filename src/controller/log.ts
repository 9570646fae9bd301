// JSON logs, one object per line, shaped like the Flux controllers' zap output
// (level, ts, msg, controller, namespace/name fields) so log pipelines need no new parser.

export type LogLevel = 'debug' | 'info' | 'error';

export interface JsonLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  with(fields: Record<string, unknown>): JsonLogger;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, error: 2 };

export function createJsonLogger(write: (line: string) => void, level: LogLevel = 'info', base: Record<string, unknown> = {}, now: () => Date = () => new Date()): JsonLogger {
  const emit = (lvl: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[lvl] < RANK[level]) return;
    write(JSON.stringify({ level: lvl, ts: now().toISOString(), msg, ...base, ...fields }) + '\n');
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    error: emit('error'),
    with: (fields) => createJsonLogger(write, level, { ...base, ...fields }, now),
  };
}
