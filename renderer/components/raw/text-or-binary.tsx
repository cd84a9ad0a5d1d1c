// What the raw frame and the plain message composers share: a payload typed as text, or as base64 for
// binary, and the toggle between the two.
import { useState } from 'react';
import { useDraft } from '../../hooks/use-draft';
import { base64Decode } from '../../../shared/protocol/bytes';
import type { AppStore } from '../../state/app-store';
import { describeError } from '../../state/app-words';

export type PayloadKind = 'text' | 'binary';

/** The typed payload as the bridge takes it; undefined when binary is asked for and it is not base64. */
export function typedPayload(kind: PayloadKind, typed: string): Payload | undefined {
  if (kind === 'text') return { text: typed };
  const binary = typed.trim();
  return base64Decode(binary) === undefined ? undefined : { binary };
}

/** What a composer is given: where to send, whether it can, and what to do after a send. */
export interface ComposerProps {
  readonly app: AppStore;
  readonly session: string;
  readonly open: boolean;
  /** After a send: the view follows the tail, to show what went out and what came back. */
  readonly onSent: () => void;
}

type Payload = { readonly text: string } | { readonly binary: string };

/**
 * A composer's state, kept as a draft under `draft` (`draft:kind`, `draft:text`): `send` hands the typed
 * payload to `deliver`, then calls `onSent`; a refusal is a notice starting with `failure`.
 */
export function usePayloadComposer(
  app: AppStore,
  draft: string,
  initialText: string,
  deliver: (payload: Payload) => Promise<void>,
  failure: string,
  onSent: () => void,
) {
  const [kind, setKind] = useDraft<PayloadKind>(app.drafts, `${draft}:kind`, 'text');
  const [text, setText] = useDraft(app.drafts, `${draft}:text`, initialText);
  const [sending, setSending] = useState(false);
  const payload = typedPayload(kind, text);

  const send = async (): Promise<void> => {
    if (payload === undefined) return;
    setSending(true);
    try {
      await deliver(payload);
      onSent();
    } catch (e) {
      app.notify('error', `${failure}: ${describeError(e)}`);
    } finally {
      setSending(false);
    }
  };

  return { kind, setKind, text, setText, sending, badBase64: payload === undefined, send };
}

export function PayloadKindToggle({
  kind,
  onChange,
  label,
  testId,
}: {
  readonly kind: PayloadKind;
  readonly onChange: (kind: PayloadKind) => void;
  readonly label: string;
  /** Each button's test id is this with `-text` or `-binary`. */
  readonly testId?: string;
}) {
  return (
    <div className="segmented small" role="group" aria-label={label}>
      {(['text', 'binary'] as const).map((k) => (
        <button
          type="button"
          key={k}
          className={kind === k ? 'active' : ''}
          aria-pressed={kind === k}
          onClick={() => onChange(k)}
          data-testid={testId === undefined ? undefined : `${testId}-${k}`}
        >
          {k === 'text' ? 'Text' : 'Binary (base64)'}
        </button>
      ))}
    </div>
  );
}
