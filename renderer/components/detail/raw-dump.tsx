// The raw packet as text and as hex, with the selected field's range highlighted in both. Long packets
// are cut for display (a several-MB frame would otherwise be a several-MB DOM).
import { useMemo, useState } from 'react';
import { utf8Encode } from '../../../shared/protocol/bytes';
import { textRange, type FrameField } from '../../../shared/protocol/frame-fields';
import { hexLines, offsetLabel } from './hex-dump';
import './detail.css';

const TEXT_LIMIT = 64 * 1024;
const HEX_LIMIT = 16 * 1024;

export function RawDump({
  raw,
  field,
  note,
}: {
  readonly raw: string | Uint8Array;
  readonly field: FrameField | null;
  readonly note: string | undefined;
}) {
  const isText = typeof raw === 'string';
  const [mode, setMode] = useState<'text' | 'hex'>(isText ? 'text' : 'hex');
  const bytes = useMemo(() => (typeof raw === 'string' ? utf8Encode(raw) : raw), [raw]);
  // Field ranges are bytes; the text view marks the characters they cover.
  const byteHighlight: [number, number] | null = field === null ? null : [field.start, field.end];
  const textHighlight =
    byteHighlight === null || typeof raw !== 'string' ? null : textRange(raw, ...byteHighlight);
  return (
    <div className="raw">
      <div className="raw-bar">
        <div className="segmented small" role="group" aria-label="Raw format">
          {isText && (
            <button
              className={mode === 'text' ? 'active' : ''}
              aria-pressed={mode === 'text'}
              onClick={() => setMode('text')}
              data-testid="raw-text-mode"
            >
              Text
            </button>
          )}
          <button
            className={mode === 'hex' ? 'active' : ''}
            aria-pressed={mode === 'hex'}
            onClick={() => setMode('hex')}
            data-testid="raw-hex-mode"
          >
            Hex
          </button>
        </div>
        <span className="muted">
          {bytes.length.toLocaleString()} bytes{note === undefined ? '' : ` · ${note}`}
        </span>
      </div>
      {mode === 'text' && typeof raw === 'string' ? (
        <TextDump text={raw} highlight={textHighlight} />
      ) : (
        <HexDump bytes={bytes} highlight={byteHighlight} />
      )}
    </div>
  );
}

function TextDump({
  text,
  highlight,
}: {
  readonly text: string;
  readonly highlight: [number, number] | null;
}) {
  const shown = text.length > TEXT_LIMIT ? text.slice(0, TEXT_LIMIT) : text;
  const [start, end] =
    highlight === null
      ? [0, 0]
      : [Math.min(highlight[0], shown.length), Math.min(highlight[1], shown.length)];
  return (
    <pre className="raw-text" data-testid="raw-text">
      {shown.slice(0, start)}
      {end > start && <mark data-testid="raw-highlight">{shown.slice(start, end)}</mark>}
      {highlight !== null && end === start && highlight[0] <= shown.length && <mark className="caret" />}
      {shown.slice(end)}
      {text.length > TEXT_LIMIT && (
        <span className="muted">{`\n… ${(text.length - TEXT_LIMIT).toLocaleString()} more characters`}</span>
      )}
    </pre>
  );
}

function HexDump({
  bytes,
  highlight,
}: {
  readonly bytes: Uint8Array;
  readonly highlight: [number, number] | null;
}) {
  const lines = useMemo(() => hexLines(bytes, HEX_LIMIT), [bytes]);
  const on = (i: number): boolean => highlight !== null && i >= highlight[0] && i < highlight[1];
  return (
    <div className="raw-hex" data-testid="raw-hex">
      {lines.map((line) => (
        <div key={line.offset} className="hex-line">
          <span className="hex-offset">{offsetLabel(line.offset)}</span>
          <span className="hex-bytes">
            {line.hex.map((h, i) => (
              <span key={i} className={on(line.offset + i) ? 'hl' : undefined}>
                {h}
              </span>
            ))}
          </span>
          <span className="hex-ascii">
            {line.ascii.map((a, i) => (
              <span key={i} className={on(line.offset + i) ? 'hl' : undefined}>
                {a}
              </span>
            ))}
          </span>
        </div>
      ))}
      {bytes.length > HEX_LIMIT && (
        <div className="muted">… {(bytes.length - HEX_LIMIT).toLocaleString()} more bytes</div>
      )}
    </div>
  );
}
