// Why a connection could not be made or was lost, said once as a UserError's data: what happened, what
// to try, and the cause (`unreachable`, `tls`, `lost`, …). Each surface words it (shared/user-error.ts).
import { errorMessage, type UserErrorData } from '../../shared/user-error';

/** A connection's failure: a network or protocol UserError, always with its cause. */
export type Failure = UserErrorData & { readonly why: { readonly cause: string } };

/** A failure with a network cause: `unreachable`, `tls`, `timeout` or `lost`. */
export function networkFailure(cause: string, message: string, hint?: string): Failure {
  return { kind: 'network', message, why: { cause }, ...(hint !== undefined && { hint }) };
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
  const text = errorMessage(error);
  const tls = TLS_REASONS[code];
  if (tls !== undefined) {
    return {
      kind: 'network',
      message: `TLS certificate of ${target} rejected: ${tls}`,
      hint: 'use {insecure} to skip verification for a server you trust, or add its CA with NODE_EXTRA_CA_CERTS',
      why: { cause: 'tls', setting: 'insecure', value: true },
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
      return networkFailure(
        'lost',
        `the connection to ${target} was reset`,
        'the server closed it abruptly or crashed',
      );
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return networkFailure(
        'tls',
        `TLS handshake with ${target} failed`,
        'does the server speak plain HTTP? then use http:// or ws://',
      );
    default:
      if (code.startsWith('WS_ERR_'))
        return {
          kind: 'protocol',
          message: `${target} sent an invalid websocket frame (${text})`,
          why: { cause: 'invalid-frame' },
        };
      if (code.startsWith('HPE_'))
        return {
          kind: 'protocol',
          message: `${target} did not answer with HTTP (${code})`,
          hint: 'is this the right port? for TLS use https:// or wss://',
          why: { cause: 'not-http' },
        };
      if (code.startsWith('ERR_SSL_') || /SSL|TLS/.test(text))
        return networkFailure(
          'tls',
          `TLS with ${target} failed: ${text}`,
          'try http:// or ws:// if the server has no TLS',
        );
      return networkFailure('unreachable', `cannot connect to ${target}: ${text}`);
  }
}

function unreachable(message: string, hint: string): Failure {
  return networkFailure('unreachable', message, hint);
}
