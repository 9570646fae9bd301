// helm-controller's LogBuffer (internal/action/log.go): the last ten Helm log records of one
// action, each stamped with the time it was logged; a record repeating the one before it (Helm
// waiting on the same resource) is counted instead of stored again. Failure events end with it
// (messages eventMessageWithLog).
import { bufferedLine, type HelmLogRecord } from '../../helm/action/log.js';
import { goTime } from '../digest/index.js';

/** helm-controller's ring buffer size. */
export const HELM_LOG_LINES = 10;

interface Line {
  at: Date;
  lastAt: Date;
  msg: string;
  /** Repeats after the first. */
  count: number;
}

/** time.Time.Format(time.RFC3339Nano) of a UTC time. */
function rfc3339Nano(d: Date): string {
  return goTime(d.toISOString());
}

function lineText(l: Line): string {
  if (l.msg === '') return '';
  let out = `${rfc3339Nano(l.at)}: ${l.msg}`;
  if (l.count > 0) out += `\n${rfc3339Nano(l.lastAt)}: ${l.msg}`;
  const omitted = l.count - 1;
  if (omitted > 0) out += ` (${omitted} duplicate line${omitted > 1 ? 's' : ''} omitted)`;
  return out;
}

export class HelmLogBuffer {
  private readonly lines: Line[] = [];

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly size = HELM_LOG_LINES,
  ) {}

  append(record: HelmLogRecord): void {
    const msg = bufferedLine(record);
    const prev = this.lines[this.lines.length - 1];
    if (prev && prev.msg === msg) {
      prev.count++;
      prev.lastAt = this.now();
      return;
    }
    const at = this.now();
    this.lines.push({ at, lastAt: at, msg, count: 0 });
    if (this.lines.length > this.size) this.lines.shift();
  }

  /** The lines, oldest first, one per line ('' when nothing was logged). */
  toString(): string {
    return this.lines
      .map(lineText)
      .filter((t) => t !== '')
      .join('\n')
      .trim();
  }
}
