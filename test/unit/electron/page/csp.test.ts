import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../../electron/page/csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((d) => {
      const [name = '', ...values] = d.split(' ');
      return [name, values];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('allows nothing by default, and only our own scripts: no inline, no eval, no remote', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    for (const values of csp.values()) {
      expect(values).not.toContain("'unsafe-eval'");
      expect(values.some((v) => /^https?:/.test(v) || v === '*')).toBe(false);
    }
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('adds the bridge socket to connect-src when asked, and nothing else', () => {
    const csp = directives(contentSecurityPolicy({ connect: ['ws://127.0.0.1:5000'] }));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5000']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });
});
