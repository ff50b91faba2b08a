/** A revision as the store knows it: first and last entry time for one service. */
export interface RevisionSeen {
  service: string;
  revision: string;
  firstUs: number;
  lastUs: number;
}

/**
 * `--since-revision latest` at time `atUs`: the revision of `service` first seen most recently
 * before `atUs` (a revision first seen after the window end cannot be the one it is about).
 * Ties go to the larger name, so the answer does not depend on input order.
 */
export function latestRevision(revisions: readonly RevisionSeen[], service: string, atUs: number): RevisionSeen | null {
  let best: RevisionSeen | null = null;
  for (const r of revisions) {
    if (r.service !== service || r.firstUs >= atUs) continue;
    if (!best || r.firstUs > best.firstUs || (r.firstUs === best.firstUs && r.revision > best.revision)) best = r;
  }
  return best;
}
