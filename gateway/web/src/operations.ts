/**
 * Every GraphQL operation the pages send, in one place. GraphQL Code Generator reads them (the
 * `/* GraphQL *\/` literals) with gateway/schema.graphql and writes their result and variable types
 * to src/generated/graphql.ts; `check-operations.ts` validates each whole document. A schema change
 * breaks the build (types no longer fit the pages), not the page.
 */

const CARD = /* GraphQL */ `
  fragment Card on Ticket {
    id number kind title status urgency severity department assignee createdAt
    unit { code building { name } }
    reporter { name }
    sla { dispatchBy respondBy resolveBy callbackBy breached }
  }
`;

const ROW = /* GraphQL */ `
  fragment Row on Ticket {
    id number kind title status department dueAt unit { code } reporter { name } sla { breached }
  }
`;

export const PROPERTIES = /* GraphQL */ `query Properties { properties { id name } }`;
const BOARD_TICKETS_OPERATION = /* GraphQL */ `
  query Board($p: ID!, $first: Int!, $after: String) {
    tickets(filter: { propertyId: $p, status: [NEW, DISPATCHED, IN_PROGRESS, ON_HOLD, RESOLVED] }, orderBy: DUE, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ...Card } }
    }
  }
`;
export const BOARD_TICKETS = BOARD_TICKETS_OPERATION + CARD;
const BOARD_CHANGES_OPERATION = /* GraphQL */ `
  subscription BoardChanges($f: TicketFilter, $after: String) { ticketChanged(filter: $f, after: $after) { cursor type ticket { ...Card } } }
`;
export const BOARD_CHANGES = BOARD_CHANGES_OPERATION + CARD;
/** The in-app notices for the caller's roles (breaches, escalations, emergencies…), newest first. */
export const NOTICES = /* GraphQL */ `query Notices($p: ID!) { notifications(propertyId: $p, first: 6) { id subject createdAt } }`;
export const UNIT_BY_CODE = /* GraphQL */ `query UnitByCode($p: ID!, $c: String!) { unitByCode(propertyId: $p, code: $c) { id code occupancy residents { id name kind } } }`;
export const CATALOGUE = /* GraphQL */ `query Catalogue($p: ID!) { serviceCatalogue(propertyId: $p) { code name priceFen } }`;
const OPEN_TICKET_OPERATION = /* GraphQL */ `mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { ...Row } }`;
export const OPEN_TICKET = OPEN_TICKET_OPERATION + ROW;
const QUEUE_OPERATION = /* GraphQL */ `
  query Queue($p: ID!, $first: Int!, $after: String) {
    tickets(filter: { propertyId: $p, status: [NEW, DISPATCHED, IN_PROGRESS, ON_HOLD, RESOLVED] }, orderBy: DUE, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ...Row } }
    }
  }
`;
export const QUEUE = QUEUE_OPERATION + ROW;
/** That a ticket of the property changed, nothing more: the desk reads its queue again. */
export const DESK_CHANGES = /* GraphQL */ `subscription DeskChanges($f: TicketFilter) { ticketChanged(filter: $f) { cursor } }`;
export const TICKET_DETAIL = /* GraphQL */ `
  query Detail($id: ID!) { ticket(id: $id) { number title history { from to at by note } sla { dispatchBy respondBy resolveBy callbackBy breached breaches } } }
`;
export const DISPATCH = /* GraphQL */ `mutation Dispatch($id: ID!, $d: Department!) { dispatchTicket(id: $id, department: $d) { id } }`;
export const START = /* GraphQL */ `mutation Start($id: ID!) { startTicket(id: $id) { id } }`;
export const HOLD = /* GraphQL */ `mutation Hold($id: ID!, $until: DateTime!) { holdTicket(id: $id, until: $until) { id } }`;
export const RESOLVE = /* GraphQL */ `mutation Resolve($id: ID!, $note: String!) { resolveTicket(id: $id, note: $note) { id } }`;
export const CALLBACK = /* GraphQL */ `mutation Callback($id: ID!, $s: Satisfaction!) { recordCallback(id: $id, input: { resolved: true, satisfaction: $s }) { id } }`;
