import type { ReadReport } from '../model/index.js';
import { formatCount } from '../analysis/words.js';


function position(b: ReadReport['badRecordSamples'][number]): string {
  const parts: string[] = [];
  if (b.line !== undefined) parts.push(`line ${b.line}`);
  if (b.index !== undefined) parts.push(`entry #${b.index + 1}`);
  if (b.offset !== undefined) parts.push(`byte ${formatCount(b.offset)}`);
  return parts.join(', ');
}

/** What stderr says about each input read: one line, then its problems with their positions. */
export function describeSource(r: ReadReport): string[] {
  const state = r.complete ? 'read to the end' : `INCOMPLETE: ${r.incompleteReason ?? 'stopped early'}`;
  const span = r.firstTimestamp ? `, ${r.firstTimestamp} .. ${r.lastTimestamp}` : '';
  const lines = [
    `${r.name}: ${r.format}${r.gzip ? ' (gzip)' : ''}, ${formatCount(r.entries)} ${r.entries === 1 ? 'entry' : 'entries'}, ${formatCount(r.badRecords)} bad record${r.badRecords === 1 ? '' : 's'}${span}; ${state}`,
  ];
  for (const b of r.badRecordSamples) lines.push(`  ${r.name}: ${position(b)}: ${b.message}`);
  if (r.badRecords > r.badRecordSamples.length) {
    lines.push(`  ${r.name}: … and ${formatCount(r.badRecords - r.badRecordSamples.length)} more bad records`);
  }
  for (const note of r.notes) if (note !== r.incompleteReason) lines.push(`  ${r.name}: note: ${note}`);
  return lines;
}
