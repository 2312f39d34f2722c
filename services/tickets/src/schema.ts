import { inIdOrder, stubReferences, type SubgraphSchemaOptions } from '@pm/subgraph';

import { CatalogueResolver } from './catalogue/catalogue.resolver';
import { ReportsResolver } from './reports/reports.resolver';
import { Ticket } from './ticket/ticket.entity';
import { ResidentTicketsResolver, TicketResolver, UnitTicketsResolver } from './ticket/ticket.resolver';
import { TicketSlaResolver } from './sla/sla.resolver';
import { TicketWorkflowResolver } from './ticket/ticket-workflow.resolver';

/** The tickets subgraph: everything the desk registers, and its life. */
export const ticketsSchema: SubgraphSchemaOptions = {
  resolvers: [CatalogueResolver, ReportsResolver, TicketResolver, TicketWorkflowResolver, TicketSlaResolver, UnitTicketsResolver, ResidentTicketsResolver],
  references: {
    Ticket: async (ids, ctx) => inIdOrder(ids, await ctx.em.find(Ticket, { id: { $in: [...ids] } })),
    Unit: stubReferences,
    Resident: stubReferences,
  },
};
