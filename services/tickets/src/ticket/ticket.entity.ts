import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { Channel, Department, RepairUrgency, TicketKind, TicketStatus } from './ticket.enums';

/** Anything the desk receives: a repair, complaint, request, suggestion, inquiry, patrol finding or rectification. */
@Entity({ tableName: 'ticket' })
@Index({ properties: ['propertyId', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'status', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'kind', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'department', 'createdAt', 'id'] })
@Index({ properties: ['unitId', 'createdAt', 'id'] })
@Index({ properties: ['reporterId', 'createdAt', 'id'] })
@ObjectType('Ticket')
@Directive('@key(fields: "id")')
export class Ticket {
  [OptionalProps]?: 'status' | 'createdAt' | 'description' | 'unitId' | 'reporterId' | 'urgency' | 'incidentKey' | 'department' | 'assignee' | 'dispatchedAt' | 'resolvedAt' | 'closedAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ unique: true })
  @Field()
  number: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Enum({ items: () => TicketKind, nativeEnumName: 'ticket_kind' })
  @Field(() => TicketKind)
  kind: TicketKind;

  @Enum({ items: () => Channel, nativeEnumName: 'channel' })
  @Field(() => Channel)
  channel: Channel;

  @Enum({ items: () => TicketStatus, nativeEnumName: 'ticket_status' })
  @Field(() => TicketStatus)
  status: TicketStatus = TicketStatus.NEW;

  @Property()
  @Field()
  title: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  description: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  unitId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  reporterId: string | null = null;

  @Enum({ items: () => RepairUrgency, nativeEnumName: 'repair_urgency', nullable: true })
  @Field(() => RepairUrgency, { nullable: true, description: 'REPAIR only' })
  urgency: RepairUrgency | null = null;

  @Property({ nullable: true })
  @Field(() => String, { nullable: true, description: 'Complaints about the same incident share it' })
  incidentKey: string | null = null;

  @Enum({ items: () => Department, nativeEnumName: 'department', nullable: true })
  @Field(() => Department, { nullable: true })
  department: Department | null = null;

  @Property({ nullable: true })
  @Field(() => String, { nullable: true })
  assignee: string | null = null;

  /** Who registered it (user id and name), for the history. */
  @Property()
  openedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  dispatchedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  closedAt: Date | null = null;
}

/** One step of a ticket's life: who moved it, when, from which status to which, and why. */
@Entity({ tableName: 'ticket_transition' })
@Index({ properties: ['ticketId', 'at'] })
@ObjectType('TicketTransition')
export class TicketTransition {
  [OptionalProps]?: 'from' | 'note' | 'at';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  ticketId: string;

  @Enum({ items: () => TicketStatus, nativeEnumName: 'ticket_status', nullable: true })
  @Field(() => TicketStatus, { nullable: true })
  from: TicketStatus | null = null;

  @Enum({ items: () => TicketStatus, nativeEnumName: 'ticket_status' })
  @Field(() => TicketStatus)
  to: TicketStatus;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  at: Date = new Date();

  @Property()
  @Field()
  by: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  note: string | null = null;
}
