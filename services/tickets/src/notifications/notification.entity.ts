import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum NotificationChannel {
  EMAIL = 'EMAIL',
  /** A group robot (WeChat Work 企业微信 / DingTalk 钉钉 style): a JSON POST to its URL. */
  WEBHOOK = 'WEBHOOK',
  /** The in-app feed (`notifications`), read on the board and the desk. */
  IN_APP = 'IN_APP',
}
registerEnumType(NotificationChannel, { name: 'NotificationChannel' });

export enum DeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  /** Gave up after the configured attempts; the last error says why. */
  FAILED = 'FAILED',
  /** Not sent: the channel is not configured, or the event was too old when it arrived (a replay). */
  SKIPPED = 'SKIPPED',
}
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });

/** Who of a property is told, by role, on which channel, at which address. */
@Entity({ tableName: 'notification_recipient' })
@Index({ properties: ['propertyId', 'role'] })
@ObjectType('NotificationRecipient', { description: 'Who of a property is told what their role needs to know, and where' })
export class NotificationRecipient {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  @Field({ description: 'The role whose notifications this recipient receives, e.g. SUPERVISOR or ENGINEER' })
  role: string;

  @Enum({ items: () => NotificationChannel, nativeEnumName: 'notification_channel' })
  @Field(() => NotificationChannel)
  channel: NotificationChannel;

  @Property({ type: 'text' })
  @Field({ description: 'An e-mail address, or the robot webhook URL' })
  address: string;

  @Property()
  @Field()
  name: string;
}

/**
 * One message to one address for one event: written in the consumer's transaction (so a
 * redelivered event writes none: the inbox and the unique key), sent by the sender with retries.
 */
@Entity({ tableName: 'notification_delivery' })
@Unique({ properties: ['eventId', 'channel', 'address'] })
@Index({ properties: ['propertyId', 'createdAt', 'id'] })
@Index({ name: 'notification_delivery_pending_idx', expression: 'create index "notification_delivery_pending_idx" on "notification_delivery" ("next_attempt_at") where "status" = \'PENDING\'' })
@ObjectType('NotificationDelivery', { description: 'One notification to one address: what, when, whether it went out' })
export class NotificationDelivery {
  [OptionalProps]?: 'status' | 'attempts' | 'lastError' | 'sentAt' | 'ticketId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  eventId: string;

  @Property()
  @Field({ description: 'The event that caused it, e.g. tickets.ticket.sla_breached' })
  eventType: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true })
  ticketId: string | null = null;

  @Enum({ items: () => NotificationChannel, nativeEnumName: 'notification_channel' })
  @Field(() => NotificationChannel)
  channel: NotificationChannel;

  @Property({ type: 'text' })
  @Field({ description: 'The address (IN_APP: the roles it is for)' })
  address: string;

  @Property()
  @Field()
  subject: string;

  @Property({ type: 'text' })
  @Field({ description: 'No personal data: ticket numbers, kinds, units and deadlines only' })
  body: string;

  @Enum({ items: () => DeliveryStatus, nativeEnumName: 'delivery_status' })
  @Field(() => DeliveryStatus)
  status: DeliveryStatus = DeliveryStatus.PENDING;

  @Property({ type: 'int' })
  @Field(() => Int)
  attempts: number = 0;

  @Property({ type: 'timestamptz' })
  nextAttemptAt: Date;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  lastError: string | null = null;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  createdAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  sentAt: Date | null = null;
}
