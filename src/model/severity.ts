import { z } from 'zod';

/** Cloud Logging's LogSeverity names, lowest first. DEFAULT is what an entry without a severity has. */
export const SEVERITIES = [
  'DEFAULT',
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARNING',
  'ERROR',
  'CRITICAL',
  'ALERT',
  'EMERGENCY',
] as const;

export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

const RANK: Record<Severity, number> = {
  DEFAULT: 0,
  DEBUG: 100,
  INFO: 200,
  NOTICE: 300,
  WARNING: 400,
  ERROR: 500,
  CRITICAL: 600,
  ALERT: 700,
  EMERGENCY: 800,
};

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** Normalizes what exporters write (names in any case, the API's numbers, `WARN`, null) to a Severity. */
export function normalizeSeverity(raw: unknown): Severity {
  if (raw === null || raw === undefined || raw === '') return 'DEFAULT';
  if (typeof raw === 'number') {
    let best: Severity = 'DEFAULT';
    for (const s of SEVERITIES) if (RANK[s] <= raw) best = s;
    return best;
  }
  const up = String(raw).trim().toUpperCase();
  if (up === 'WARN') return 'WARNING';
  if (up === 'FATAL') return 'CRITICAL';
  return (SEVERITIES as readonly string[]).includes(up) ? (up as Severity) : 'DEFAULT';
}
