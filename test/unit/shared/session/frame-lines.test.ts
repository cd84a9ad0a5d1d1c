import { describe, expect, it } from 'vitest';
import { parseFrameLine } from '../../../../shared/session/frame-lines';

describe('parseFrameLine', () => {
  it('reads text and binary frame lines with optional t and conn', () => {
    expect(
      parseFrameLine('{"dir":"in","transport":"websocket","text":"42[\\"a\\"]","t":1.5,"conn":"c2"}'),
    ).toEqual({
      frame: { dir: 'in', transport: 'websocket', text: '42["a"]', t: 1.5, conn: 'c2' },
    });
    expect(parseFrameLine('{"dir":"out","transport":"polling","binary":"AQID"}')).toEqual({
      frame: { dir: 'out', transport: 'polling', binary: Uint8Array.from([1, 2, 3]) },
    });
  });

  it.each([
    ['not json', 'not JSON'],
    ['[1,2]', 'not a JSON object'],
    ['{"dir":"up","transport":"websocket","text":"2"}', '"dir"'],
    ['{"dir":"in","transport":"tcp","text":"2"}', '"transport"'],
    ['{"dir":"in","transport":"websocket"}', 'exactly one of'],
    ['{"dir":"in","transport":"websocket","text":"2","binary":"AQ=="}', 'exactly one of'],
    ['{"dir":"in","transport":"websocket","binary":"***"}', 'base64'],
    ['{"dir":"in","transport":"websocket","text":"2","t":-1}', '"t"'],
    ['{"dir":"in","transport":"websocket","text":"2","conn":""}', '"conn"'],
  ])('rejects %s', (line, why) => {
    const result = parseFrameLine(line);
    expect('error' in result && result.error.code).toBe('FRAME_LINE_INVALID');
    expect('error' in result && result.error.message).toContain(why);
  });
});
