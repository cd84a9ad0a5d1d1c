// The selected record: a header, the field tree over its raw packet (selecting a field highlights its
// range in the text and hex dumps), reassembled binary attachments, and the record as JSON to copy.
import { memo, useEffect, useMemo, useState } from 'react';
import { frameFields, type FrameField } from '../../../shared/protocol/frame-fields';
import { isLifecycle, type Json, type SessionRecord } from '../../../shared/record';
import { formatBytes, formatTime, rowCells, timeTitle } from '../../state/record-format';
import type { SessionStore } from '../../state/session-store';
import { AckLink } from './ack-link';
import { Attachments } from './attachments';
import { binaryValues } from './binary-values';
import { FieldTree } from './field-tree';
import { HandshakeHeaders } from './handshake-headers';
import { JsonBlock } from './json-block';
import { RawDump } from './raw-dump';
import './detail.css';

export function DetailPane({
  store,
  index,
}: {
  readonly store: SessionStore;
  readonly index: number | null;
  readonly version: number;
}) {
  const record = index === null ? undefined : store.record(index);
  useEffect(() => {
    if (index !== null && record === undefined) store.want([index]);
  }, [store, index, record]);
  return (
    <aside className="detail" data-testid="frame-detail" aria-label="Record detail">
      {index === null ? (
        <div className="detail-empty">
          <p>Select a record to see its fields, raw bytes and JSON.</p>
          <p className="muted">↑ ↓ or j k to move · / to search · f to follow · Esc to clear</p>
        </div>
      ) : record === undefined ? (
        <div className="detail-empty">Loading record {index.toLocaleString()}…</div>
      ) : (
        <RecordDetail key={index} store={store} index={index} record={record} />
      )}
    </aside>
  );
}

const RecordDetail = memo(function RecordDetail({
  store,
  index,
  record,
}: {
  readonly store: SessionStore;
  readonly index: number;
  readonly record: SessionRecord;
}) {
  const cells = rowCells(record);
  // A lifecycle record's name is its event, already in the chip: what happened heads it instead.
  const name = isLifecycle(record) ? cells.preview : cells.name;
  const view = useMemo(() => (isLifecycle(record) ? undefined : frameFields(record)), [record]);
  const [field, setField] = useState<FrameField | null>(null);
  const attachments = useMemo(
    () =>
      isLifecycle(record) || record.sio === undefined
        ? []
        : [
            ...binaryValues(record.sio.args as Json | undefined, 'args'),
            ...binaryValues(record.sio.data, 'data'),
          ],
    [record],
  );
  const error = record.error;
  return (
    <div className="detail-body">
      <header className={`detail-header kind-${cells.kind}`}>
        <div className="detail-title">
          <span className="kind-chip">{title(record)}</span>
          {name !== '' && <span className="detail-name">{name}</span>}
        </div>
        <div className="detail-meta">
          <span title="Record index">#{index.toLocaleString()}</span>
          {record.frame !== undefined && <span title="Wire frame">frame {record.frame}</span>}
          <span title="Connection">{record.conn}</span>
          {!isLifecycle(record) && (
            <span>{record.dir === 'out' ? '→ client to server' : '← server to client'}</span>
          )}
          {record.transport !== undefined && <span>{record.transport}</span>}
          <span title={timeTitle(store.getSnapshot().info.started, record.t)} data-testid="detail-time">
            {formatTime(record.t)}
          </span>
          {!isLifecycle(record) && <span>{formatBytes(record.size)}</span>}
        </div>
        {!isLifecycle(record) && record.sio?.id !== undefined && <AckLink store={store} record={record} />}
        {error !== undefined && (
          <div className="detail-error" role="alert">
            <code>{error.code}</code> {error.message}
          </div>
        )}
      </header>
      {view !== undefined && (
        <section className="detail-section">
          <h3>
            Fields{' '}
            <span className="muted">{view.exact ? 'as received' : 're-encoded from the decoded packet'}</span>
          </h3>
          <FieldTree fields={view.fields} selected={field} onSelect={setField} />
          <RawDump raw={view.raw} field={field} note={view.note} />
        </section>
      )}
      {isLifecycle(record) && <HandshakeHeaders record={record} />}
      {attachments.length > 0 && <Attachments values={attachments} />}
      <JsonBlock record={record} />
    </div>
  );
});

function title(record: SessionRecord): string {
  if (isLifecycle(record)) return record.event;
  const sio = record.sio?.type;
  const eio = record.eio?.type;
  if (record.error !== undefined && eio === undefined) return 'decode error';
  return sio === undefined
    ? record.attachmentOf !== undefined
      ? 'attachment'
      : (eio ?? 'packet')
    : `${sio}`;
}
