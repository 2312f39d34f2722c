import { findForRead } from '@pm/db';
import { guardOf } from '@pm/identity';
import { inIdOrder, stubReferences, type SubgraphSchemaOptions } from '@pm/subgraph';

import { CatalogueResolver } from './catalogue/catalogue.resolver';
import { ReportsResolver } from './reports/reports.resolver';
import { type DeadlineExtension, Ticket } from './ticket/ticket.entity';
import { ResidentTicketsResolver, TicketResolver, UnitTicketsResolver } from './ticket/ticket.resolver';
import { TicketSlaResolver } from './sla/sla.resolver';
import { TicketWorkflowResolver } from './ticket/ticket-workflow.resolver';
import { ComplaintResolver } from './ticket/complaint.resolver';
import { PropertySettingsResolver } from './property/property-settings.resolver';
import { NotificationResolver } from './notifications/notification.resolver';
import { PatrolFindingResolver, PatrolRoundFindingsResolver } from './ticket/patrol.resolver';
import { TicketContactResolver } from './ticket/ticket-contact.resolver';
import { type NotificationDelivery, type NotificationRecipient } from './notifications/notification.entity';
import { type TicketPiiAccess } from './ticket/ticket-contact.entity';

/** The tickets subgraph: everything the desk registers, and its life. */
export const ticketsSchema: SubgraphSchemaOptions = {
  resolvers: [CatalogueResolver, ReportsResolver, TicketResolver, TicketWorkflowResolver, ComplaintResolver, PropertySettingsResolver, NotificationResolver, PatrolFindingResolver, PatrolRoundFindingsResolver, TicketContactResolver, TicketSlaResolver, UnitTicketsResolver, ResidentTicketsResolver],
  references: {
    Ticket: async (ids, ctx) => inIdOrder(ids, await findForRead(ctx.em, Ticket, { id: { $in: [...ids] } })),
    Unit: stubReferences,
    Resident: stubReferences,
    PatrolRound: stubReferences,
  },
  guards: {
    Ticket: guardOf('Ticket', (ticket: Ticket) => ({ propertyId: ticket.propertyId, unitId: ticket.unitId, residentId: ticket.reporterId })),
    DeadlineExtension: guardOf('DeadlineExtension', (extension: DeadlineExtension) => ({ propertyId: extension.propertyId })),
    NotificationRecipient: guardOf('NotificationRecipient', (recipient: NotificationRecipient) => ({ propertyId: recipient.propertyId })),
    NotificationDelivery: guardOf('NotificationDelivery', (delivery: NotificationDelivery) => ({ propertyId: delivery.propertyId })),
    TicketPiiAccess: guardOf('TicketPiiAccess', (access: TicketPiiAccess) => ({ propertyId: access.propertyId })),
  },
  uniqueConstraints: {
    service_item_property_code_key: { reason: 'CONCURRENT_UPDATE', message: 'Someone edited this catalogue item at the same moment; try again' },
    ticket_source_ref_unique: { reason: 'ALREADY_OPENED', message: 'A ticket for this source has already been opened' },
    deadline_extension_pending_idx: { reason: 'EXTENSION_PENDING', message: 'This ticket already has an extension waiting for approval' },
  },
};
