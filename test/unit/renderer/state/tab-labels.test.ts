import { describe, expect, it } from 'vitest';
import { shortTitle, tabLabels } from '../../../../renderer/state/tab-labels';

describe('tabLabels', () => {
  it('numbers tabs whose titles are the same, in tab order, and leaves the others alone', () => {
    const replay = 'replay of saved.ndjson → http://127.0.0.1:3000';
    const labels = tabLabels(['http://127.0.0.1:3000', replay, 'saved.ndjson', replay, replay]);
    expect(labels.map((l) => l.head + l.tail)).toEqual([
      '127.0.0.1:3000',
      'replay of saved.ndjson → 127.0.0.1:3000 #1',
      'saved.ndjson',
      'replay of saved.ndjson → 127.0.0.1:3000 #2',
      'replay of saved.ndjson → 127.0.0.1:3000 #3',
    ]);
  });

  it('keeps the end of a long title and the number in the part that is never cut off', () => {
    const [label] = tabLabels(['replay of a-very-long-recording-name.ndjson → http://127.0.0.1:41469/']);
    expect(label).toEqual({
      head: 'replay of a-very-long-recording-name.ndjson',
      tail: ' → 127.0.0.1:41469',
    });
    const [long] = tabLabels(['a-session-file-with-a-long-name-2026-12-05.ndjson']);
    expect(long).toEqual({ head: 'a-session-file-with-a-long-name-2', tail: '026-12-05.ndjson' });
    const [first, second] = tabLabels(['ws://example.test/x', 'ws://example.test/x']);
    expect(first).toEqual({ head: 'example.test/x', tail: ' #1' });
    expect(second).toEqual({ head: 'example.test/x', tail: ' #2' });
  });

  it('drops URL schemes and a trailing slash', () => {
    expect(shortTitle('https://host:8443/')).toBe('host:8443');
    expect(shortTitle('proxy → http://h/')).toBe('proxy → h');
  });
});
