/**
 * One line of progress on a TTY stderr, redrawn at most every 200 ms and erased when done. On a
 * pipe or a file it writes nothing: logs of CI jobs get the summary lines only.
 */
export class StatusLine {
  private lastDraw = 0;
  private drawn = false;
  readonly enabled: boolean;

  constructor(enabled = process.stderr.isTTY === true) {
    this.enabled = enabled;
  }

  update(text: string, force = false): void {
    if (!this.enabled) return;
    const t = Date.now();
    if (!force && t - this.lastDraw < 200) return;
    this.lastDraw = t;
    const width = Math.max(20, (process.stderr.columns || 100) - 1);
    const line = text.length <= width ? text : `${text.slice(0, width - 1)}…`;
    process.stderr.write(`\r${line}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}
