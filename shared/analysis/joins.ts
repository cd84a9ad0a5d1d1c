// Namespace joins one by one (docs/protocol.md §2.5): a client CONNECT starts a join, the server's CONNECT or
// CONNECT_ERROR settles it, a DISCONNECT from either side ends it. A client refused and retrying with
// other auth, or leaving and coming back, makes several joins of one namespace; replay re-creates each
// one and compares the server's answers join by join. A v4 server connects `/` unasked: a join too.
import type { PacketRecord } from '../record';
import { refusal, type NamespaceError } from './namespaces';
import { namespaceOf } from '../protocol/sio-namespace';

export type JoinOutcome = 'pending' | 'accepted' | 'refused';

export interface Join {
  readonly conn: string;
  /** Without a v4 `?query`. */
  readonly nsp: string;
  /** 1-based: the n-th join of this namespace on this connection. */
  readonly number: number;
  /** The client's CONNECT; null when the server connected the namespace unasked (v4 `/`). */
  readonly request: PacketRecord | null;
  readonly outcome: JoinOutcome;
  /** The server's CONNECT or CONNECT_ERROR. */
  readonly answer: PacketRecord | null;
  readonly error?: NamespaceError;
  /** Who ended it with a DISCONNECT. */
  readonly endedBy: 'client' | 'server' | null;
  /** Server ACKs and EVENTs on it so far. */
  readonly answers: number;
}

type MutableJoin = { -readonly [K in keyof Join]: Join[K] };

/** Follows packets in wire order, of one connection or several. */
export class JoinTracker {
  private readonly all: MutableJoin[] = [];
  /** `<conn> <nsp>` → its latest join. */
  private readonly latest = new Map<string, MutableJoin>();

  /** Every join so far, in the order they started; they change as later packets come. */
  get joins(): readonly Join[] {
    return this.all;
  }

  /** The namespace's latest join on the connection. */
  current(conn: string, nsp: string): Join | undefined {
    return this.latest.get(`${conn} ${namespaceOf(nsp)}`);
  }

  find(conn: string, nsp: string, number: number): Join | undefined {
    return this.all.find((j) => j.conn === conn && j.nsp === nsp && j.number === number);
  }

  /** The join the packet belongs to; undefined on a namespace not joined so far. */
  push(p: PacketRecord): Join | undefined {
    const sio = p.sio;
    if (sio === undefined) return undefined;
    const nsp = namespaceOf(sio.nsp);
    const join = this.latest.get(`${p.conn} ${nsp}`);
    const live = join !== undefined && join.endedBy === null;
    switch (sio.type) {
      case 'CONNECT':
        if (p.dir === 'out') return this.start(p.conn, nsp, p);
        if (live && join.outcome === 'accepted') return join;
        return settle(live && join.outcome === 'pending' ? join : this.start(p.conn, nsp, null), p);
      case 'CONNECT_ERROR':
      case 'ERROR':
        // v4 ERROR also reports errors on a connected namespace; only before the connect is it a refusal.
        if (p.dir === 'out' || (live && join.outcome === 'accepted')) return join;
        return settle(live && join.outcome === 'pending' ? join : this.start(p.conn, nsp, null), p);
      case 'DISCONNECT':
        if (join !== undefined && join.endedBy === null) join.endedBy = p.dir === 'in' ? 'server' : 'client';
        return join;
      case 'EVENT':
      case 'BINARY_EVENT':
      case 'ACK':
      case 'BINARY_ACK':
        if (join !== undefined && p.dir === 'in') join.answers++;
        return join;
      default: {
        // Records may come from a file: an unknown type is skipped, not thrown (the compiler still checks).
        const _unknown: never = sio.type;
        return join;
      }
    }
  }

  private start(conn: string, nsp: string, request: PacketRecord | null): MutableJoin {
    const previous = this.latest.get(`${conn} ${nsp}`);
    const join: MutableJoin = {
      conn,
      nsp,
      number: (previous?.number ?? 0) + 1,
      request,
      outcome: 'pending',
      answer: null,
      endedBy: null,
      answers: 0,
    };
    this.all.push(join);
    this.latest.set(`${conn} ${nsp}`, join);
    return join;
  }
}

/** The server's CONNECT accepts the join; CONNECT_ERROR (v4 ERROR) refuses it. */
function settle(join: MutableJoin, answer: PacketRecord): MutableJoin {
  join.answer = answer;
  if (answer.sio?.type === 'CONNECT') join.outcome = 'accepted';
  else {
    join.outcome = 'refused';
    join.error = refusal(answer.sio?.data);
  }
  return join;
}
