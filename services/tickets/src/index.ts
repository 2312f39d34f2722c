export { startTickets, ticketsService } from './app';
export { ticketsEnvironment } from './environment';
export type { TicketsEnvironment } from './environment';
export { ticketsSchema } from './schema';
export { ticketsSettings } from './settings';
export { SlaScheduler } from './sla/sla.scheduler';
