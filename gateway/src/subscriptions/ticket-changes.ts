import { type ApolloServer } from '@apollo/server';
import { canAccessProperty, type Identity, mayUnmask } from '@pm/identity';
import {
  type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, print, type SelectionNode, visit,
} from 'graphql';

import { type GatewayContext } from '../server';
import { BoundedQueue } from './bounded-queue';
import { encodeChangeCursor, type TicketEvent, type TicketFeed } from './ticket-feed';

/** CONTRACT.md `TicketFilter`, as a subscriber may pass it. */
export interface TicketFilterArgs {
  propertyId?: string;
  kind?: string;
  status?: string[];
  department?: string;
  severity?: string;
  unitId?: string;
}

/** Whether the event's ticket may be shown to `identity`, judged on the event alone (the query checks again). */
export function mayReceive(identity: Identity, payload: Record<string, unknown>): boolean {
  if (identity.kind === 'resident') return Boolean(identity.residentId) && payload.reporterId === identity.residentId;
  if (identity.kind === 'integrator' && !(identity.scopes ?? []).includes('tickets:read')) return false;
  return typeof payload.propertyId === 'string' && canAccessProperty(identity, payload.propertyId);
}

/** Whether the event matches the subscriber's filter (fields an event does not carry do not match). */
export function matchesFilter(filter: TicketFilterArgs | undefined, payload: Record<string, unknown>): boolean {
  if (!filter) return true;
  const equal = (key: keyof TicketFilterArgs) => filter[key] === undefined || filter[key] === null || filter[key] === payload[key];
  return (
    equal('propertyId') && equal('kind') && equal('department') && equal('severity') && equal('unitId') &&
    (!filter.status?.length || filter.status.includes(payload.status as string))
  );
}

/** The `ticket { … }` selection of a ticketChanged operation as a standalone `ticket(id:)` query. */
export function ticketQuery(info: GraphQLResolveInfo): string | null {
  const selections: SelectionNode[] = [];
  const collect = (nodes: readonly SelectionNode[]) => {
    for (const node of nodes) {
      if (node.kind === Kind.FIELD && node.name.value === 'ticket' && node.selectionSet) selections.push(...node.selectionSet.selections);
      else if (node.kind === Kind.INLINE_FRAGMENT) collect(node.selectionSet.selections);
      else if (node.kind === Kind.FRAGMENT_SPREAD) collect(info.fragments[node.name.value]?.selectionSet.selections ?? []);
    }
  };
  for (const field of info.fieldNodes) collect(field.selectionSet?.selections ?? []);
  if (!selections.length) return null;
  const used = new Set<string>();
  const addFragments = (node: unknown) =>
    visit(node as FieldNode, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        addFragments(info.fragments[spread.name.value]);
      },
    });
  selections.forEach(addFragments);
  const fragments = [...used].map((name) => print(info.fragments[name] as FragmentDefinitionNode)).join('\n');
  return `query TicketChanged($id: ID!) { ticket(id: $id) { ${selections.map((s) => print(s)).join(' ')} } }\n${fragments}`;
}

/**
 * What decides what a caller may see of a ticket — kind, roles, properties, own resident and units,
 * API-key scopes — so two callers with the same key get the same answer. The caller's own id
 * counts only for those whose reads of personal data are unmasked and audited one by one (a
 * project manager): each of them is resolved, and logged, as themselves.
 */
export function visibilityKey(identity: Identity): string {
  const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();
  return JSON.stringify([
    identity.kind, sorted(identity.roles), sorted(identity.propertyIds), identity.residentId ?? null, sorted(identity.unitIds), sorted(identity.scopes),
    mayUnmask(identity) ? identity.sub : null,
  ]);
}

/**
 * Resolutions shared by subscribers who would get the same answer (same visibility, same
 * selection) for the same event: 1,000 boards of 200 desk staff cost one query per change per
 * distinct visibility, not one per board or per person (issue 14).
 */
export class ResolutionCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = 5000) {}

  get(key: string, load: () => Promise<unknown>): Promise<unknown> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = load();
      this.entries.set(key, entry);
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }
}

export interface TicketChange {
  cursor: string;
  type: string;
  at: string;
  ticket: unknown;
}

/**
 * The changes one subscriber receives: what it missed after `afterSeq` first, then live ones (never
 * twice), each filtered, access-checked and resolved through the federated graph as the subscriber.
 */
export async function* ticketChanges(options: {
  feed: TicketFeed;
  apollo: ApolloServer<GatewayContext>;
  identity: Identity;
  /** visibilityKey(identity), computed once per subscription. */
  visibility: string;
  filter?: TicketFilterArgs;
  afterSeq?: number;
  query: string | null;
  bufferSize: number;
  cache: ResolutionCache;
  /** Whether the client's socket still holds too much unsent data (a slow reader). */
  backedUp: () => boolean;
  onOverflow: () => void;
}): AsyncGenerator<{ ticketChanged: TicketChange }> {
  const live = new BoundedQueue<TicketEvent>(options.bufferSize, options.onOverflow);
  const stopListening = options.feed.listen((item) => {
    if (options.backedUp()) {
      live.close();
      options.onOverflow();
    } else live.push(item);
  });
  let last = options.afterSeq ?? 0;
  const resolve = async ({ seq, event }: TicketEvent) => {
    const payload = event.payload as Record<string, unknown>;
    if (!mayReceive(options.identity, payload) || !matchesFilter(options.filter, payload)) return null;
    let ticket: unknown = { id: event.aggregateId };
    if (options.query) {
      const query = options.query;
      ticket = await options.cache.get(`${seq}|${options.visibility}|${query}`, async () => {
        const response = await options.apollo.executeOperation({ query, variables: { id: event.aggregateId } }, { contextValue: { identity: options.identity } });
        return response.body.kind === 'single' ? response.body.singleResult.data?.ticket : null;
      });
      if (!ticket) return null;
    }
    return { ticketChanged: { cursor: encodeChangeCursor(seq), type: event.type, at: event.occurredAt, ticket } };
  };
  try {
    if (options.afterSeq !== undefined) {
      for await (const item of options.feed.replay(options.afterSeq)) {
        last = item.seq;
        const change = await resolve(item);
        if (change) yield change;
      }
    }
    for await (const item of live) {
      if (item.seq <= last) continue;
      last = item.seq;
      const change = await resolve(item);
      if (change) yield change;
    }
  } finally {
    stopListening();
    live.close();
  }
}
