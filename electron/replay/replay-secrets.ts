// A recording made without --keep-secrets has its credentials masked (shared/session/secrets.ts): the
// headers, query parameters and CONNECT auth payloads that carried them say `<redacted>`. A replay must
// not send the mask as if it were the value: the user supplies the real ones, or is told which are missing.
import type { Json } from '../../shared/record';
import { isMasked } from '../../shared/session/secrets';
import type { ConnectOptions } from '../engine/options';
import type { ConnectionPlan, ReplayPlan, ReplayStep } from './replay-plan';

export interface SuppliedSecrets {
  /** Replaces every masked CONNECT auth payload. */
  readonly auth?: Json;
  /** Replace the recorded header of the same name (case-insensitive), or are added. */
  readonly headers: readonly (readonly [string, string])[];
  /** Replace the recorded parameter of the same name, or are added. */
  readonly query: readonly (readonly [string, string])[];
}

export interface FilledPlan {
  readonly plan: ReplayPlan;
  /** What is still masked, e.g. `header X-Api-Key`, `query token`, `auth of /admin`; empty when none. */
  readonly missing: readonly string[];
}

export function fillSecrets(plan: ReplayPlan, supplied: SuppliedSecrets): FilledPlan {
  const missing = new Set<string>();
  const connections = plan.connections.map((c) => fillConnection(c, supplied, missing));
  return { plan: { ...plan, connections }, missing: [...missing] };
}

function fillConnection(
  plan: ConnectionPlan,
  supplied: SuppliedSecrets,
  missing: Set<string>,
): ConnectionPlan {
  const { connect } = plan;
  const headers = merge(
    Object.entries(connect.headers ?? {}),
    supplied.headers,
    (a, b) => a.toLowerCase() === b.toLowerCase(),
  );
  const query = merge(Object.entries(connect.query ?? {}), supplied.query, (a, b) => a === b);
  for (const [name, value] of headers) if (isMasked(value)) missing.add(`header ${name}`);
  for (const [name, value] of query) if (isMasked(value)) missing.add(`query ${name}`);
  const auth = (nsp: string, value: Json | undefined): Json | undefined => {
    if (!isMasked(value)) return value;
    if (supplied.auth !== undefined) return supplied.auth;
    missing.add(`auth of ${nsp}`);
    return value;
  };
  // The connection's auth goes with each of its namespaces: still masked, it is missing for each.
  let connectAuth = connect.auth;
  for (const nsp of connect.namespaces ?? ['/']) connectAuth = auth(nsp, connect.auth);
  const steps = plan.steps.map((step): ReplayStep => {
    if (step.type !== 'join' || step.auth === undefined) return step;
    return { ...step, auth: auth(step.nsp, step.auth) ?? step.auth };
  });
  const filled: ConnectOptions = {
    ...connect,
    headers: Object.fromEntries(headers),
    query: Object.fromEntries(query),
    ...(connectAuth !== undefined && { auth: connectAuth }),
  };
  return { ...plan, connect: filled, steps };
}

function merge(
  recorded: readonly (readonly [string, string])[],
  supplied: readonly (readonly [string, string])[],
  same: (a: string, b: string) => boolean,
): (readonly [string, string])[] {
  const kept = recorded.filter(([name]) => !supplied.some(([given]) => same(name, given)));
  return [...kept, ...supplied];
}
