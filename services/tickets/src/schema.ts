import { inIdOrder, stubReferences, type SubgraphSchemaOptions } from '@pm/subgraph';

import { Ticket } from './ticket/ticket.entity';
import { ResidentTicketsResolver, TicketResolver, UnitTicketsResolver } from './ticket/ticket.resolver';

/** The tickets subgraph: everything the desk registers, and its life. */
export const ticketsSchema: SubgraphSchemaOptions = {
  resolvers: [TicketResolver, UnitTicketsResolver, ResidentTicketsResolver],
  references: {
    Ticket: async (ids, ctx) => inIdOrder(ids, await ctx.em.find(Ticket, { id: { $in: [...ids] } })),
    Unit: stubReferences,
    Resident: stubReferences,
  },
};
