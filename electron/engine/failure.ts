// Why a connection could not be made or was lost, said once in words a user can act on: what happened
// and what to try. The CLI prints `describeFailure` as its one stderr line; the app shows the same text.

export type FailureKind = 'unreachable' | 'tls' | 'refused' | 'timeout' | 'lost' | 'protocol';

export interface Failure {
  readonly kind: FailureKind;
  /** What happened, e.g. "cannot connect to 127.0.0.1:9: connection refused". */
  readonly message: string;
  /** What to try, e.g. "is the server running, and is the port right?". */
  readonly hint?: string;
}

export function describeFailure(failure: Failure): string {
  return failure.hint === undefined ? failure.message : `${failure.message} (${failure.hint})`;
}

/** TLS verification errors from Node's tls module, in the words a user knows them by. */
const TLS_REASONS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is signed by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is signed by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate is signed by an unknown authority',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name this host',
  CERT_REVOKED: 'the certificate was revoked',
};

/** A Node socket, DNS or TLS error on the way to `target` (host:port). */
export function explainNetworkError(error: unknown, target: string): Failure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const text = error instanceof Error ? error.message : String(error);
  const tls = TLS_REASONS[code];
  if (tls !== undefined) {
    return {
      kind: 'tls',
      message: `TLS certificate of ${target} rejected: ${tls}`,
      hint: 'use --insecure to skip verification for a server you trust, or add its CA with NODE_EXTRA_CA_CERTS',
    };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return unreachable(
        `cannot connect to ${target}: connection refused`,
        'is the server running, and is the port right?',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return unreachable(`cannot resolve the host of ${target}`, 'check the host name in the URL');
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return unreachable(`cannot reach ${target} (${code})`, 'check the address and any firewall or proxy');
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        kind: 'lost',
        message: `the connection to ${target} was reset`,
        hint: 'the server closed it abruptly or crashed',
      };
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return {
        kind: 'tls',
        message: `TLS handshake with ${target} failed`,
        hint: 'does the server speak plain HTTP? then use http:// or ws://',
      };
    default:
      if (code.startsWith('WS_ERR_'))
        return {
          kind: 'protocol',
          message: `${target} sent an invalid websocket frame (${firstLine(text)})`,
        };
      if (code.startsWith('HPE_'))
        return {
          kind: 'protocol',
          message: `${target} did not answer with HTTP (${code})`,
          hint: 'is this the right port? for TLS use https:// or wss://',
        };
      if (code.startsWith('ERR_SSL_') || /SSL|TLS/.test(text))
        return {
          kind: 'tls',
          message: `TLS with ${target} failed: ${firstLine(text)}`,
          hint: 'try http:// or ws:// if the server has no TLS',
        };
      return { kind: 'unreachable', message: `cannot connect to ${target}: ${firstLine(text)}` };
  }
}

function unreachable(message: string, hint: string): Failure {
  return { kind: 'unreachable', message, hint };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
