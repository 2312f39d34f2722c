import { ALL_PROPERTIES, canAccessProperty, type Identity, mayUnmask, PERSONAL_DATA_FIELDS, SAME_FOR_EVERY_STAFF_ROLE } from '@pm/identity';
import {
  type FieldNode, type FragmentDefinitionNode, getNamedType, type GraphQLNamedType, type GraphQLResolveInfo, isObjectType, Kind, print,
  type SelectionNode, visit,
} from 'graphql';


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

/** A board's `ticket { … }` selection, printed, with the fragments it spreads. */
export interface TicketSelection {
  fields: string;
  fragments: string;
  /** Every field it reaches is one of SAME_FOR_EVERY_STAFF_ROLE: staff of any role get the same answer (a project manager too, unless `reachesPersonalData`). */
  sameForEveryStaffRole: boolean;
  /** It reaches a field of PERSONAL_DATA_FIELDS: a project manager is answered unmasked, and audited, as themselves. */
  reachesPersonalData: boolean;
}

/** The `ticket { … }` selection of a ticketChanged operation, to be asked of the graph per change (ticketsQuery). */
export function ticketSelection(info: GraphQLResolveInfo): TicketSelection | null {
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
  const ticket = info.schema.getType('Ticket');
  return {
    fields: selections.map((s) => print(s)).join(' '),
    fragments,
    sameForEveryStaffRole: onlyRoleBlindFields(info, ticket, selections),
    reachesPersonalData: reachesPersonalData(info, ticket, selections),
  };
}

/**
 * Whether `selections` on `type` reach only fields of SAME_FOR_EVERY_STAFF_ROLE (and `__typename`),
 * through fields without arguments, inline fragments and the operation's fragments.
 */
export function onlyRoleBlindFields(info: Pick<GraphQLResolveInfo, 'schema' | 'fragments'>, type: GraphQLNamedType | null | undefined, selections: readonly SelectionNode[]): boolean {
  if (!isObjectType(type)) return false;
  const allowed = SAME_FOR_EVERY_STAFF_ROLE[type.name] ?? [];
  return selections.every((node) => {
    if (node.kind === Kind.FIELD) {
      if (node.name.value === '__typename') return true;
      if (!allowed.includes(node.name.value) || node.arguments?.length) return false;
      const field = type.getFields()[node.name.value];
      return !node.selectionSet || (!!field && onlyRoleBlindFields(info, getNamedType(field.type), node.selectionSet.selections));
    }
    const fragment = node.kind === Kind.INLINE_FRAGMENT ? node : info.fragments[node.name.value];
    if (!fragment) return false;
    const on = fragment.typeCondition ? info.schema.getType(fragment.typeCondition.name.value) : type;
    return onlyRoleBlindFields(info, on, fragment.selectionSet.selections);
  });
}

/**
 * Whether `selections` on `type` reach a field of PERSONAL_DATA_FIELDS, through nested fields, inline
 * fragments and the operation's fragments; a fragment it cannot follow counts as reaching one. It
 * speaks only for role-blind selections (all of SAME_FOR_EVERY_STAFF_ROLE): other fields may hold
 * personal data of their own (an ID number), which visibilityKey never shares.
 */
export function reachesPersonalData(info: Pick<GraphQLResolveInfo, 'schema' | 'fragments'>, type: GraphQLNamedType | null | undefined, selections: readonly SelectionNode[]): boolean {
  if (!isObjectType(type)) return false;
  const personal = PERSONAL_DATA_FIELDS[type.name] ?? [];
  return selections.some((node) => {
    if (node.kind === Kind.FIELD) {
      if (personal.includes(node.name.value)) return true;
      const field = type.getFields()[node.name.value];
      return !!node.selectionSet && !!field && reachesPersonalData(info, getNamedType(field.type), node.selectionSet.selections);
    }
    const fragment = node.kind === Kind.INLINE_FRAGMENT ? node : info.fragments[node.name.value];
    if (!fragment) return true;
    const on = fragment.typeCondition ? info.schema.getType(fragment.typeCondition.name.value) : type;
    return reachesPersonalData(info, on, fragment.selectionSet.selections);
  });
}

/**
 * The selection asked for `count` tickets at once, as `t0`, `t1`, … with variables `$id0`, `$id1`, …:
 * changes waiting for one visibility are resolved in one operation (one fetch per subgraph).
 */
export function ticketsQuery(selection: TicketSelection, count: number): string {
  const ids = Array.from({ length: count }, (_, i) => i);
  return `query TicketChanged(${ids.map((i) => `$id${i}: ID!`).join(', ')}) { ${ids.map((i) => `t${i}: ticket(id: $id${i}) { ${selection.fields} }`).join(' ')} }\n${selection.fragments}`;
}

/**
 * What decides what a caller may see of a ticket — kind, roles, properties, own resident and units,
 * API-key scopes — so two callers with the same key get the same answer. For a selection of fields
 * that answer every staff role alike (`sameForEveryStaffRole`), staff roles do not count. The
 * caller's own id counts only for those whose reads of personal data are unmasked and audited one by
 * one (a project manager): each of them is resolved, and logged, as themselves, unless the selection
 * is role-blind and reaches no personal data (PERSONAL_DATA_FIELDS), which answers them as it
 * answers the property's other staff, with whom they then share.
 */
export function visibilityKey(identity: Identity, selection?: Pick<TicketSelection, 'sameForEveryStaffRole' | 'reachesPersonalData'>): string {
  const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();
  // Beyond those listed fields (an ID number, a log) personal data is not known to be absent.
  const roleBlind = !!selection?.sameForEveryStaffRole;
  const asItself = mayUnmask(identity) && (!roleBlind || !!selection?.reachesPersonalData);
  const anyRole = roleBlind && identity.kind === 'staff' && !asItself;
  return JSON.stringify([
    identity.kind, anyRole ? ['any staff role'] : sorted(identity.roles), sorted(identity.propertyIds), identity.residentId ?? null, sorted(identity.unitIds),
    sorted(identity.scopes), asItself ? identity.sub : null,
  ]);
}

/**
 * The caller as they stand to one ticket: their properties narrowed to the ticket's. What a change's
 * `ticket { … }` reaches — its unit, building, reporter, history — belongs to that property, so the
 * narrowed caller is shown the same as the caller, and never more: narrowing only takes access away.
 * Staff working several properties then share each resolution with everyone of their roles at the
 * ticket's property. An all-properties caller (`*`) stays as they are.
 */
export function narrowToProperty(identity: Identity, propertyId: string): Identity {
  if (identity.propertyIds.includes(ALL_PROPERTIES)) return identity;
  return { ...identity, propertyIds: identity.propertyIds.filter((id) => id === propertyId) };
}

/**
 * Resolutions shared by subscribers who would get the same answer (same visibility, same
 * selection) for the same change: 1,000 boards of 200 desk staff cost one query per change per
 * distinct visibility, not one per board or per person (issue 14). Held per change for the last
 * `maxChanges` changes; keys are short ids handed out once per subscription (`idOf`), so the
 * per-board work of a change is two map lookups.
 */
export class ResolutionCache {
  private readonly changes = new Map<number, Map<string, Promise<unknown>>>();
  private readonly ids = new Map<string, string>();
  private nextId = 0;

  constructor(private readonly maxChanges = 1000, private readonly maxIds = 100_000) {}

  /**
   * A short stand-in for a long key (a visibility and a selection), the same for equal keys and
   * never handed out for another: numbers only grow, so forgetting old keys (beyond `maxIds`) costs
   * some sharing, never a subscriber receiving what was resolved for someone else.
   */
  idOf(key: string): string {
    let id = this.ids.get(key);
    if (id === undefined) {
      if (this.ids.size >= this.maxIds) this.ids.clear();
      id = `#${this.nextId++}`;
      this.ids.set(key, id);
    }
    return id;
  }

  get(seq: number, key: string, load: () => Promise<unknown>): Promise<unknown> {
    let change = this.changes.get(seq);
    if (!change) {
      change = new Map();
      this.changes.set(seq, change);
      if (this.changes.size > this.maxChanges) this.changes.delete(this.changes.keys().next().value!);
    }
    let entry = change.get(key);
    if (!entry) {
      entry = load();
      change.set(key, entry);
    }
    return entry;
  }
}
