// `--summary` for people (`--format pretty`): a short aligned table per connection, one row for each
// part of the session that happened (handshake, transport and upgrade, namespaces, heartbeat, acks,
// the close, findings), nothing for the parts that did not. `--format ndjson` keeps the JSON record.
import { notAnalysedNote, type ConnectionSummary, type SessionSummary } from '../../shared/analysis/summary';
import type { HeartbeatSummary } from '../../shared/analysis/heartbeat';
import type { Stats } from '../../shared/analysis/stats';
import type { Palette } from './pretty';

const LABEL = 12;

export function formatSummaryTable(summary: SessionSummary, p: Palette): string {
  if (summary.connections.length === 0) return `${p.bold('summary')}  no connection in the records`;
  const tables = summary.connections.map((c) => formatConnection(c, p));
  const skipped = summary.recordsNotAnalysed;
  if (skipped !== undefined) tables.push(`${p.bold('summary')}  ${p.yellow(notAnalysedNote(skipped))}`);
  return tables.join('\n');
}

function formatConnection(c: ConnectionSummary, p: Palette): string {
  const rows: [string, string][] = [];
  const handshake = c.handshake !== null && typeof c.handshake === 'object' ? c.handshake : null;
  if (handshake !== null && !Array.isArray(handshake)) {
    const fields = ['pingInterval', 'pingTimeout', 'maxPayload']
      .filter((k) => typeof handshake[k] === 'number')
      .map((k) => `${k} ${String(handshake[k])}`);
    const upgrades = Array.isArray(handshake.upgrades) ? handshake.upgrades.join(',') : '';
    rows.push(['handshake', [`sid ${c.sid ?? '?'}`, ...fields, `upgrades ${upgrades || 'none'}`].join(', ')]);
  } else {
    rows.push(['handshake', p.yellow('none')]);
  }
  const transport = transportRow(c);
  if (transport !== null) rows.push(['transport', transport]);
  c.namespaces.forEach((n, i) => {
    const state =
      n.error !== undefined
        ? p.yellow(`refused: ${n.error.message || 'no reason given'}`)
        : n.connected
          ? 'connected'
          : 'not connected';
    const more = [
      n.sid === undefined ? '' : `sid ${n.sid}`,
      n.disconnectedBy === undefined ? '' : `disconnected by the ${n.disconnectedBy}`,
      n.eventsAfterDisconnect === undefined ? '' : `${n.eventsAfterDisconnect} events after the disconnect`,
      n.pid === undefined ? '' : `pid ${n.pid}`,
      n.recovered === undefined ? '' : n.recovered ? 'recovered' : p.yellow('not recovered'),
    ].filter((s) => s !== '');
    rows.push([i === 0 ? 'namespaces' : '', [`${n.nsp}  ${state}`, ...more].join(', ')]);
  });
  const hb = c.heartbeat;
  if (hb.pings > 0 || hb.missed > 0)
    rows.push([
      'heartbeat',
      [
        `${hb.pings} ping${hb.pings === 1 ? '' : 's'} from the ${hb.pinger}`,
        spread('every', hb.intervalMs),
        spread('pong', hb.pongLatencyMs),
        hb.late > 0 ? p.yellow(`${hb.late} late`) : '',
        hb.missed > 0 ? p.red(`${hb.missed} missed`) : '',
        hb.dropped === undefined ? '' : p.yellow(givenUp(hb)),
      ]
        .filter((s) => s !== '')
        .join(', '),
    ]);
  const acks = c.acks;
  if (acks.sent > 0 || acks.fromServer.requested > 0)
    rows.push([
      'acks',
      [
        `${acks.sent} asked, ${acks.answered} answered`,
        spread('in', acks.latencyMs),
        acks.fromServer.requested > 0
          ? `server asked ${acks.fromServer.requested}, ${acks.fromServer.answered} answered`
          : '',
      ]
        .filter((s) => s !== '')
        .join(', '),
    ]);
  if (c.closeReason !== null) rows.push(['closed', c.closeReason]);
  c.findings.forEach((f, i) => {
    const colour = f.severity === 'error' ? p.red : f.severity === 'warning' ? p.yellow : p.dim;
    const at = f.frame === null ? '' : ` #${f.frame}`;
    rows.push([i === 0 ? 'findings' : '', `${colour(f.code)}${at}  ${f.message}`]);
  });
  const omitted = Object.entries(c.findingsOmitted ?? {});
  if (omitted.length > 0)
    rows.push([
      c.findings.length === 0 ? 'findings' : '',
      `not listed: ${omitted.map(([code, n]) => `${n.toLocaleString('en-US')} more ${code}`).join(', ')}`,
    ]);
  const replaces = c.reconnectOf === undefined ? '' : `  reconnection of ${c.reconnectOf}`;
  const title = `${p.bold(`summary ${c.conn}`)}  Engine.IO v${c.eio}${replaces}`;
  return [title, ...rows.map(([label, text]) => `  ${p.dim(label.padEnd(LABEL))}${text}`)].join('\n');
}

function transportRow(c: ConnectionSummary): string | null {
  if (c.transport === null) return null;
  const u = c.upgrade;
  if (u.completed) {
    const probe = u.probeMs === null ? '' : `probe ${round(u.probeMs)} ms`;
    const all = u.ms === null ? '' : `${round(u.ms)} ms in all`;
    const timing = [probe, all].filter((s) => s !== '').join(', ');
    return `${c.transport}, upgraded from polling${timing === '' ? '' : ` (${timing})`}`;
  }
  if (u.attempted) return `${c.transport}, upgrade stopped after ${u.stoppedAt ?? 'its start'}`;
  return c.transport;
}

/** The pings a long unanswered run made the analysis give up on, and what that left unmeasured. */
function givenUp(hb: HeartbeatSummary): string {
  const n = (count: number | undefined): string => (count ?? 0).toLocaleString('en-US');
  const left = [
    hb.unmeasured === undefined ? '' : `${n(hb.unmeasured)} of their pongs not timed`,
    hb.unjudged === undefined ? '' : `${n(hb.unjudged)} not judged`,
  ].filter((s) => s !== '');
  return `${n(hb.dropped)} given up on${left.length > 0 ? ` (${left.join(', ')})` : ''}`;
}

function spread(what: string, stats: Stats): string {
  if (stats.median === null) return '';
  return `${what} ${round(stats.median)} ms (max ${round(stats.max ?? stats.median)})`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
