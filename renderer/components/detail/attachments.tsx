// Binary values of a BINARY_EVENT / BINARY_ACK, reassembled from their attachment frames: where each sits
// in the args, its size, and its first bytes.
import { hexLines, offsetLabel } from './hex-dump';
import type { BinaryValue } from './binary-values';
import './detail.css';

const PREVIEW_BYTES = 64;

export function Attachments({ values }: { readonly values: readonly BinaryValue[] }) {
  return (
    <section className="detail-section" data-testid="attachments">
      <h3>
        Binary attachments <span className="muted">{values.length} reassembled</span>
      </h3>
      {values.map((v, i) => (
        <div key={i} className="attachment">
          <div className="attachment-head">
            <code>{v.path}</code>
            <span className="muted">
              #{i} · {v.bytes.length.toLocaleString()} bytes
            </span>
          </div>
          <div className="raw-hex compact">
            {hexLines(v.bytes, PREVIEW_BYTES).map((line) => (
              <div key={line.offset} className="hex-line">
                <span className="hex-offset">{offsetLabel(line.offset)}</span>
                <span className="hex-bytes">{line.hex.join(' ')}</span>
                <span className="hex-ascii">{line.ascii.join('')}</span>
              </div>
            ))}
            {v.bytes.length > PREVIEW_BYTES && <div className="muted">…</div>}
          </div>
        </div>
      ))}
    </section>
  );
}
