import { type EntityManager, LockMode, type MikroORM } from '@mikro-orm/postgresql';
import { type EventEnvelope } from '@pm/events';
import { type Clock } from '@pm/calendar';
import { type Logger } from '@pm/runtime';

import { type TicketsSettings } from '../settings';
import { UnitDirectoryEntry } from '../units/unit-directory.entity';
import { type DeliveryChannel } from './channels';
import { DeliveryStatus, NotificationChannel, NotificationDelivery, NotificationRecipient } from './notification.entity';
import { noticeOf } from './notification.rules';

/** How notifications go out (from the environment). */
export interface NotifySettings {
  /** Whether an SMTP server is configured (e-mail recipients are skipped without one). */
  emailConfigured: boolean;
  maxAttempts: number;
  /** An event older than this when it arrives (a replay of history) is recorded, not sent. */
  maxEventAgeMinutes: number;
}

/**
 * Writes an event's notifications, in the consumer's transaction: one row per recipient address
 * of the roles it concerns, and one for the in-app feed. A redelivered event writes nothing more
 * (the consumer's inbox; and the (event, channel, address) key).
 */
export async function queueNotifications(
  em: EntityManager, event: EventEnvelope, propertyId: string, unitId: string | null, { notify: settings, calendar }: Pick<TicketsSettings, 'notify' | 'calendar'>, now: Date, receivedAt: Date,
): Promise<number> {
  const code = unitId ? (await em.findOne(UnitDirectoryEntry, { unitId }))?.code ?? null : null;
  const notice = noticeOf(event, code, calendar);
  if (!notice) return 0;
  const body = notice.lines.join('\n');
  // How late the event arrived: both times are real time (stamped at publish and at delivery), not the service's clock.
  const stale = receivedAt.getTime() - Date.parse(event.occurredAt) > settings.maxEventAgeMinutes * 60_000;
  const recipients = await em.find(NotificationRecipient, { propertyId, role: { $in: notice.roles } }, { orderBy: { id: 'asc' } });
  const seen = new Set<string>();
  const base = { eventId: event.id, eventType: event.type, propertyId, ticketId: notice.ticketId, subject: notice.subject, body, createdAt: now, nextAttemptAt: now };
  em.create(NotificationDelivery, { ...base, channel: NotificationChannel.IN_APP, address: notice.roles.join(','), status: DeliveryStatus.SENT, sentAt: now });
  for (const recipient of recipients) {
    const key = `${recipient.channel} ${recipient.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const skipped = stale ? `not sent: the event is from ${event.occurredAt}, older than ${settings.maxEventAgeMinutes} minutes when it arrived`
      : recipient.channel === NotificationChannel.EMAIL && !settings.emailConfigured ? 'not sent: SMTP_URL is not set' : null;
    em.create(NotificationDelivery, { ...base, channel: recipient.channel, address: recipient.address, ...(skipped ? { status: DeliveryStatus.SKIPPED, lastError: skipped } : {}) });
  }
  return seen.size;
}

/**
 * Sends the notifications that are due, a batch at a time: each row locked (FOR UPDATE SKIP LOCKED:
 * replicas never send the same one) while it is sent; a failure is retried with a growing pause
 * (30 s, 1 min, 2 min… at most an hour) until the attempts run out, then FAILED with its last error.
 */
export class NotificationSender {
  constructor(
    private readonly orm: MikroORM,
    private readonly channels: Partial<Record<NotificationChannel, DeliveryChannel>>,
    private readonly clock: Clock,
    private readonly settings: NotifySettings,
    private readonly logger: Logger,
    private readonly batchSize = 20,
  ) {}

  async sendDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const handled = await this.orm.em.fork().transactional(async (tx) => {
        const now = this.clock.now();
        const due = await tx.find(NotificationDelivery, { status: DeliveryStatus.PENDING, nextAttemptAt: { $lte: now } }, {
          orderBy: { nextAttemptAt: 'asc', id: 'asc' }, limit: this.batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
        });
        for (const delivery of due) {
          delivery.attempts += 1;
          try {
            const channel = this.channels[delivery.channel];
            if (!channel) throw new Error(`no ${delivery.channel} channel is configured`);
            await channel.send(delivery.address, delivery.subject, delivery.body);
            delivery.status = DeliveryStatus.SENT;
            delivery.sentAt = this.clock.now();
            delivery.lastError = null;
            sent += 1;
          } catch (error) {
            delivery.lastError = String(error instanceof Error ? error.message : error).slice(0, 500);
            if (delivery.attempts >= this.settings.maxAttempts) {
              delivery.status = DeliveryStatus.FAILED;
              this.logger.error({ deliveryId: delivery.id, channel: delivery.channel, error: delivery.lastError }, 'notification failed for good');
            } else {
              delivery.nextAttemptAt = new Date(now.getTime() + Math.min(3_600_000, 30_000 * 2 ** (delivery.attempts - 1)));
              this.logger.warn({ deliveryId: delivery.id, channel: delivery.channel, attempt: delivery.attempts, error: delivery.lastError }, 'notification failed; will retry');
            }
          }
        }
        return due.length;
      });
      if (handled < this.batchSize) return sent;
    }
  }
}
