/**
 * Entries per service, counted one entry at a time on the hot path: entries come in runs of
 * the same service, so the running count touches the map only when the service changes.
 */
export class ServiceCounter {
  readonly counts = new Map<string | null, number>();
  private service: string | null = null;
  private run = 0;

  add(service: string | null): void {
    if (service !== this.service) {
      this.flush();
      this.service = service;
    }
    this.run++;
  }

  /** The counts, with the current run added. */
  flush(): Map<string | null, number> {
    if (this.run > 0) this.counts.set(this.service, (this.counts.get(this.service) ?? 0) + this.run);
    this.run = 0;
    return this.counts;
  }
}
