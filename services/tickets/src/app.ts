import { type Clock, systemClock } from '@pm/calendar';
import { createLogger, type Logger } from '@pm/runtime';
import { PeriodicTask, type RunningService, type ServiceDefinition, type ServiceRuntime, startService } from '@pm/subgraph';

import { type TicketsEnvironment } from './environment';
import { migrations } from './migrations';
import { type TicketsSettings, ticketsSettings } from './settings';
import { ticketsSchema } from './schema';
import { SlaScheduler } from './sla/sla.scheduler';
import { handoverDefectHandler } from './units/handover-defect.handler';
import { renovationViolationHandler } from './units/renovation-violation.handler';
import { rectificationHandler, visitActionHandler } from './units/surveys.handlers';
import { residentRegisteredHandler } from './units/resident-registered.handler';
import { ResidentDirectoryEntry } from './units/resident-directory.entity';
import { unitAddedHandler } from './units/unit-added.handler';
import { UnitDirectoryEntry } from './units/unit-directory.entity';
import { ServiceItem } from './catalogue/service-item.entity';
import { TicketCallback } from './ticket/ticket-callback.entity';
import { DeadlineExtension, Ticket, TicketTransition } from './ticket/ticket.entity';
import { PropertySettingsRow } from './property/property-settings.entity';
import { PropertySettingsChange } from '@pm/db';
import { SmtpChannel, WebhookChannel } from './notifications/channels';
import { NotificationChannel, NotificationDelivery, NotificationRecipient } from './notifications/notification.entity';
import { breachNotices, emergencyRepairNotices, escalationNotices, extensionRequestNotices } from './notifications/notification.handlers';
import { NotificationSender } from './notifications/notify';
import { TicketPiiAccess } from './ticket/ticket-contact.entity';

export const ticketsService: ServiceDefinition<TicketsSettings> = {
  name: 'tickets',
  schema: ticketsSchema,
  entities: [Ticket, TicketTransition, DeadlineExtension, PropertySettingsRow, PropertySettingsChange, NotificationRecipient, NotificationDelivery, TicketPiiAccess, TicketCallback, ServiceItem, UnitDirectoryEntry, ResidentDirectoryEntry],
  migrations,
  consumes: [
    unitAddedHandler, residentRegisteredHandler, handoverDefectHandler, renovationViolationHandler, rectificationHandler, visitActionHandler,
    breachNotices, escalationNotices, emergencyRepairNotices, extensionRequestNotices,
  ],
};

/** Starts the tickets subgraph with its database; `close()` stops everything it started. */
export function startTickets(env: TicketsEnvironment, logger?: Logger, options: { clock?: Clock } = {}): Promise<RunningService> {
  const log = logger ?? createLogger('tickets', env.LOG_LEVEL);
  const runtime: ServiceRuntime<TicketsSettings> = { clock: options.clock ?? systemClock, settings: ticketsSettings(env) };
  return startService(ticketsService, env, log, async (orm) => {
    const scheduler = new SlaScheduler(orm, runtime);
    const task = new PeriodicTask('SLA scan', () => scheduler.scanOnce(), log, env.SLA_SCAN_SECONDS * 1000).start();
    const email = env.SMTP_URL ? new SmtpChannel(env.SMTP_URL, env.NOTIFY_FROM, env.NOTIFY_TIMEOUT_MS) : undefined;
    const sender = new NotificationSender(orm, { [NotificationChannel.EMAIL]: email, [NotificationChannel.WEBHOOK]: new WebhookChannel(env.NOTIFY_TIMEOUT_MS) }, runtime.clock, runtime.settings.notify, log);
    const notifications = new PeriodicTask('notifications', () => sender.sendDue(), log, env.NOTIFY_SCAN_SECONDS * 1000).start();
    return [
      { name: 'SLA scheduler', close: () => task.stop(), metrics: () => scheduler.metrics() },
      { name: 'notification sender', close: async () => { await notifications.stop(); email?.close(); } },
    ];
  }, runtime);
}
