import { describe, expect, it } from 'vitest';
import { Connection } from '../../../../electron/engine/connection';
import { describeUserError, UserError } from '../../../../shared/user-error';

describe('Connection', () => {
  it('refuses an emit on a plain Engine.IO connection with a usage UserError naming the parser', () => {
    const connection = new Connection({ url: 'http://127.0.0.1:9', parser: 'none' });
    const attempt = (): unknown => connection.emit('/', 'chat', []);
    expect(attempt).toThrow(UserError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'usage', why: { cause: 'parser', setting: 'parser' } });
      expect(describeUserError(error as UserError)).toMatch(/no Socket\.IO layer \(parser "none"\)/);
    }
    expect(() => connection.join('/admin')).toThrow(UserError);
  });
});
