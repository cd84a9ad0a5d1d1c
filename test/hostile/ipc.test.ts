// Hostile requests over Electron IPC, without Electron (its binary cannot run everywhere): the main side's
// answer for each bridge method (ipc-answer.ts, the code Electron's ipcMain.handle runs) over the real
// handler table, fed what a compromised page could send through structured clone: wrong types, unknown
// fields, cycles, a million levels of nesting, a 64 MiB string, prototype-looking keys, an untrusted
// sender. Every answer is an error envelope with one short line, never a throw, and the table still
// answers a good request afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import { BRIDGE_METHODS } from '../../shared/bridge/channels';
import type { Outcome } from '../../shared/bridge/outcome';
import { createHandlerTable } from '../../electron/app/handler-table';
import { ipcAnswer, trustedSender, type IpcCall } from '../../electron/desktop/window/ipc-answer';

// Electron's own objects, as the answer sees them: only the fields the sender check reads.
type WebContents = IpcCall['sender'];
type WebFrameMain = NonNullable<IpcCall['senderFrame']>;

const APP = 'sio-inspector://app/';
const ourWindow = {} as WebContents;
const admitted = new Set([ourWindow]);
const trusted = (event: IpcCall): boolean => trustedSender(event, admitted, (url) => url.startsWith(APP));
const fromOurPage: IpcCall = {
  sender: ourWindow,
  senderFrame: { parent: null, url: `${APP}index.html` } as unknown as WebFrameMain,
};
const table = createHandlerTable();
afterAll(() => table.dispose());

/** Values a page can put through IPC's structured clone. */
function hostileValues(): [string, unknown][] {
  const cycle: Record<string, unknown> = { session: 's1' };
  cycle.self = cycle;
  let deep: unknown = {};
  for (let i = 0; i < 1_000_000; i++) deep = { a: deep };
  let deepArray: unknown = [];
  for (let i = 0; i < 1_000_000; i++) deepArray = [deepArray];
  return [
    ['nothing', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'sessions'],
    ['an array', [1, 2, 3]],
    ['a Map', new Map([['session', 's1']])],
    ['a Date', new Date(0)],
    ['a BigInt', 10n ** 30n],
    ['bytes', new Uint8Array(16)],
    ['a cycle', cycle],
    ['an object nested a million levels', deep],
    ['an array nested a million levels', deepArray],
    ['a 64 MiB string field', { session: 'x'.repeat(64 * 1024 * 1024), url: 'x'.repeat(1024) }],
    ['prototype-looking keys', JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}')],
    ['an unknown field', { session: 's1', nope: true }],
    ['every field of the wrong type', { session: 1, url: [], target: {}, from: 'a', count: null, mode: 7 }],
  ];
}

/**
 * The value as IPC delivers it (structured clone). Clone gives up a few thousand levels down, so a page
 * cannot send deeper than that; the validation is held to the deeper value as it is all the same.
 */
function asIpcCarries(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

const TAKES_NOTHING: ReadonlySet<string> = new Set(['sessions.list', 'settings.read']);

function expectRefused(outcome: Outcome<unknown>, what: string): void {
  expect(outcome.ok, what).toBe(false);
  if (outcome.ok) return;
  // Refused by validation, not a failure caught on the way (that would be `failed`).
  expect(outcome.error.code, `${what}: ${outcome.error.message}`).toBe('invalid-request');
  expect(outcome.error.message, what).not.toContain('\n');
  // A field's value is never echoed whole: the answer stays small whatever came in.
  expect(outcome.error.message.length, what).toBeLessThan(500);
}

describe('hostile requests over Electron IPC', { timeout: 120_000 }, () => {
  it('answers every method with an error envelope for each hostile value, and never throws', async () => {
    const values = hostileValues().map(([what, value]) => [what, asIpcCarries(value)] as const);
    for (const method of BRIDGE_METHODS) {
      const answer = ipcAnswer(table, method, trusted);
      for (const [what, value] of values) {
        // Methods that take nothing: nothing and null are their good requests.
        if (TAKES_NOTHING.has(method) && (value === undefined || value === null)) continue;
        const outcome = await answer(fromOurPage, value);
        expectRefused(outcome, `${method} with ${what}`);
      }
    }
    expect(await ipcAnswer(table, 'sessions.list', trusted)(fromOurPage, undefined)).toEqual({
      ok: true,
      result: [],
    });
    // Nothing reached Object.prototype.
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('refuses malformed plain Engine.IO messages (connections.send) with one line naming the field', async () => {
    const answer = ipcAnswer(table, 'connections.send', trusted);
    const cases: [string, unknown, RegExp][] = [
      ['neither text nor binary', { session: 's1' }, /exactly one of "text" and "binary"/],
      ['both text and binary', { session: 's1', text: 'a', binary: 'AQID' }, /exactly one of/],
      ['text as bytes', { session: 's1', text: new Uint8Array(4) }, /request\.text/],
      ['binary as bytes, not base64', { session: 's1', binary: new Uint8Array(4) }, /request\.binary/],
      ['binary that is not base64', { session: 's1', binary: '%%%%' }, /request\.binary/],
      ['a 64 MiB message', { session: 's1', text: 'x'.repeat(64 * 1024 * 1024) }, /request\.text/],
      ['an event instead of a message', { session: 's1', event: 'x', args: [] }, /unknown field/],
    ];
    for (const [what, value, error] of cases) {
      const outcome = await answer(fromOurPage, asIpcCarries(value));
      expectRefused(outcome, what);
      if (!outcome.ok) expect(outcome.error.message, what).toMatch(error);
    }
  });

  it('refuses an unknown method by any name, prototype names included', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 42, null]) {
      const outcome = await table.dispatch(name, {});
      expectRefused(outcome, String(name));
      expect(outcome).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/^unknown method/) },
      });
    }
  });

  it('refuses a sender that is not our page before looking at the request', async () => {
    const strangers: [string, IpcCall][] = [
      ['another window', { sender: {} as WebContents, senderFrame: fromOurPage.senderFrame }],
      [
        'an iframe of our page',
        {
          sender: ourWindow,
          senderFrame: { parent: {}, url: `${APP}index.html` } as unknown as WebFrameMain,
        },
      ],
      [
        'our window navigated elsewhere',
        {
          sender: ourWindow,
          senderFrame: { parent: null, url: 'https://example.com/' } as unknown as WebFrameMain,
        },
      ],
      ['no frame', { sender: ourWindow, senderFrame: null }],
    ];
    for (const [what, from] of strangers) {
      const outcome = await ipcAnswer(table, 'sessions.list', trusted)(from, undefined);
      expect(outcome, what).toMatchObject({
        ok: false,
        error: { message: 'refused: not the inspector window' },
      });
    }
  });
});
