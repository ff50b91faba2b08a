import { describe, expect, it } from 'vitest';
import { allNeedles, createParsers, PARSER_FACTORIES, parsersFor } from '../../parsers/registry.js';
import { requestLog } from '../helpers/entries.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJlMTIz';

describe('registry', () => {
  it('parsersFor keeps the order asked for and drops duplicates', () => {
    expect(parsersFor(['auth_403', 'ssot_warning', 'auth_403']).map((p) => p.kind)).toEqual(['auth_403', 'ssot_warning']);
    expect(parsersFor([])).toEqual([]);
  });

  it('has a factory and a description for every kind', () => {
    for (const p of createParsers()) {
      expect(PARSER_FACTORIES[p.kind]).toBeTypeOf('function');
      expect(p.description.length).toBeGreaterThan(10);
      expect(p.needles.length).toBeGreaterThan(0);
    }
  });

  it('redaction is on by default and off only when asked', () => {
    const entry = requestLog('GET', `https://h/ws?token=${JWT}`, 403);
    const [on] = parsersFor(['auth_403']);
    const [off] = parsersFor(['auth_403'], { redact: false });
    expect(on?.match(entry)?.message).not.toContain(JWT);
    expect(off?.match(entry)?.message).toContain(JWT);
    const [onAgain] = createParsers({ redact: true }).filter((p) => p.kind === 'auth_403');
    expect(onAgain?.match(entry)?.message).not.toContain(JWT);
  });

  it('allNeedles lists each needle once, and only those of the parsers given', () => {
    const all = allNeedles();
    const keys = all.map((n) => `${n.wholeWord ? 'w' : 's'}:${n.text}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('w:403');
    expect(keys).toContain('w:1011');
    expect(keys).toContain('s:SSOT WARNING:');
    expect(keys).toContain('s:WebSocket connection rejected');
    expect(allNeedles(parsersFor(['ws_1011'])).map((n) => n.text)).toEqual(['1011']);
    expect(allNeedles(parsersFor(['ssot_warning', 'ssot_warning']))).toEqual(allNeedles(parsersFor(['ssot_warning'])));
  });
});
