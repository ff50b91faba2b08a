import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who is writing a run: enough to tell later, on the same machine, whether that process still lives. */
export interface Owner {
  pid: number;
  host: string;
  /** Linux: the process start time (field 22 of /proc/PID/stat), so a recycled pid is not mistaken for the writer. */
  procStart: string | null;
}

function procStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22 overall = index 19 after "pid (comm)"
  } catch {
    return null;
  }
}

export function currentOwner(): Owner {
  return { pid: process.pid, host: hostname(), procStart: procStartOf(process.pid) };
}

/**
 * False only when we can tell the writer is gone: same host, and the pid is not running (or runs
 * a different process that started at another time). A run written from another host is never
 * declared dead: we cannot see its processes.
 */
export function ownerAlive(o: { pid: number | null; host: string | null; procStart: string | null }, here = hostname()): boolean {
  if (o.pid === null || o.host !== here) return true;
  try {
    process.kill(o.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    return true; // EPERM: exists, owned by someone else
  }
  if (o.procStart !== null) {
    const now = procStartOf(o.pid);
    if (now !== null && now !== o.procStart) return false;
  }
  return true;
}
