import { describe, expect, it } from 'vitest';
import type { Finding, LogEntry } from '../../src/model/index.js';
import { createSsotWarningParser, ssotWarningParser } from '../../parsers/ssot_warning.js';
import { makeEntry, shapeA, shapeB, textLine } from '../helpers/entries.js';
import {
  F1_10,
  F1_11,
  F1_5,
  F1_CLASSES_10,
  F1_CLASSES_11,
  F1_CLASSES_5,
  F1_PREFIX,
  F2,
  F3,
  F4,
  F6,
  pyList,
} from './examples.js';

const match = (e: LogEntry): Finding | null => ssotWarningParser.match(e);
function found(e: LogEntry): Finding {
  const f = match(e);
  if (!f) throw new Error('expected a finding');
  return f;
}

describe('ssot_warning: F1, the class list', () => {
  it.each([
    ['11', F1_11, F1_CLASSES_11],
    ['10', F1_10, F1_CLASSES_10],
    ['5', F1_5, F1_CLASSES_5],
  ])('parses the %s-class variant in logged order', (_n, text, classes) => {
    const f = found(shapeA(text, 'WARNING'));
    expect(f.kind).toBe('ssot_warning');
    expect(f.details['family']).toBe('F1a');
    expect(f.details['subject']).toBe('SSOT WARNING: Found other WebSocket Manager classes');
    expect(f.details['classes']).toEqual(classes);
    expect(f.details['truncated']).toBe(false);
    expect(f.message).toBe(text);
    expect(f.severity).toBe('WARNING');
    expect(f.service).toBe('netra-backend-staging');
    expect(f.revision).toBe('netra-backend-staging-00083-5xw');
  });

  it('builds the lines quoted in LOG-FORMATS §2.2', () => {
    expect(F1_11.length).toBe(910);
    expect(F1_5).toBe(
      "SSOT WARNING: Found other WebSocket Manager classes: ['netra_backend.app.websocket_core.websocket_manager.WebSocketManagerMode', 'netra_backend.app.websocket_core.websocket_manager.WebSocketManagerProtocol', 'netra_backend.app.websocket_core.unified_manager.WebSocketManagerMode', 'netra_backend.app.websocket_core.protocols.WebSocketManagerProtocol', 'netra_backend.app.websocket_core.protocols.WebSocketManagerProtocolValidator']",
    );
    // §2.2 gives 842 and 439 characters for the 10- and 5-class lines; the quoted/cited lines are
    // 834 and 431 (the 11-class line minus one 76-character item, resp. the quote above).
    expect(F1_10.length).toBe(834);
    expect(F1_5.length).toBe(431);
  });

  it('gives the 11- and 10-class variants different fingerprints', () => {
    expect(found(shapeA(F1_11, 'WARNING')).fingerprint).not.toBe(found(shapeA(F1_10, 'WARNING')).fingerprint);
    expect(found(shapeA(F1_10, 'WARNING')).fingerprint).not.toBe(found(shapeA(F1_5, 'WARNING')).fingerprint);
  });

  it('keeps the fingerprint when the classes come in another order or twice', () => {
    const reordered = `${F1_PREFIX}${pyList([...F1_CLASSES_11].reverse())}`;
    const doubled = `${F1_PREFIX}${pyList([...F1_CLASSES_11, F1_CLASSES_11[0] as string])}`;
    const base = found(shapeA(F1_11, 'WARNING')).fingerprint;
    expect(found(shapeA(reordered, 'WARNING')).fingerprint).toBe(base);
    expect(found(shapeA(doubled, 'WARNING')).fingerprint).toBe(base);
  });

  it('gives the same fingerprint to the same list in another envelope and another instance', () => {
    const a = found(shapeA(F1_11, 'WARNING'));
    const b = found(makeEntry({ severity: 'WARNING', textPayload: F1_11, labels: { instanceId: 'other' } }));
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(b.id).not.toBe(a.id);
  });

  it('reads F1b, the later "unexpected" wording, as its own family and fingerprint', () => {
    const text = `SSOT WARNING: Found unexpected WebSocket Manager classes: ${pyList(F1_CLASSES_5)}`;
    const f = found(shapeA(text, 'WARNING'));
    expect(f.details['family']).toBe('F1b');
    expect(f.details['classes']).toEqual(F1_CLASSES_5);
    expect(f.fingerprint).not.toBe(found(shapeA(F1_5, 'WARNING')).fingerprint);
  });

  describe('a list cut off', () => {
    it('raw_payload style `...` keeps the complete items', () => {
      const text = `${F1_PREFIX}['${F1_CLASSES_11[0]}', '${F1_CLASSES_11[1]}', ...`;
      const f = found(textLine(text, 'WARNING'));
      expect(f.details['classes']).toEqual(F1_CLASSES_11.slice(0, 2));
      expect(f.details['truncated']).toBe(true);
    });

    it('an item cut mid-name is dropped, not guessed', () => {
      const text = `${F1_PREFIX}['${F1_CLASSES_11[0]}', 'netra_backend.app.websocket_core.websocket_manager._Unifie`;
      const f = found(textLine(text, 'WARNING'));
      expect(f.details['classes']).toEqual([F1_CLASSES_11[0]]);
      expect(f.details['truncated']).toBe(true);
    });

    it('a cut list does not share a fingerprint with the complete list of the same items', () => {
      const cut = `${F1_PREFIX}${pyList(F1_CLASSES_5).slice(0, -1)}, ...`;
      expect(found(textLine(cut, 'WARNING')).fingerprint).not.toBe(found(textLine(F1_5, 'WARNING')).fingerprint);
    });

    it.each([`${F1_PREFIX}[11 duplicate classes found]`, `${F1_PREFIX}[`, F1_PREFIX.trim(), `${F1_PREFIX}['`])(
      'survives %j',
      (text) => {
        const f = found(textLine(text, 'WARNING'));
        expect(f.details['classes']).toEqual([]);
        expect(f.details['truncated']).toBe(true);
      },
    );
  });
});

describe('ssot_warning: F2..F6', () => {
  it('F2: the issues list holds free text, split only between quoted items', () => {
    const f = found(shapeB(F2, 'WARNING'));
    expect(f.details['family']).toBe('F2');
    expect(f.details['subject']).toBe('SSOT validation issues (non-blocking)');
    expect(f.details['classes']).toEqual(['Multiple manager instances for user demo-user-001 - potential duplication']);
    const odd = "SSOT validation issues (non-blocking): ['a, b - c: d=e', \"user O'Brien, again\"]";
    expect(found(shapeB(odd, 'WARNING')).details['classes']).toEqual(['a, b - c: d=e', "user O'Brien, again"]);
  });

  it('F2/F3: the same issue for another user is the same problem', () => {
    const other = F2.replace('demo-user-001', 'demo-user-002');
    expect(found(shapeB(other, 'WARNING')).fingerprint).toBe(found(shapeB(F2, 'WARNING')).fingerprint);
    expect(found(shapeB(F3.replace('001', '7f3a9c2e1d'), 'WARNING')).fingerprint).toBe(found(shapeB(F3, 'WARNING')).fingerprint);
    expect(found(shapeB(F3, 'WARNING')).fingerprint).not.toBe(found(shapeB(F2, 'WARNING')).fingerprint);
  });

  it.each([
    ['F3', F3, F3],
    ['F4', F4, F4],
    ['F5', '⚠️ SSOT WARNING: Missing user_request in start_agent payload for u1', 'SSOT WARNING: Missing user_request in start_agent payload for u1'],
    ['F6', `[U+26A0] ${F6}`, F6],
    ['F6', ` WARNING: [U+FE0F] ${F6}`, F6],
    ['F6', `2025-09-10 10:00:00 - m - WARNING - ⚠️ ${F6}`, F6],
  ])('%s: subject and no classes', (family, text, subject) => {
    const f = found(shapeB(text, family === 'F4' ? 'ERROR' : 'WARNING'));
    expect(f.details['family']).toBe(family);
    expect(f.details['subject']).toBe(subject);
    expect(f.details['classes']).toEqual([]);
  });

  it('the earliest marker decides the family when an item quotes another marker', () => {
    const text = "SSOT validation issues (non-blocking): ['SSOT VIOLATION: x', 'potential SSOT violation']";
    expect(found(shapeB(text, 'WARNING')).details['family']).toBe('F2');
  });

  it.each(['⚠️ ', '[U+26A0] ', ' WARNING: [U+FE0F] ', '? ', '🚨 ', ' ALERT:  '])('matches after the prefix %j', (prefix) => {
    const f = found(shapeB(`${prefix}${F4}`, 'ERROR'));
    expect(f.details['subject']).toBe(F4);
  });
});

describe('ssot_warning: severity', () => {
  it.each(['WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY', 'DEFAULT'] as const)('counts at %s', (sev) => {
    expect(match(shapeA(F1_11, sev))?.severity).toBe(sev);
  });

  it.each(['INFO', 'DEBUG', 'NOTICE'] as const)('does not count at %s', (sev) => {
    expect(match(shapeA(F1_11, sev))).toBeNull();
  });

  // The rule for text lines (LogEntry severity DEFAULT): a level stated in a recognized prefix is
  // the producer's level and decides; no stated level counts, as §6 says.
  it.each([
    `2025-09-07 13:22:49 - netra_backend.app.websocket_core.websocket_manager - INFO - ${F1_5}`,
    `2025-08-28 00:23:46,795 - netra-service - netra_backend.app.websocket_core - INFO - ${F3}`,
    `[2025-09-07 13:34:00 +0000] [15] [INFO] ${F3}`,
    `\u001b[32m2025-08-28 00:23:43.240\u001b[0m | \u001b[1mINFO    \u001b[0m | \u001b[36mmod\u001b[0m:f:1 - ${F3}`,
    `2025-08-25 16:20:50.749 | DEBUG    | logging:handle:978 | ${F3}`,
    `INFO:     ${F3}`,
  ])('a text line counts by the entry severity (none), per LOG-FORMATS §6, even when its prefix says INFO/DEBUG: %j', (text) => {
    const f = match(textLine(text));
    expect(f).not.toBeNull();
    // The level written in the text labels the finding; it does not decide whether it counts.
    expect(['INFO', 'DEBUG']).toContain(f?.severity);
    // An entry that really is INFO (structured severity) does not count.
    expect(match({ ...textLine(text), severity: 'INFO' })).toBeNull();
  });

  it.each([
    [`2025-09-07 13:22:49 - netra_backend.app.websocket_core.websocket_manager - WARNING - ${F1_5}`, 'WARNING'],
    [`[2025-09-07 13:34:00 +0000] [15] [ERROR] ${F4}`, 'ERROR'],
    [`2025-08-25 16:20:50.749 | WARNING  | mod:f:1 | ${F3}`, 'WARNING'],
    [F3, 'DEFAULT'],
    [` WARNING: [U+FE0F] ${F6}`, 'DEFAULT'],
  ] as const)('a text line stating WARNING+ or nothing counts, with that severity: %j', (text, sev) => {
    expect(match(textLine(text))?.severity).toBe(sev);
  });

  it('a declared LogEntry severity wins over a level written in the text', () => {
    expect(match(textLine(`[2025-09-07 13:34:00 +0000] [15] [INFO] ${F3}`, 'WARNING'))?.severity).toBe('WARNING');
    expect(match(textLine(`2025-09-07 13:22:49 - m - WARNING - ${F3}`, 'INFO'))).toBeNull();
  });
});

describe('ssot_warning: decoys (LOG-FORMATS §5, §2.4, Appendix A)', () => {
  it.each([
    ['F1 companion INFO line', shapeA('WebSocket Manager SSOT validation: WARNING', 'INFO')],
    ['the same at WARNING still has no marker', shapeA('WebSocket Manager SSOT validation: WARNING', 'WARNING')],
    [
      'SSOT loaded, with CRITICAL in it',
      shapeA(
        'WebSocket SSOT loaded - CRITICAL SECURITY MIGRATION: Factory pattern available, singleton vulnerabilities mitigated',
        'INFO',
        'netra_backend.app.websocket_core',
      ),
    ],
    ['validator module', shapeA('WebSocket Error Validator compatibility module loaded with SSOT imports', 'INFO')],
    ['consolidation', shapeA('WebSocket Manager module loaded - SSOT consolidation active (Issue #824 remediation)', 'INFO')],
    ['unified mode', shapeA('UnifiedWebSocketManager initialized with SSOT unified mode (all legacy modes consolidated)', 'INFO')],
    ['worklog paraphrase, mixed case', shapeB('SSOT Violation: Multiple WebSocket Manager implementations detected', 'WARNING')],
    ['worklog paraphrase 2', shapeB('SSOT Violation: Found 11 different WebSocket Manager classes. Expected single source of truth.', 'WARNING')],
    ['Appendix A, other SSOT warning', shapeB('SSOT validation failed (non-critical): boom', 'WARNING')],
    ['Appendix A, redacted auth', shapeB('SSOT WEBSOCKET AUTH=REDACTED failed - invalid', 'WARNING')],
    ['Appendix A, consolidation', shapeB('SSOT CONSOLIDATION (Issue #824): Use websocket_manager.py canonical import path', 'WARNING')],
    ['lowercase ssot in logger only', shapeA('Application started', 'WARNING', 'shared.logging.unified_logging_ssot')],
    [
      'ssot in a traceback path',
      textLine(
        'Traceback (most recent call last):\n  File "/app/shared/logging/unified_logging_ssot.py", line 12, in f\n    x()\nValueError: bad',
        'ERROR',
      ),
    ],
    ['DeprecationWarning naming the module', textLine('DeprecationWarning: shared.logging.unified_logging_ssot is deprecated', 'WARNING')],
  ])('%s', (_name, entry) => {
    expect(match(entry)).toBeNull();
  });

  it('a source line quoted in a traceback is code, not a warning; the exception line is', () => {
    const tb = [
      'Traceback (most recent call last):',
      '  File "/app/netra_backend/app/websocket_core/websocket_manager.py", line 141, in _validate_ssot_compliance',
      '    logger.warning(f"SSOT WARNING: Found other WebSocket Manager classes: {websocket_manager_classes}")',
      '    ^^^^^^^^^^^^^^',
      'RuntimeError: boom',
    ].join('\n');
    expect(match(textLine(tb, 'ERROR'))).toBeNull();
    const raised = tb.replace('RuntimeError: boom', `RuntimeError: ${F4}`);
    expect(found(textLine(raised, 'ERROR')).message).toBe(`RuntimeError: ${F4}`);
  });

  it('never reads raw_payload, labels or other payload keys', () => {
    const e = makeEntry({
      severity: 'WARNING',
      labels: { instanceId: 'x', note: F1_5 },
      jsonPayload: { logger: F3, raw_payload: F1_11, context: { name: F4 }, error: { traceback: F4 } },
      raw_payload: F1_11,
    });
    expect(match(e)).toBeNull();
  });
});

describe('ssot_warning: redaction', () => {
  it('redacts the message and keeps the fingerprint whether or not redaction is on', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
    const text = `SSOT VIOLATION: token leaked at https://x/ws?token=${jwt}`;
    const on = found(shapeB(text, 'ERROR'));
    const off = createSsotWarningParser({ redact: false }).match(shapeB(text, 'ERROR'));
    expect(JSON.stringify(on)).not.toContain(jwt);
    expect(on.message).toContain('token=REDACTED');
    expect(off?.message).toContain(jwt);
    expect(off?.fingerprint).toBe(on.fingerprint);
    expect(String(off?.details['fingerprintKey'])).not.toContain(jwt);
  });
});
