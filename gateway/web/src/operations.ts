/**
 * Every GraphQL operation the pages send, in one place: `check-operations.ts` validates each
 * against the composed supergraph (plus the gateway's subscription) at build time, so a schema
 * change breaks the build, not the page.
 */

const CARD = `id number kind title status urgency severity department assignee createdAt
  unit { code building { name } } reporter { name } sla { dispatchBy respondBy resolveBy callbackBy breached }`;
const ROW = 'id number kind title status department unit { code } reporter { name } sla { resolveBy callbackBy breached }';
const OPEN_STATUSES = '[NEW, DISPATCHED, IN_PROGRESS, ON_HOLD, RESOLVED]';

export const PROPERTIES = 'query Properties { properties { id name } }';
export const BOARD_TICKETS = `query Board($p: ID!) { tickets(filter: { propertyId: $p, status: ${OPEN_STATUSES} }, first: 200) { edges { node { ${CARD} } } } }`;
export const BOARD_CHANGES = `subscription BoardChanges($f: TicketFilter, $after: String) { ticketChanged(filter: $f, after: $after) { cursor type ticket { ${CARD} } } }`;
export const UNIT_BY_CODE = 'query UnitByCode($p: ID!, $c: String!) { unitByCode(propertyId: $p, code: $c) { id code occupancy residents { id name kind } } }';
export const CATALOGUE = 'query Catalogue($p: ID!) { serviceCatalogue(propertyId: $p) { code name priceFen } }';
export const OPEN_TICKET = `mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { ${ROW} } }`;
export const QUEUE = `query Queue($p: ID!) { tickets(filter: { propertyId: $p, status: ${OPEN_STATUSES} }, first: 50) { edges { node { ${ROW} } } } }`;
export const TICKET_DETAIL = 'query Detail($id: ID!) { ticket(id: $id) { number title history { from to at by note } sla { dispatchBy respondBy resolveBy callbackBy breached breaches } } }';
export const DISPATCH = 'mutation Dispatch($id: ID!, $d: Department!) { dispatchTicket(id: $id, department: $d) { id } }';
export const START = 'mutation Start($id: ID!) { startTicket(id: $id) { id } }';
export const HOLD = 'mutation Hold($id: ID!, $until: DateTime!) { holdTicket(id: $id, until: $until) { id } }';
export const RESOLVE = 'mutation Resolve($id: ID!, $note: String!) { resolveTicket(id: $id, note: $note) { id } }';
export const CALLBACK = 'mutation Callback($id: ID!, $s: Satisfaction!) { recordCallback(id: $id, input: { resolved: true, satisfaction: $s }) { id } }';
