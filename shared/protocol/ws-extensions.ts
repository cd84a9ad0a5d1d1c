// Sec-WebSocket-Extensions (RFC 6455 §9.1) and the permessage-deflate parameters in it (RFC 7692 §7.1):
// what a client offered and what a server accepted, so a proxy can make each leg negotiate the same.
// Total: a header that does not parse yields the offers that did.

export interface ExtensionOffer {
  readonly name: string;
  /** Parameter → its value, or true for a bare parameter. */
  readonly params: { readonly [name: string]: string | true };
}

/** permessage-deflate parameters as `ws` takes them (its PerMessageDeflateOptions). */
export interface DeflateParams {
  readonly serverNoContextTakeover: boolean;
  readonly clientNoContextTakeover: boolean;
  /** A value, or undefined when not named. */
  readonly serverMaxWindowBits: number | undefined;
  /** A value, true when named bare (an offer's "any"), false when not named. */
  readonly clientMaxWindowBits: number | boolean;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `permessage-deflate; client_max_window_bits, x-other` → the offers in order. */
export function parseExtensions(header: string | undefined): ExtensionOffer[] {
  if (header === undefined) return [];
  const offers: ExtensionOffer[] = [];
  for (const part of header.split(',')) {
    const [name = '', ...rest] = part.split(';').map((s) => s.trim());
    if (!TOKEN.test(name)) continue;
    const params: { [name: string]: string | true } = {};
    for (const param of rest) {
      const eq = param.indexOf('=');
      const key = (eq === -1 ? param : param.slice(0, eq)).trim();
      if (!TOKEN.test(key)) continue;
      const value =
        eq === -1
          ? true
          : param
              .slice(eq + 1)
              .trim()
              .replace(/^"(.*)"$/, '$1');
      Object.defineProperty(params, key, { value, enumerable: true });
    }
    offers.push({ name: name.toLowerCase(), params });
  }
  return offers;
}

/** The first permessage-deflate offer (or answer) in the header, as parameters; undefined when none. */
export function deflateParams(header: string | undefined): DeflateParams | undefined {
  const offer = parseExtensions(header).find((o) => o.name === 'permessage-deflate');
  if (offer === undefined) return undefined;
  const { params } = offer;
  const client = params['client_max_window_bits'];
  return {
    serverNoContextTakeover: params['server_no_context_takeover'] !== undefined,
    clientNoContextTakeover: params['client_no_context_takeover'] !== undefined,
    serverMaxWindowBits: windowBits(params['server_max_window_bits']),
    clientMaxWindowBits: client === undefined ? false : client === true ? true : (windowBits(client) ?? true),
  };
}

function windowBits(value: string | true | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,2}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 8 && n <= 15 ? n : undefined;
}
