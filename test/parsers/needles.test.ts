import { describe, expect, it } from 'vitest';
import { needleOccursIn } from '../../parsers/parser.js';
import { allNeedles, createParsers, parsersFor } from '../../parsers/registry.js';
import { positives } from './examples.js';

describe('needles', () => {
  it('are ASCII literals without quote or backslash', () => {
    const needles = allNeedles();
    expect(needles.length).toBeGreaterThan(0);
    for (const n of needles) {
      expect(n.text.length).toBeGreaterThan(0);
      expect(n.text).toMatch(/^[\x20-\x7e]+$/);
      expect(n.text).not.toMatch(/["\\]/);
    }
  });

  it('1011 and 403 are whole-word needles', () => {
    const texts = allNeedles().filter((n) => n.wholeWord).map((n) => n.text);
    expect(texts.sort()).toEqual(['1011', '403']);
  });

  describe.each(positives())('$name', ({ kind, entry }) => {
    const [parser] = parsersFor([kind]);
    it('is found by its parser', () => {
      expect(parser?.match(entry)?.kind).toBe(kind);
    });
    it('holds a needle of its parser in compact and pretty JSON', () => {
      for (const raw of [JSON.stringify(entry), JSON.stringify(entry, null, 2)]) {
        expect(parser?.needles.some((n) => needleOccursIn(raw, n))).toBe(true);
      }
    });
  });

  it('whole-word 403 holds for the number forms exporters write', () => {
    const n = { text: '403', wholeWord: true };
    expect(needleOccursIn('"status": 403,', n)).toBe(true);
    expect(needleOccursIn('"status":403}', n)).toBe(true);
    expect(needleOccursIn("'status': 403.0,", n)).toBe(true); // Python client floats
    expect(needleOccursIn('\\"WebSocket /ws\\" 403"', n)).toBe(true);
    expect(needleOccursIn('(403 Forbidden)', n)).toBe(true);
  });

  it('whole-word 403 rejects the decoys of §5 before any parsing', () => {
    const n = { text: '403', wholeWord: true };
    for (const decoy of ['68c8b28c000f006403f22aaf', '2025-09-15T21:31:08.403257+00:00', '0.004031779s', '7403dc6a802b6953', '0cb4a5403e440a9e']) {
      expect(needleOccursIn(decoy, n)).toBe(false);
    }
  });

  it('createParsers lists one parser per kind', () => {
    expect(createParsers().map((p) => p.kind)).toEqual(['ssot_warning', 'ws_1011', 'auth_403']);
  });
});
