import { type EntityManager } from '@mikro-orm/postgresql';
import { documentNumber, insertRows, sendStatement, writeInFewerTrips } from '@pm/db';
import { AppError, databaseFailure } from '@pm/errors';
import { Events, type OutboxMessage, outboxMessage } from '@pm/events';
import { settingsOf, type TicketsSettings, type TicketsUseCase } from '../settings';

import { serviceItem } from '../catalogue/catalogue.service';
import { type OpenTicketInput } from './ticket.inputs';
import { refreshNextDeadline } from '../sla/sla.deadlines';
import { Ticket, TICKET_REQUEST_ID_KEY, TicketTransition } from './ticket.entity';
import { escalateSharedIncident, sharesAnIncident } from './ticket.escalation';
import { TicketKind, TicketStatus } from './ticket.enums';
import { urgencyFor } from './ticket.rules';

/**
 * What every new ticket gets when it is opened: its first deadline (set on the ticket), and the rows
 * that go with it, its first history entry and `ticket.opened`'s outbox row, not yet written.
 */
export function openingRows(ticket: Ticket, by: string, note: string, actor: string, settings: TicketsSettings): [TicketTransition, OutboxMessage] {
  // The ticket's clocks start when it was received: its createdAt is "now" for the opening.
  refreshNextDeadline(ticket, ticket.createdAt, settings);
  return [
    Object.assign(new TicketTransition(), { ticketId: ticket.id, to: TicketStatus.NEW, at: ticket.createdAt, by, note }),
    outboxMessage(Events.ticketOpened, {
      ticketId: ticket.id, number: ticket.number, propertyId: ticket.propertyId, kind: ticket.kind, channel: ticket.channel,
      status: ticket.status, unitId: ticket.unitId, reporterId: ticket.reporterId, urgency: ticket.urgency, sourceRef: ticket.sourceRef,
    }, { aggregateId: ticket.id, actor }),
  ];
}

/** openingRows, in the unit of work that creates the ticket. */
export function recordOpening(tx: EntityManager, ticket: Ticket, by: string, note: string, actor: string, settings: TicketsSettings): void {
  for (const row of openingRows(ticket, by, note, actor, settings)) tx.persist(row);
}

/** The catalogue item a paid repair names; the resident is told its price before the work. */
async function quotedService(em: EntityManager, input: OpenTicketInput) {
  if (input.kind !== TicketKind.REPAIR && input.kind !== TicketKind.REQUEST) {
    throw AppError.badInput('serviceCode', 'only a REPAIR or a REQUEST can name a paid service');
  }
  const item = await serviceItem(em, input.propertyId, input.serviceCode!.trim().toUpperCase());
  if (!item || !item.active) throw AppError.badInput('serviceCode', `${input.serviceCode} is not in this property's service catalogue`);
  return item;
}

/** Registers a ticket (受理) and its first history entry in one transaction. */
export async function openTicket(ctx: TicketsUseCase, input: OpenTicketInput, extra: Partial<Pick<Ticket, 'patrolRoundId' | 'location'>> = {}): Promise<Ticket> {
  const { em, identity, clock } = ctx;
  const urgency = urgencyFor(input.kind, input.urgency);
  if ('invalid' in urgency) throw AppError.badInput('urgency', urgency.invalid);
  if (input.incidentKey && input.kind !== TicketKind.COMPLAINT) throw AppError.badInput('incidentKey', 'incidentKey applies to COMPLAINT tickets only');
  // One statement before the transaction: the ticket's number (a sequence is not transactional
  // anyway) and where its unit and reporter are, as far as this service knows yet.
  const lookupReporter = input.reporterId && identity.kind !== 'resident' ? input.reporterId : null;
  // A request sent again (same requestId) finds the ticket it opened, and takes no number.
  const [facts] = (await sendStatement(em,
    `select e.id as existing, case when e.id is null then nextval('ticket_number_seq') end as n,
            u.property_id as unit_property, u.code as unit_code,
            (select r.property_id from resident_directory r where r.resident_id = $1::uuid) as reporter_property
       from (select 1) one left join unit_directory u on u.unit_id = $2::uuid left join ticket e on e.request_id = $3::uuid`,
    [lookupReporter, input.unitId ?? null, input.requestId ?? null],
  )) as { existing: string | null; n: string | null; unit_property: string | null; unit_code: string | null; reporter_property: string | null }[];
  if (facts.existing) return replayed(ctx, input, facts.existing);
  // Units not yet known (their event still on its way) are taken on trust; known ones must match.
  if (input.unitId && facts.unit_property && facts.unit_property !== input.propertyId) {
    throw AppError.badInput('unitId', `Unit ${facts.unit_code} is not in property ${input.propertyId}`);
  }
  // A reporter is someone of this property: naming another property's resident would reveal them.
  if (lookupReporter && facts.reporter_property && facts.reporter_property !== input.propertyId) {
    throw AppError.badInput('reporterId', `Resident ${input.reporterId} does not live in property ${input.propertyId}`);
  }
  const service = input.serviceCode ? await quotedService(em, input) : null;
  const reporterId = identity.kind === 'resident' ? identity.residentId : input.reporterId;
  if (input.appointmentAt && input.appointmentAt.getTime() <= clock.now().getTime()) throw AppError.badInput('appointmentAt', 'appointmentAt must be in the future (the visit agreed with the resident)');
  const settings = await settingsOf(ctx, input.propertyId);
  const ticket = Object.assign(new Ticket(), {
    createdAt: clock.now(),
    number: documentNumber('GD', facts.n!),
    propertyId: input.propertyId,
    kind: input.kind,
    channel: input.channel,
    title: input.title.trim(),
    description: input.description?.trim() || null,
    unitId: input.unitId ?? null,
    reporterId: reporterId ?? null,
    urgency: urgency.urgency,
    incidentKey: input.incidentKey?.trim() || null,
    openedBy: identity.name,
    serviceCode: service?.code ?? null,
    serviceName: service?.name ?? null,
    quotedFeeFen: service?.priceFen ?? null,
    contactPhone: input.contactPhone?.trim() || null,
    appointmentAt: input.appointmentAt ?? null,
    requestId: input.requestId ?? null,
    ...extra,
  } satisfies Partial<Ticket>);
  const note = `registered via ${input.channel}`;
  const opening = sharesAnIncident(ticket)
    // A complaint about a shared incident reads the others and may escalate them: a transaction
    // (BEGIN, the rows and COMMIT still travel together, after the locking read).
    ? writeInFewerTrips(() => em.transactional(async (tx) => {
      tx.persist(ticket);
      await escalateSharedIncident(tx, ticket, identity.name, ticket.createdAt, settings);
      recordOpening(tx, ticket, identity.name, note, identity.sub, settings);
      return ticket;
    }))
    // Anything else only adds rows: the ticket, its history entry and its outbox row in one
    // statement text, one implicit transaction, without a unit of work (issue 14).
    : insertRows(em, [ticket, ...openingRows(ticket, identity.name, note, identity.sub, settings)]).then(() => ticket);
  // The same request sent twice at once: the second one's insert meets the first one's ticket.
  return opening.catch(async (error: unknown) => {
    if (input.requestId && databaseFailure(error)?.constraint === TICKET_REQUEST_ID_KEY) return replayed(ctx, input, undefined);
    throw error;
  });
}

/** The ticket a request id already opened, returned to the caller who sends the request again. */
async function replayed({ em, identity }: TicketsUseCase, input: OpenTicketInput, id: string | undefined): Promise<Ticket> {
  const ticket = await em.findOneOrFail(Ticket, id ? { id } : { requestId: input.requestId! });
  const theirs = ticket.propertyId === input.propertyId && (identity.kind !== 'resident' || ticket.reporterId === identity.residentId);
  if (!theirs) throw AppError.badInput('requestId', 'this requestId was used for another request: make a new one for each ticket');
  return ticket;
}
