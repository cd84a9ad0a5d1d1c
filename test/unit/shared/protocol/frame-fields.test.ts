import { describe, expect, it } from 'vitest';
import { utf8Decode, utf8Encode } from '../../../../shared/protocol/bytes';
import {
  frameFields,
  jsonChildren,
  textRange,
  type FrameField,
} from '../../../../shared/protocol/frame-fields';
import { decodeFrames } from '../../../../shared/protocol/session-decoder';
import type { PacketRecord } from '../../../../shared/record';
import { isLifecycle } from '../../../../shared/record';

function packets(frames: Parameters<typeof decodeFrames>[0]): PacketRecord[] {
  return decodeFrames(frames, { eio: 4 }).filter((r): r is PacketRecord => !isLifecycle(r));
}

function find(fields: readonly FrameField[], label: string): FrameField | undefined {
  for (const f of fields) {
    if (f.label === label) return f;
    const inner = find(f.children ?? [], label);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

describe('frameFields', () => {
  it('splits an EVENT into type, namespace, ack id, event and args with exact ranges', () => {
    const text = '42/admin,17["chat",{"n":1},[2]]';
    const [r] = packets([{ dir: 'out', transport: 'websocket', text }]);
    const view = frameFields(r as PacketRecord);
    expect(view?.raw).toBe(text);
    expect(view?.exact).toBe(true);
    const fields = view?.fields ?? [];
    const slice = (label: string): string => {
      const f = find(fields, label);
      return f === undefined ? '<none>' : text.slice(f.start, f.end);
    };
    expect(slice('Engine.IO type')).toBe('4');
    expect(slice('Socket.IO type')).toBe('2');
    expect(slice('namespace')).toBe('/admin');
    expect(slice('ack id')).toBe('17');
    expect(slice('event')).toBe('"chat"');
    expect(slice('arg 0')).toBe('{"n":1}');
    expect(slice('arg 1')).toBe('[2]');
  });

  it('shows a BINARY_EVENT with its attachment count and the placeholder it carries', () => {
    const text = '451-["file",{"_placeholder":true,"num":0}]';
    const [r] = packets([
      { dir: 'in', transport: 'websocket', text },
      { dir: 'in', transport: 'websocket', binary: new Uint8Array([1, 2, 3]) },
    ]);
    const view = frameFields(r as PacketRecord);
    const attachments = find(view?.fields ?? [], 'attachments');
    expect(attachments?.value).toBe('1');
    expect(text.slice(attachments?.start, attachments?.end)).toBe('1-');
    expect(text.slice(find(view?.fields ?? [], 'arg 0')?.start, find(view?.fields ?? [], 'arg 0')?.end)).toBe(
      '{"_placeholder":true,"num":0}',
    );
  });

  it("names a recovering server's last event argument as its offset", () => {
    const text = '42["welcome","s","O1"]';
    const [, , r] = packets([
      { dir: 'out', transport: 'websocket', text: '40' },
      { dir: 'in', transport: 'websocket', text: '40{"sid":"s","pid":"P"}' },
      { dir: 'in', transport: 'websocket', text },
    ]);
    const fields = frameFields(r as PacketRecord)?.fields ?? [];
    const offset = find(fields, 'offset (connection-state recovery)');
    expect(text.slice(offset?.start, offset?.end)).toBe('"O1"');
    expect(text.slice(find(fields, 'arg 0')?.start, find(fields, 'arg 0')?.end)).toBe('"s"');
    expect(find(fields, 'arg 1')).toBeUndefined();
  });

  it('names ACK payload items as args', () => {
    const text = '4312["ok",2]';
    const [r] = packets([{ dir: 'in', transport: 'websocket', text }]);
    const fields = frameFields(r as PacketRecord)?.fields ?? [];
    expect(find(fields, 'ack id')?.value).toBe('12');
    expect(text.slice(find(fields, 'arg 1')?.start, find(fields, 'arg 1')?.end)).toBe('2');
  });

  it('shows an attachment frame as its bytes', () => {
    const [, attachment] = packets([
      { dir: 'in', transport: 'websocket', text: '451-["f",{"_placeholder":true,"num":0}]' },
      { dir: 'in', transport: 'websocket', binary: new Uint8Array([9, 8]) },
    ]);
    const view = frameFields(attachment as PacketRecord);
    expect(view?.raw).toEqual(new Uint8Array([9, 8]));
    expect(view?.fields[0]?.label).toMatch(/^attachment of frame 0/);
  });

  it('rebuilds a handshake and lists its keys', () => {
    const text =
      '0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
    const [r] = packets([{ dir: 'in', transport: 'polling', text }]);
    const view = frameFields(r as PacketRecord);
    expect(view?.raw).toBe(text);
    expect(view?.exact).toBe(false);
    expect(view?.note).toBe('one packet of a polling payload');
    const ping = find(view?.fields ?? [], 'pingInterval');
    expect(text.slice(ping?.start, ping?.end)).toBe('"pingInterval":25000');
  });

  it('keeps undecodable input as it came and still finds what it can', () => {
    const [r] = packets([{ dir: 'in', transport: 'websocket', text: '42["oops"' }]);
    const view = frameFields(r as PacketRecord);
    expect(view?.raw).toBe('42["oops"');
    expect(view?.exact).toBe(true);
    expect(find(view?.fields ?? [], 'Socket.IO type')?.value).toBe('2 EVENT');
  });

  it('gives byte offsets into the UTF-8 packet, as the hex view counts them', () => {
    const text = '43/chät,1["héllo wörld €",{"k":"😀"},"x"]';
    const [r] = packets([{ dir: 'in', transport: 'websocket', text }]);
    const view = frameFields(r as PacketRecord);
    const bytes = utf8Encode(view?.raw as string);
    const slice = (label: string): string => {
      const f = find(view?.fields ?? [], label);
      return f === undefined ? '<none>' : (utf8Decode(bytes.subarray(f.start, f.end)) ?? '<not UTF-8>');
    };
    expect(slice('namespace')).toBe('/chät');
    expect(slice('ack id')).toBe('1');
    expect(slice('arg 0')).toBe('"héllo wörld €"');
    expect(slice('arg 1')).toBe('{"k":"😀"}');
    expect(slice('arg 2')).toBe('"x"');
    const packet = find(view?.fields ?? [], 'Socket.IO packet');
    expect(packet?.end).toBe(bytes.length);
  });

  it('never throws on arbitrary packet text', () => {
    for (const text of ['', '4', '9xyz', '45', '4/', '42[', '42["a\\', '40{"a":', '4' + '['.repeat(10000)]) {
      const [r] = packets([{ dir: 'in', transport: 'websocket', text }]);
      if (r !== undefined) expect(() => frameFields(r)).not.toThrow();
    }
  });
});

describe('jsonChildren', () => {
  it('ranges cover members with their keys, strings with brackets inside included', () => {
    const text = '{"a":"]}", "b" : [1, {"c":2}]}';
    const kids = jsonChildren(text, 0, text.length);
    expect(kids.map((k) => [k.label, text.slice(k.start, k.end)])).toEqual([
      ['a', '"a":"]}"'],
      ['b', '"b" : [1, {"c":2}]'],
    ]);
  });
});

describe('textRange', () => {
  it('turns a byte range into the UTF-16 range of the same characters', () => {
    expect(textRange('4é€x', 1, 6)).toEqual([1, 3]);
    expect(textRange('a😀b', 5, 6)).toEqual([3, 4]);
    expect(textRange('a😀b', 1, 5)).toEqual([1, 3]);
  });

  it('widens a range that cuts a character to the whole character', () => {
    expect(textRange('a😀b', 2, 3)).toEqual([1, 3]);
    expect(textRange('é', 1, 2)).toEqual([0, 1]);
    expect(textRange('ab', 5, 9)).toEqual([2, 2]);
  });
});
