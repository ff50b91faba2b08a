import { z } from 'zod';
import { KINDS, KindSchema, type Kind } from '../model/index.js';
import type { Clock } from '../time/clock.js';
import { tryParseDuration } from '../time/duration.js';
import { parseMaxGap } from '../time/maxGap.js';
import { parseAtArg } from '../time/parseTime.js';
import { UsageError } from '../util/errors.js';

/**
 * `--criteria FILE`: several named criteria evaluated at once.
 *
 *   { "criteria": [ { "name": "staging clean 24h", "service": "backend", "kinds": ["ssot_warning"],
 *                     "clean": "24h", "sinceRevision": "latest", "maxGap": "30m", "at": "now" } ] }
 *
 * A bare array of criteria is accepted too. Unknown keys are errors: a typo such as `maxgap`
 * must not silently fall back to the default. Every error names its field path.
 */

export interface Criterion {
  name: string;
  /** Absent: the CLI's --service (or the only service in the data). */
  service?: string;
  /** Absent: the CLI's --kinds (default all). */
  kinds?: Kind[];
  cleanUs: number;
  /** `latest` or a revision name. */
  sinceRevision?: string;
  /** Absent: the CLI's --max-gap; null: none. */
  maxGapUs?: number | null;
  /** The window end, resolved with the clock given to parseCriteria; absent: the CLI's --at. */
  atUs?: number;
}

const KEYS = ['name', 'service', 'kinds', 'clean', 'sinceRevision', 'maxGap', 'at'] as const;

const required =
  (what: string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined ? `required: ${what}` : `expected ${what} (got ${JSON.stringify(iss.input)})`;

const nonEmpty = (what: string) => z.string({ error: required(what) }).trim().min(1, { error: `expected ${what}, not an empty string` });

const durationField = z.string({ error: required('a duration like 24h') }).transform((v, ctx) => {
  const d = tryParseDuration(v);
  if ('error' in d || d.us === 0) {
    const why = 'error' in d ? d.error : 'zero';
    ctx.issues.push({ code: 'custom', message: `expected a duration like 24h, 90m or 1h30m (got "${v}": ${why})`, input: v });
    return z.NEVER;
  }
  return d.us;
});

const maxGapField = z.string({ error: required('a duration like 30m, or "none"') }).transform((v, ctx) => {
  try {
    return parseMaxGap(v, 'maxGap');
  } catch (e) {
    ctx.issues.push({ code: 'custom', message: stripWhat((e as Error).message, 'maxGap'), input: v });
    return z.NEVER;
  }
});

const kindsField = z
  .union([z.array(z.string()), z.string()], { error: required(`a list of kinds (${KINDS.join(', ')})`) })
  .transform((v, ctx) => {
    const names = (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean);
    const out: Kind[] = [];
    for (const n of names) {
      const k = KindSchema.safeParse(n);
      if (!k.success) {
        ctx.issues.push({ code: 'custom', message: `unknown kind "${n}" (known: ${KINDS.join(', ')})`, input: v });
        return z.NEVER;
      }
      if (!out.includes(k.data)) out.push(k.data);
    }
    if (!out.length) {
      ctx.issues.push({ code: 'custom', message: `expected at least one kind (${KINDS.join(', ')})`, input: v });
      return z.NEVER;
    }
    return out;
  });

const CriterionSchema = z.strictObject({
  name: nonEmpty('a name'),
  service: nonEmpty('a service name').optional(),
  kinds: kindsField.optional(),
  clean: durationField,
  sinceRevision: nonEmpty('"latest" or a revision name').optional(),
  maxGap: maxGapField.optional(),
  at: nonEmpty('a time like 2025-09-15T12:00:00Z or now').optional(),
});

const CriteriaFileSchema = z.strictObject({
  criteria: z.array(CriterionSchema, { error: required('a list of criteria') }).min(1, { error: 'expected at least one criterion' }),
});

/** `['criteria', 1, 'clean']` → `criteria[1].clean`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(top level)';
}

function stripWhat(message: string, what: string): string {
  return message.startsWith(`${what}: `) ? message.slice(what.length + 2) : message;
}

function suggest(key: string): string {
  const near = KEYS.find((k) => k.toLowerCase() === key.toLowerCase().replace(/[-_]/g, ''));
  return near ? ` (did you mean "${near}"?)` : '';
}

function describeIssue(iss: z.core.$ZodIssue): string[] {
  if (iss.code === 'unrecognized_keys') {
    const where = formatPath(iss.path);
    const known = iss.path.length === 0 ? '"criteria"' : KEYS.join(', ');
    return iss.keys.map((k) => `${where === '(top level)' ? '' : `${where}.`}${k}: unknown key${suggest(k)}; known keys: ${known}`);
  }
  return [`${formatPath(iss.path)}: ${iss.message}`];
}

/** All problems of a criteria file, one line each; thrown as a UsageError (exit 3). */
export class CriteriaError extends UsageError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid criteria in ${source}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface CriteriaOptions {
  /** "Now" for `at: "now-1h"`; read once for all criteria so they share one instant. */
  clock: Clock;
  /** File name for messages. */
  source?: string;
}

/** Validates parsed JSON (object with `criteria`, or a bare array) and resolves it. */
export function parseCriteria(json: unknown, opts: CriteriaOptions): Criterion[] {
  const source = opts.source ?? 'criteria';
  const wrapped = Array.isArray(json) ? { criteria: json } : json;
  const r = CriteriaFileSchema.safeParse(wrapped);
  if (!r.success) throw new CriteriaError(source, r.error.issues.flatMap(describeIssue));
  const problems: string[] = [];
  const now = opts.clock();
  const seen = new Map<string, number>();
  const out: Criterion[] = [];
  r.data.criteria.forEach((c, i) => {
    const prev = seen.get(c.name);
    if (prev !== undefined) problems.push(`criteria[${i}].name: duplicate name "${c.name}" (also criteria[${prev}]); names must be unique`);
    seen.set(c.name, i);
    const crit: Criterion = { name: c.name, cleanUs: c.clean };
    if (c.service !== undefined) crit.service = c.service;
    if (c.kinds !== undefined) crit.kinds = c.kinds;
    if (c.sinceRevision !== undefined) crit.sinceRevision = c.sinceRevision;
    if (c.maxGap !== undefined) crit.maxGapUs = c.maxGap;
    if (c.at !== undefined) {
      try {
        crit.atUs = parseAtArg(c.at, () => now, 'at');
      } catch (e) {
        problems.push(`criteria[${i}].at: ${stripWhat((e as Error).message, 'at')}`);
      }
    }
    out.push(crit);
  });
  if (problems.length) throw new CriteriaError(source, problems);
  return out;
}

/** The text of a criteria file: JSON syntax errors are reported like schema errors. */
export function parseCriteriaText(text: string, opts: CriteriaOptions): Criterion[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CriteriaError(opts.source ?? 'criteria', [`not valid JSON: ${(e as Error).message}`]);
  }
  return parseCriteria(json, opts);
}
