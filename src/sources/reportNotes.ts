import type { Format } from '../model/index.js';
import type { WrapperMeta } from './jsonFramer.js';

export interface Note {
  text: string;
  /** The note means entries are known to be missing: the read cannot count as complete. */
  incomplete: boolean;
}

/** Sizes that `--limit`, page sizes and exporter caps produce. */
const ROUND_LIMITS = new Set([50, 100, 200, 250, 500, 1000, 2000, 5000, 10000]);

function declaredTotal(meta: WrapperMeta): number | null {
  const v = meta.values;
  const summary = v['summary'];
  const fromSummary =
    typeof summary === 'object' && summary !== null ? (summary as Record<string, unknown>)['total_logs'] : undefined;
  const t = v['total_logs'] ?? fromSummary;
  return typeof t === 'number' ? t : null;
}

/**
 * What the shape of an export says about its completeness. A gcloud export of exactly 1000
 * entries is usually `--limit 1000`, cut; a Python-client dump whose severity groups all stop
 * at the same round number hit its per-severity cap: entries beyond it were never written.
 */
export function reportNotes(format: Format, entries: number, meta: WrapperMeta): Note[] {
  const notes: Note[] = [];
  if ((format === 'gcloud-array' || format === 'jsonl') && ROUND_LIMITS.has(entries)) {
    notes.push({
      text: `holds exactly ${entries} entries, the size of a typical --limit: it may be cut (coverage is taken from the entries' own times)`,
      incomplete: false,
    });
  }
  const total = declaredTotal(meta);
  if (total !== null && total > entries) {
    notes.push({ text: `the export declares ${total} entries but holds ${entries}`, incomplete: true });
  }
  const groups = Object.entries(Object.keys(meta.groupCounts).some((k) => k !== '*') ? meta.groupCounts : meta.declaredCounts).filter(
    ([k]) => k !== '*',
  );
  if (groups.length > 0) {
    const max = Math.max(...groups.map(([, n]) => n));
    const atMax = groups.filter(([, n]) => n === max).map(([k]) => k);
    if (max > 0 && (atMax.length >= 2 || ROUND_LIMITS.has(max))) {
      notes.push({
        text: `severity groups ${atMax.join(', ')} hold exactly ${max} entries each: the exporter's per-severity cap; entries beyond it are missing`,
        incomplete: true,
      });
    }
    const names = groups.map(([k]) => k.toUpperCase());
    if (!names.includes('DEFAULT') && !names.includes('INFO')) {
      notes.push({
        text: `holds only severities ${names.join(', ')}: lines without a severity (uvicorn 403 lines, 1011 closes) are not in this export`,
        incomplete: true,
      });
    }
  }
  return notes;
}
