import { describe, expect, it } from 'vitest';
import { effectiveSeverity, textLevel } from '../../parsers/levels.js';
import { normalizeVariableParts } from '../../parsers/normalize.js';
import { parsePythonStrList } from '../../parsers/pythonList.js';
import { textLine } from '../helpers/entries.js';

describe('textLevel', () => {
  it.each([
    ['[2025-09-07 13:34:00 +0000] [15] [INFO] connection closed', 'INFO'],
    ['[2025-09-07 13:34:00 +0000] [15] [WARNING] x', 'WARNING'],
    ['2025-09-07 13:22:49 - netra_backend.app.database - ERROR - Database session error: 403: Not authenticated', 'ERROR'],
    ['2025-08-28 00:23:46,795 - netra-service - auth_service.auth_core.database.connection - INFO - ok: 1', 'INFO'],
    ['\u001b[32m2025-08-28 00:23:43.240\u001b[0m | \u001b[1mINFO    \u001b[0m | \u001b[36mmod\u001b[0m:f:1 - x', 'INFO'],
    ['2025-08-25 16:20:50.749 | WARNING  | logging:handle:978 | x', 'WARNING'],
    ['INFO:     Started server process [1]', 'INFO'],
    ['WARN: x', 'WARNING'],
  ])('%j → %s', (text, level) => {
    expect(textLevel(text)).toBe(level);
  });

  it.each([
    'WebSocket Manager SSOT validation: WARNING',
    ' WARNING: [U+FE0F] SSOT WARNING: x',
    '   WARNING:  OAuth=REDACTED URI mismatch',
    '169.254.169.126:5520 - "GET /health HTTP/1.1" 200',
    'SSOT WARNING: Found other WebSocket Manager classes: []',
    '',
  ])('states no level: %j', (text) => {
    expect(textLevel(text)).toBeNull();
  });

  it('only a DEFAULT entry takes its level from the text', () => {
    expect(effectiveSeverity(textLine('[2025-09-07 13:34:00 +0000] [15] [INFO] x'), '[2025-09-07 13:34:00 +0000] [15] [INFO] x')).toBe('INFO');
    expect(effectiveSeverity(textLine('x', 'ERROR'), '[2025-09-07 13:34:00 +0000] [15] [INFO] x')).toBe('ERROR');
    expect(effectiveSeverity(textLine('x'), 'x')).toBe('DEFAULT');
  });
});

describe('parsePythonStrList', () => {
  it.each([
    ["['a', 'b']", ['a', 'b'], true],
    ['[]', [], true],
    ['["it\'s", \'x\']', ["it's", 'x'], true],
    ["['a\\'b']", ["a'b"], true],
    ["['a', 'b', ...", ['a', 'b'], false],
    ["['a', 'b", ['a'], false],
    ["['a'", ['a'], false],
    ['[11 duplicate classes found]', [], false],
    ['[', [], false],
    ['x', [], false],
  ] as const)('%j', (text, items, complete) => {
    expect(parsePythonStrList(text, 0)).toEqual({ items, complete });
  });

  it('starts where told', () => {
    expect(parsePythonStrList("x: ['a']", 3).items).toEqual(['a']);
  });
});

describe('normalizeVariableParts', () => {
  it.each([
    ['user demo-user-001 at 2025-09-15T01:16:26.405355+00:00', 'user demo-user-<*> at <*>'],
    ['conn main_b9ceb17a / req_2f9408620931', 'conn main_<*> / req_<*>'],
    ['Trace: c2615310-1011-475c-a455-9870374a633f', 'Trace: <*>'],
    ['within 2.1s, v2 http2 Issue #824', 'within <*>s, v2 http2 Issue #<*>'],
    ['  many   spaces\there ', 'many spaces here'],
    ['WebSocketManagerProtocolValidator deadbeef', 'WebSocketManagerProtocolValidator deadbeef'],
  ])('%j → %j', (text, out) => {
    expect(normalizeVariableParts(text)).toBe(out);
  });
});
