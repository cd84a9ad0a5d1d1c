import { describe, expect, it } from 'vitest';
import { toProxyOptions } from '../../../renderer/state/proxy-form';

describe('proxy form', () => {
  it.each([
    [{ target: 'http://localhost:3000', port: '0' }, { target: 'http://localhost:3000' }],
    [{ target: ' ws://10.0.0.2:80 ', port: '' }, { target: 'ws://10.0.0.2:80' }],
    [
      { target: 'http://h:1', port: '8080' },
      { target: 'http://h:1', listenPort: 8080 },
    ],
  ])('%j makes %j', (form, options) => expect(toProxyOptions(form)).toEqual({ ok: true, options }));

  it.each([
    [{ target: 'localhost:3000', port: '0' }, 'target'],
    [{ target: 'https://h', port: '0' }, 'target'],
    [{ target: 'http://h', port: '70000' }, 'port'],
    [{ target: 'http://h', port: '1.5' }, 'port'],
  ])('%j: a problem with the %s', (form, field) => {
    const result = toProxyOptions(form);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.problems)).toEqual([field]);
  });
});
