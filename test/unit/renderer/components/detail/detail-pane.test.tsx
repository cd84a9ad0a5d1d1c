import { describe, expect, it } from 'vitest';
import { DetailPane } from '../../../../../renderer/components/detail/detail-pane';
import { FieldTree } from '../../../../../renderer/components/detail/field-tree';
import type { SessionStore } from '../../../../../renderer/state/session-store';
import { frameFields, type FrameField } from '../../../../../shared/protocol/frame-fields';
import type { PacketRecord, SessionRecord } from '../../../../../shared/record';
import { recordedSession } from '../../../../support/session-fixtures';
import { broken, open, Session } from '../../../shared/analysis/records';
import { flush } from '../../support/fake-api';
import { all, one, render, text, type Element } from '../../support/render';
import { openSession } from '../../support/session';

const RECORDS = recordedSession('socketio4-upgrade');
/** socket.io 4's `echo` emit with ack id 0, and its binary emit with one attachment. */
const ECHO = 9;
const BINARY = 11;

const pane = (store: SessionStore, index: number | null): Element =>
  render(<DetailPane store={store} index={index} version={0} />);

/** The store with the record at hand, as the pane finds it once the page came in. */
async function loaded(index: number, records: SessionRecord[] = RECORDS): Promise<SessionStore> {
  const store = await openSession(records);
  store.want([index]);
  await flush();
  return store;
}

describe('DetailPane', () => {
  it('asks for a selection when there is none, and says which record it is loading', async () => {
    const store = await openSession(RECORDS);
    expect(text(one(pane(store, null), { testId: 'frame-detail' }))).toMatch(
      /^Select a record to see its fields/,
    );
    expect(text(one(pane(store, ECHO), { testId: 'frame-detail' }))).toBe(`Loading record ${ECHO}…`);
  });

  it('heads a packet with its type, name and where and when it travelled', async () => {
    const page = pane(await loaded(ECHO), ECHO);
    expect(text(one(page, { className: 'kind-chip' }))).toBe('EVENT');
    expect(text(one(page, { className: 'detail-name' }))).toBe('echo #0');
    expect(all(one(page, { className: 'detail-meta' }), { tag: 'span' }).map(text)).toEqual([
      `#${ECHO}`,
      'frame 8',
      'c1',
      '→ client to server',
      'websocket',
      '0.802 s',
      '60 B',
    ]);
    expect(all(page, { role: 'alert' })).toHaveLength(0);
  });

  it('shows the fields as received, the raw size, and the record’s JSON as the session file holds it', async () => {
    const page = pane(await loaded(ECHO), ECHO);
    expect(all(page, { tag: 'h3' }).map(text)).toEqual(['Fields as received', 'JSONCopy as JSON']);
    expect(all(page, { role: 'treeitem' })).toHaveLength(9);
    expect(text(one(page, { className: 'raw-bar' }))).toContain('60 bytes');
    expect(JSON.parse(text(one(page, { testId: 'record-json' })))).toEqual(RECORDS[ECHO]);
    expect(all(page, { testId: 'attachments' })).toHaveLength(0);
  });

  it('reassembles the binary argument of a BINARY_EVENT', async () => {
    const attachments = one(pane(await loaded(BINARY), BINARY), { testId: 'attachments' });
    expect(text(one(attachments, { tag: 'h3' }))).toBe('Binary attachments 1 reassembled');
    expect(text(one(attachments, { className: 'attachment-head' }))).toBe('args[0]#0 · 9 bytes');
  });

  it('heads a packet the decoder could not read as a decode error, with its code as an alert', async () => {
    const s = new Session()
      .at(0)
      .in('websocket', open({ upgrades: [] }))
      .at(5)
      .in('websocket', broken('EIO_UNKNOWN_TYPE', 'unknown Engine.IO packet type: 9'));
    const page = pane(await loaded(1, s.records), 1);
    expect(text(one(page, { className: 'kind-chip' }))).toBe('decode error');
    expect(text(one(page, { role: 'alert' }))).toBe('EIO_UNKNOWN_TYPE unknown Engine.IO packet type: 9');
  });
});

describe('FieldTree', () => {
  const fields = frameFields(RECORDS[ECHO] as PacketRecord)!.fields;
  const tree = (selected: FrameField | null): Element =>
    render(<FieldTree fields={fields} selected={selected} onSelect={() => undefined} />);

  it('lists the fields depth first, each at its level, with its value and range', () => {
    const items = all(tree(null), { role: 'treeitem' });
    expect(items.map((i) => [text(one(i, { className: 'field-label' })), i.attrs['aria-level']])).toEqual([
      ['Engine.IO type', '1'],
      ['Socket.IO packet', '1'],
      ['Socket.IO type', '2'],
      ['namespace', '2'],
      ['ack id', '2'],
      ['payload', '2'],
      ['event', '3'],
      ['arg 0', '3'],
      ['arg 1', '3'],
    ]);
    expect(text(one(items[6]!, { className: 'field-value' }))).toBe('"echo"');
    expect(text(one(items[6]!, { className: 'field-range' }))).toBe('4–10');
    expect(items.every((i) => i.attrs['aria-selected'] === 'false')).toBe(true);
  });

  it('marks the selected field, a nested one too', () => {
    const payload = fields[1]!.children![3]!;
    const selected = all(tree(payload.children![1]!), { role: 'treeitem' }).filter(
      (i) => i.attrs['aria-selected'] === 'true',
    );
    expect(selected.map((i) => text(one(i, { className: 'field-label' })))).toEqual(['arg 0']);
  });

  it('heads a lifecycle record with its event and what happened, not the event twice', async () => {
    const url = 'http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling';
    const records: SessionRecord[] = [
      { t: 0, conn: 'c1', event: 'http-request', method: 'GET', status: 200, ms: 12, url },
      { t: 1, conn: 'c1', event: 'closed' },
    ];
    const request = pane(await loaded(0, records), 0);
    expect(text(one(request, { className: 'kind-chip' }))).toBe('http-request');
    expect(text(one(request, { className: 'detail-name' }))).toBe(`GET 200 12 ms ${url}`);
    const closed = pane(await loaded(1, records), 1);
    expect(text(one(closed, { className: 'kind-chip' }))).toBe('closed');
    expect(all(closed, { className: 'detail-name' })).toHaveLength(0);
  });
});
