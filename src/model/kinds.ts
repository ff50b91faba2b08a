import { z } from 'zod';

export const KINDS = ['ssot_warning', 'ws_1011', 'auth_403'] as const;
export const KindSchema = z.enum(KINDS);
export type Kind = z.infer<typeof KindSchema>;

/** Parses a `--kinds a,b` value; unknown names are an error that lists the known ones. */
export function parseKinds(csv: string): Kind[] {
  const out: Kind[] = [];
  for (const part of csv.split(',').map((s) => s.trim()).filter(Boolean)) {
    const r = KindSchema.safeParse(part);
    if (!r.success) {
      throw new Error(`unknown kind "${part}" (known: ${KINDS.join(', ')})`);
    }
    if (!out.includes(r.data)) out.push(r.data);
  }
  if (out.length === 0) throw new Error(`no kinds given (known: ${KINDS.join(', ')})`);
  return out;
}
