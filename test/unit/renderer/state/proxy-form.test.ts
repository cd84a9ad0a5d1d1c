import { describe, expect, it } from 'vitest';
import { toProxyOptions } from '../../../../renderer/state/proxy-form';

describe('proxy form', () => {
  it.each([
    [
      { target: 'http://localhost:3000', port: '0', insecure: false, parser: 'auto' as const },
      { target: 'http://localhost:3000' },
    ],
    [
      { target: ' ws://10.0.0.2:80 ', port: '', insecure: false, parser: 'auto' as const },
      { target: 'ws://10.0.0.2:80' },
    ],
    [
      { target: 'http://h:1', port: '8080', insecure: false, parser: 'auto' as const },
      { target: 'http://h:1', listenPort: 8080 },
    ],
    [{ target: 'https://h', port: '0', insecure: false, parser: 'auto' as const }, { target: 'https://h' }],
    [
      { target: 'http://h', port: '0', insecure: false, parser: 'msgpack' as const },
      { target: 'http://h', parser: 'msgpack' },
    ],
    [
      { target: 'wss://h:8443', port: '0', insecure: true, parser: 'auto' as const },
      { target: 'wss://h:8443', insecure: true },
    ],
  ])('%j makes %j', (form, options) => expect(toProxyOptions(form)).toEqual({ ok: true, options }));

  it.each([
    [{ target: 'localhost:3000', port: '0', insecure: false, parser: 'auto' as const }, 'target'],
    [{ target: 'ftp://h', port: '0', insecure: false, parser: 'auto' as const }, 'target'],
    [{ target: 'http://h', port: '70000', insecure: false, parser: 'auto' as const }, 'port'],
    [{ target: 'http://h', port: '1.5', insecure: true, parser: 'auto' as const }, 'port'],
  ])('%j: a problem with the %s', (form, field) => {
    const result = toProxyOptions(form);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.problems)).toEqual([field]);
  });
});
