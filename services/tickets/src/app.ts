import { type Logger } from '@pm/runtime';
import { type RunningSubgraph, type ServiceDefinition, startService } from '@pm/subgraph';

import { type TicketsEnvironment } from './environment';
import { migrations } from './migrations';
import { ticketsSchema } from './schema';
import { Ticket, TicketTransition } from './ticket/ticket.entity';

export const ticketsService: ServiceDefinition = {
  name: 'tickets',
  schema: ticketsSchema,
  entities: [Ticket, TicketTransition],
  migrations,
};

/** Starts the tickets subgraph with its database; `close()` stops everything it started. */
export function startTickets(env: TicketsEnvironment, logger?: Logger): Promise<RunningSubgraph> {
  return startService(ticketsService, env, logger);
}
