import { BACKSLASH, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './jsonBytes.js';

/** Steps over one JSON container across reads without keeping its bytes (an oversized entry). */
export class ContainerSkipper {
  private depth = 0;
  private inString = false;
  private escape = false;

  /** Index just past the container's close, or -1 when it goes on after `end`. */
  feed(view: Buffer, pos: number, end: number): number {
    for (let i = pos; i < end; i++) {
      const c = view[i]!;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === BACKSLASH) this.escape = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === LBRACE || c === LBRACKET) this.depth++;
      else if (c === RBRACE || c === RBRACKET) {
        this.depth--;
        if (this.depth <= 0) return i + 1;
      }
    }
    return -1;
  }
}
