import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseApiEndpoint, resolveApiEndpoint } from '../../src/cloud/endpoint.js';
import { UsageError } from '../../src/util/errors.js';

describe('--api-endpoint', () => {
  it('accepts loopback hosts only', () => {
    expect(parseApiEndpoint('127.0.0.1:8085')).toEqual({ host: '127.0.0.1', port: 8085 });
    expect(parseApiEndpoint('localhost:1')).toEqual({ host: 'localhost', port: 1 });
    expect(parseApiEndpoint('127.9.8.7:65535')).toEqual({ host: '127.9.8.7', port: 65535 });
    expect(parseApiEndpoint('[::1]:8085')).toEqual({ host: '[::1]', port: 8085 });
    for (const bad of ['10.0.0.1:8085', 'logging.googleapis.com:443', '0.0.0.0:8085', '128.0.0.1:80', 'localhost.evil.com:80', '[::2]:80']) {
      expect(() => parseApiEndpoint(bad), bad).toThrow(/not a loopback address/);
    }
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
  });

  it('refuses what is not HOST:PORT', () => {
    for (const bad of ['127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', 'http://127.0.0.1:80', ':80']) {
      expect(() => parseApiEndpoint(bad), bad).toThrow(UsageError);
    }
  });

  it('takes the flag over $SSOT_WATCH_API_ENDPOINT, and refuses a remote one from the environment too', () => {
    expect(resolveApiEndpoint(undefined, {})).toBeNull();
    expect(resolveApiEndpoint(undefined, { SSOT_WATCH_API_ENDPOINT: 'localhost:9' })).toEqual({ host: 'localhost', port: 9 });
    expect(resolveApiEndpoint('127.0.0.1:7', { SSOT_WATCH_API_ENDPOINT: 'localhost:9' })).toEqual({ host: '127.0.0.1', port: 7 });
    expect(() => resolveApiEndpoint(undefined, { SSOT_WATCH_API_ENDPOINT: 'example.com:9' })).toThrow(/\$SSOT_WATCH_API_ENDPOINT: example.com is not a loopback/);
  });
});
