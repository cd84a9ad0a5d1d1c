// The record as JSON, exactly the line the session file holds, pretty-printed, with copy.
import { useMemo, useState } from 'react';
import type { SessionRecord } from '../../../shared/record';
import { copyText } from './copy-text';
import './detail.css';

const JSON_LIMIT = 256 * 1024;

export function JsonBlock({ record }: { readonly record: SessionRecord }) {
  const json = useMemo(() => JSON.stringify(record, null, 2), [record]);
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  return (
    <section className="detail-section">
      <h3>
        JSON
        <button
          className="button button-small"
          data-testid="copy-json"
          onClick={() => {
            void copyText(json).then((ok) => {
              setCopied(ok ? 'done' : 'failed');
              setTimeout(() => setCopied('idle'), 1500);
            });
          }}
        >
          {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy as JSON'}
        </button>
      </h3>
      <pre className="json" data-testid="record-json">
        {json.length > JSON_LIMIT ? `${json.slice(0, JSON_LIMIT)}\n… (copy to get all of it)` : json}
      </pre>
    </section>
  );
}
