import { KINDS, type Kind } from '../model/index.js';

/** Kinds in `KINDS` order, each once: the form stored in `runs.kinds` and compared for duplicates. */
export function canonicalKinds(kinds: readonly Kind[]): Kind[] {
  return KINDS.filter((k) => kinds.includes(k));
}

/**
 * SQL condition on a run aliased `r`: it looked for every kind in the JSON array bound to `@wantKinds`
 * (NULL: no condition). Runs that did not look for a kind must not speak for it.
 */
export const RUN_LOOKED_FOR_KINDS = `(@wantKinds IS NULL OR NOT EXISTS (
  SELECT 1 FROM json_each(@wantKinds) w
  WHERE NOT EXISTS (SELECT 1 FROM json_each(r.kinds) k WHERE k.value = w.value)))`;

export function wantKindsParam(kinds: readonly Kind[] | undefined): string | null {
  return kinds === undefined ? null : JSON.stringify(canonicalKinds(kinds));
}
