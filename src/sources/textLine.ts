import type { EntrySource, LogEntry } from '../model/index.js';
import { formatUs, parseTimestampUs } from '../model/index.js';

const ANSI = /\x1b\[[0-9;]*m/g;
// `[2025-09-07 13:34:00 +0000] [15] [INFO] …` (gunicorn, also carrying uvicorn and websockets)
const GUNICORN = /^\[(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)\]/;
// ISO or Python-logging time at the start: `2025-09-07T13:34:00.123Z …`, `2025-09-07 13:22:49,795 - …`
const LEADING = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)(?=[\s|\]\-,]|$)/;

export interface LineTime {
  us: number;
  /** The line named no zone and was read as UTC (what a Cloud Run container writes). */
  assumedUtc: boolean;
}

/** The timestamp a text line starts with, if any. */
export function lineTimestamp(line: string): LineTime | null {
  const plain = line.charCodeAt(0) === 0x1b ? line.replace(ANSI, '') : line;
  const m = GUNICORN.exec(plain) ?? LEADING.exec(plain);
  if (!m) return null;
  const raw = m[1]!;
  const zoned = parseTimestampUs(raw);
  if (zoned !== null) return { us: zoned, assumedUtc: false };
  const utc = parseTimestampUs(raw, true);
  return utc === null ? null : { us: utc, assumedUtc: true };
}

/** A text line as a LogEntry: `textPayload`, no severity (Cloud Run gives plain lines none). */
export function textEntry(line: string, us: number | null, service: string | null, source: EntrySource): LogEntry {
  return {
    timestamp: us === null ? null : formatUs(us),
    timestampUs: us,
    severity: 'DEFAULT',
    resource: { type: service ? 'cloud_run_revision' : '', labels: service ? { service_name: service } : {} },
    labels: {},
    textPayload: line,
    source,
  };
}
