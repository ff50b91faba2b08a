/**
 * Open TailLogEntries streams. The fake sends a published batch at once (the real service
 * buffers about 2 s to reorder late entries); each stream gets only the entries that match its
 * filter and projects, oldest first, and nothing when none match.
 */
import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { StoredEntry } from './entryStore.js';
import { compareKeys, viewOf } from './entryStore.js';
import type { Faults, InjectedStatus } from './faults.js';
import type { PreparedFilter } from './filter/index.js';
import type { ProtoSuppressionInfo } from './protoTypes.js';
import type { RawRequest } from './requestLog.js';
import { tailResponseBytes } from './wire.js';

export type TailCall = ServerDuplexStream<RawRequest, Buffer>;

interface TailSession {
  readonly call: TailCall;
  readonly filter: PreparedFilter;
  readonly projects: ReadonlySet<string>;
  responsesSent: number;
}

export class TailSessions {
  private readonly sessions = new Set<TailSession>();
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly faults: Faults) {}

  get count(): number {
    return this.sessions.size;
  }

  open(call: TailCall, filter: PreparedFilter, projects: ReadonlySet<string>): void {
    const session: TailSession = { call, filter, projects, responsesSent: 0 };
    this.sessions.add(session);
    const forget = (): boolean => this.sessions.delete(session);
    call.on('cancelled', forget);
    // The client half-closed: nothing more will be asked, so the stream ends with OK.
    call.on('end', () => {
      if (forget()) call.end();
    });
    this.waiters = this.waiters.filter((w) => (this.sessions.size >= w.count ? (w.resolve(), false) : true));
  }

  /** Resolves once at least `count` tail streams are open (the client opens its stream asynchronously). */
  waitFor(count: number, timeoutMs: number): Promise<void> {
    if (this.sessions.size >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`fake logging: ${this.sessions.size} of ${count} tail streams open after ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Sends the matching entries (and any suppression info) to every open stream; returns how many streams got a response. */
  broadcast(entries: readonly StoredEntry[], suppressionInfo: readonly ProtoSuppressionInfo[]): number {
    const ordered = [...entries].sort(compareKeys);
    let reached = 0;
    for (const s of [...this.sessions]) {
      const matching = ordered.filter((e) => e.project !== null && s.projects.has(e.project) && s.filter.matches(viewOf(e)));
      if (matching.length === 0 && suppressionInfo.length === 0) continue;
      s.call.write(tailResponseBytes(matching.map((e) => e.framed), suppressionInfo));
      s.responsesSent++;
      reached++;
      const drop = this.faults.tailDropRule;
      if (drop && s.responsesSent >= drop.afterResponses) this.fail(s, drop.error);
    }
    return reached;
  }

  /** Breaks every open stream with `error` (a dropped connection, as the client sees it). */
  dropAll(error: InjectedStatus): void {
    for (const s of [...this.sessions]) this.fail(s, error);
  }

  /** Ends every open stream with status OK (the server closing the session). */
  endAll(): void {
    for (const s of [...this.sessions]) {
      this.sessions.delete(s);
      s.call.end();
    }
  }

  private fail(s: TailSession, error: InjectedStatus): void {
    this.sessions.delete(s);
    // grpc-js turns an 'error' event on a server stream into the call's final status.
    s.call.emit('error', { code: error.code, details: error.details });
  }
}
