import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { type z } from 'zod';

/** Every setting the tickets service reads. */
export const ticketsEnvironment = subgraphEnvironment({ port: 4001, database: 'pm_tickets' });

export type TicketsEnvironment = z.infer<typeof ticketsEnvironment>;

export const loadTicketsEnvironment = (): TicketsEnvironment => loadEnvironment(ticketsEnvironment, process.env);
