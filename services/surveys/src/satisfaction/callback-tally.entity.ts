import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Ticket callbacks (回访) of one property, month and ticket kind, as counted from
 * `tickets.ticket.callback_recorded`: what service satisfaction is computed from.
 */
@Entity({ tableName: 'callback_tally' })
export class CallbackTally {
  @PrimaryKey({ type: 'uuid' })
  propertyId: string;

  /** Local month, YYYY-MM. */
  @PrimaryKey({ type: 'string', length: 7 })
  month: string;

  /** Ticket kind (REPAIR, COMPLAINT, …). */
  @PrimaryKey({ type: 'string', length: 30 })
  kind: string;

  @Property({ type: 'int' })
  callbacks: number = 0;

  @Property({ type: 'int' })
  satisfied: number = 0;

  @Property({ type: 'int' })
  fairlySatisfied: number = 0;

  @Property({ type: 'int' })
  dissatisfied: number = 0;

  /** Callbacks made after their deadline. */
  @Property({ type: 'int' })
  late: number = 0;
}
