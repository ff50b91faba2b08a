import { minuteOf } from '../model/index.js';

/**
 * Entry times already read (by the findings query), per service, kept as the earliest and latest
 * per minute: at most 1,440 pairs per service-day whatever the volume. The coverage probes use them
 * to take steps without a request (coverageProbe.ts `stepFromKnown`).
 */
export class KnownEntries {
  private readonly byService = new Map<string, Map<number, { min: number; max: number }>>();

  add(service: string, tsUs: number): void {
    let minutes = this.byService.get(service);
    if (!minutes) {
      minutes = new Map();
      this.byService.set(service, minutes);
    }
    const m = minuteOf(tsUs);
    const b = minutes.get(m);
    if (!b) minutes.set(m, { min: tsUs, max: tsUs });
    else {
      if (tsUs < b.min) b.min = tsUs;
      if (tsUs > b.max) b.max = tsUs;
    }
  }

  /** A known time of `service` in [loUs, hiUs), as late as the per-minute summary allows; null when none. */
  latestIn(service: string, loUs: number, hiUs: number): number | null {
    const minutes = this.byService.get(service);
    if (!minutes || hiUs <= loUs) return null;
    for (let m = minuteOf(hiUs - 1); m >= minuteOf(loUs); m--) {
      const b = minutes.get(m);
      if (!b) continue;
      if (b.max >= loUs && b.max < hiUs) return b.max;
      if (b.min >= loUs && b.min < hiUs) return b.min;
    }
    return null;
  }
}
