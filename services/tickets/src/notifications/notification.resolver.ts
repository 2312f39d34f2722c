import { type FilterQuery, raw } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { hasRole, requirePropertyAccess, requireRole, Role, STAFF_ROLES } from '@pm/identity';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';

import { type TicketsContext } from '../settings';
import { DeliveryStatus, NotificationChannel, NotificationDelivery, NotificationRecipient } from './notification.entity';

@InputType()
class NotificationRecipientInput {
  @Field({ description: 'The role whose notices this recipient gets: SUPERVISOR, ENGINEER, PROJECT_MANAGER, …' }) role: string;
  @Field(() => NotificationChannel, { description: 'EMAIL or WEBHOOK (IN_APP needs no recipient)' }) channel: NotificationChannel;
  @Field({ description: 'An e-mail address, or the robot’s https:// webhook URL' }) address: string;
  @Field() name: string;
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** Notifications: who of a property is told what (by role), what went out, and the in-app feed. */
@Resolver()
export class NotificationResolver {
  @Mutation(() => [NotificationRecipient], { description: 'Project manager: who of the property is told what their role needs to know, replacing the list' })
  async setNotificationRecipients(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('recipients', () => [NotificationRecipientInput]) recipients: NotificationRecipientInput[],
    @Ctx() ctx: TicketsContext,
  ): Promise<NotificationRecipient[]> {
    requireRole(ctx.identity, [Role.PROJECT_MANAGER], 'set who is notified');
    requirePropertyAccess(ctx.identity, propertyId);
    if (recipients.length > 200) throw AppError.badInput('recipients', 'at most 200 recipients');
    recipients.forEach((r, i) => {
      if (!(STAFF_ROLES as readonly string[]).includes(r.role)) throw AppError.badInput(`recipients[${i}].role`, `${r.role} is not a staff role`);
      if (r.channel === NotificationChannel.IN_APP) throw AppError.badInput(`recipients[${i}].channel`, 'the in-app feed reaches every role; name EMAIL or WEBHOOK recipients');
      if (r.channel === NotificationChannel.EMAIL && !EMAIL.test(r.address.trim())) throw AppError.badInput(`recipients[${i}].address`, `${r.address} is not an e-mail address`);
      if (r.channel === NotificationChannel.WEBHOOK && !/^https?:\/\/\S+$/.test(r.address.trim())) throw AppError.badInput(`recipients[${i}].address`, 'a webhook is an http(s):// URL');
      if (!r.name.trim()) throw AppError.badInput(`recipients[${i}].name`, 'name must not be empty');
    });
    return ctx.em.transactional(async (tx) => {
      await tx.nativeDelete(NotificationRecipient, { propertyId });
      return recipients.map((r) => tx.create(NotificationRecipient, { propertyId, role: r.role, channel: r.channel, address: r.address.trim(), name: r.name.trim().slice(0, 100) }));
    });
  }

  @Query(() => [NotificationRecipient], { description: 'Who of the property is notified, by role' })
  notificationRecipients(@Arg('propertyId', () => ID) propertyId: string, @Ctx() ctx: TicketsContext): Promise<NotificationRecipient[]> {
    requireRole(ctx.identity, [Role.SUPERVISOR, Role.PROJECT_MANAGER], 'see who is notified');
    requirePropertyAccess(ctx.identity, propertyId);
    return ctx.em.find(NotificationRecipient, { propertyId }, { orderBy: { role: 'asc', channel: 'asc', address: 'asc' } });
  }

  @Query(() => [NotificationDelivery], { description: 'What went out (or did not), newest first: supervisors and the project manager check the channels work' })
  notificationDeliveries(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('status', () => DeliveryStatus, { nullable: true }) status: DeliveryStatus | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: TicketsContext,
  ): Promise<NotificationDelivery[]> {
    requireRole(ctx.identity, [Role.SUPERVISOR, Role.PROJECT_MANAGER], 'see the notification log');
    requirePropertyAccess(ctx.identity, propertyId);
    if (first < 1 || first > 500) throw AppError.badInput('first', 'first must be between 1 and 500');
    return ctx.em.find(NotificationDelivery, { propertyId, ...(status ? { status } : {}) }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first });
  }

  @Query(() => [NotificationDelivery], { description: 'The in-app feed: the notices for the caller’s roles at the property, newest first' })
  async notifications(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: TicketsContext,
  ): Promise<NotificationDelivery[]> {
    requireRole(ctx.identity, [...STAFF_ROLES], 'read notifications');
    requirePropertyAccess(ctx.identity, propertyId);
    if (first < 1 || first > 200) throw AppError.badInput('first', 'first must be between 1 and 200');
    // A notice is for the roles it names (its address), and, like every right, for those whose role implies one of them.
    const roles = Object.values(Role).filter((role) => hasRole(ctx.identity, role)); // enum names: safe in an array literal
    return ctx.em.find(NotificationDelivery, {
      propertyId, channel: NotificationChannel.IN_APP, [raw((alias) => `string_to_array(${alias}.address, ',') && ?::text[]`, [`{${roles.join(',')}}`])]: true,
    } as FilterQuery<NotificationDelivery>, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first });
  }
}
