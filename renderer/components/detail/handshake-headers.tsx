// The handshake's request and response headers (a polling handshake's http-request, a ws-open, a refused
// upgrade), credentials masked by the rules session files use: the detail pane is often on a shared
// screen, and the recording masks them anyway.
import type { LifecycleRecord } from '../../../shared/record';
import { redactHeaders } from '../../../shared/session/secrets';
import './detail.css';

export function HandshakeHeaders({ record }: { readonly record: LifecycleRecord }) {
  const { requestHeaders, responseHeaders } = record;
  if (requestHeaders === undefined && responseHeaders === undefined) return null;
  return (
    <section className="detail-section" data-testid="handshake-headers">
      <h3>Headers</h3>
      <HeaderList title="Request" lines={requestHeaders} testId="request-headers" />
      <HeaderList title="Response" lines={responseHeaders} testId="response-headers" />
    </section>
  );
}

function HeaderList({
  title,
  lines,
  testId,
}: {
  readonly title: string;
  readonly lines: readonly string[] | undefined;
  readonly testId: string;
}) {
  if (lines === undefined) return null;
  return (
    <div className="header-list" data-testid={testId}>
      <h4>{title}</h4>
      {lines.length === 0 ? (
        <div className="muted">none recorded</div>
      ) : (
        <dl>
          {redactHeaders(lines).map((line, i) => {
            const colon = line.indexOf(':');
            return (
              <div key={i} className="header-line" data-testid="header-line">
                <dt>{colon === -1 ? line : line.slice(0, colon)}</dt>
                <dd>{colon === -1 ? '' : line.slice(colon + 1).trim()}</dd>
              </div>
            );
          })}
        </dl>
      )}
    </div>
  );
}
