import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/model/index.js';
import { entryTexts, examinedLines } from '../../parsers/texts.js';
import { makeEntry, requestLog, shapeA, shapeB, textLine } from '../helpers/entries.js';
import { F1_11 } from './examples.js';

describe('entryTexts', () => {
  it('shape A: the doubled message once, plus the "Missing field" placeholder', () => {
    expect(entryTexts(shapeA(F1_11, 'WARNING'))).toEqual([F1_11, 'Missing field']);
  });

  it('shape B: message and error.value, never the traceback', () => {
    const e = shapeB('boom', 'ERROR', { error: { type: 'ValueError', value: 'bad value', traceback: 'Traceback (most recent call last): secret' } });
    expect(entryTexts(e)).toEqual(['boom', 'bad value']);
  });

  it('text lines and request logs', () => {
    expect(entryTexts(textLine('hello'))).toEqual(['hello']);
    expect(entryTexts(requestLog('GET', 'https://h/ws', 403))).toEqual([]);
  });

  it('never raw_payload, labels, logger, ids, timestamps, protoPayload', () => {
    const e = makeEntry({
      insertId: 'SSOT WARNING: a',
      labels: { instanceId: 'SSOT WARNING: b' },
      jsonPayload: { logger: 'SSOT WARNING: c', raw_payload: 'SSOT WARNING: d', labels: { line: '403' }, validation: { message: 'x' } },
      protoPayload: { message: 'SSOT WARNING: e' },
      raw_payload: 'SSOT WARNING: f',
    });
    expect(entryTexts(e)).toEqual([]);
  });

  it('ignores non-string and empty values without throwing', () => {
    const e = makeEntry({ jsonPayload: { message: 42, textPayload: '', error: 'str' } });
    expect(entryTexts(e)).toEqual([]);
    const odd = { ...makeEntry(), jsonPayload: null, textPayload: { a: 1 } } as unknown as LogEntry;
    expect(entryTexts(odd)).toEqual([]);
  });
});

describe('examinedLines', () => {
  it('splits on real newlines and on the escaped \\n of shape-B messages', () => {
    expect(examinedLines('a\nb\r\nc')).toEqual(['a', 'b', 'c']);
    expect(examinedLines('a\\nb')).toEqual(['a', 'b']);
  });

  it('drops the source and caret lines under each traceback frame, keeps frames and the exception', () => {
    const tb = [
      'Traceback (most recent call last):',
      '  File "/app/a.py", line 10, in f',
      '    await websocket.close(code=1011)',
      '    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      '  File "/app/b.py", line 20, in g',
      '    raise X("received 1011 (internal error)")',
      'X: received 1011 (internal error) Internal error',
      '',
      'During handling of the above exception, another exception occurred:',
    ].join('\n');
    expect(examinedLines(tb)).toEqual([
      'Traceback (most recent call last):',
      '  File "/app/a.py", line 10, in f',
      '  File "/app/b.py", line 20, in g',
      'X: received 1011 (internal error) Internal error',
      '',
      'During handling of the above exception, another exception occurred:',
    ]);
  });

  it('text without frames is returned as is', () => {
    expect(examinedLines('    indented code-looking line')).toEqual(['    indented code-looking line']);
  });
});
