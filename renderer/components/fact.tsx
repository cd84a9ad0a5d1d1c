// One labelled figure in the row of facts above an analysis view (sequence, heartbeat); `bad` marks
// one that shows a problem. Its test id comes from the label: "Pong latency" is `fact-pong-latency`.
import type { ReactNode } from 'react';
import './fact.css';

export function Fact({
  label,
  title,
  bad = false,
  wide = false,
  children,
}: {
  readonly label: string;
  readonly title?: string;
  readonly bad?: boolean;
  readonly wide?: boolean;
  readonly children: ReactNode;
}) {
  return (
    <div
      className={`fact${wide ? ' fact-wide' : ''}${bad ? ' fact-bad' : ''}`}
      title={title}
      data-testid={`fact-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}
    >
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
