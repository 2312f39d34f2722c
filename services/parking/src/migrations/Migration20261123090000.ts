import { Migration } from '@mikro-orm/migrations';

/**
 * One live lease per household across every lot, enforced by the database (concurrent applications
 * naming different lots made two); each lease carries its lot's property for the access policy.
 */
export class Migration20261123090000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "parking_lease" add column "property_id" uuid null;`);
    this.addSql(`update "parking_lease" l set "property_id" = lot."property_id" from "parking_lot" lot where lot."id" = l."lot_id";`);
    this.addSql(`alter table "parking_lease" alter column "property_id" set not null;`);
    // Duplicates made by the race keep the oldest; the rest end as TERMINATED with the reason.
    this.addSql(`with ranked as (
        select id, row_number() over (partition by unit_id order by created_at, id) as n from "parking_lease"
        where status in ('WAITLISTED', 'PENDING_PAYMENT', 'ACTIVE'))
      update "parking_lease" l set status = 'TERMINATED', terminated_at = now(), termination_reason = 'duplicate live lease (one space per household)'
      from ranked where ranked.id = l.id and ranked.n > 1;`);
    this.addSql(`create unique index "parking_lease_one_live_per_unit" on "parking_lease" ("unit_id") where "status" in ('WAITLISTED', 'PENDING_PAYMENT', 'ACTIVE');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "parking_lease_one_live_per_unit";`);
    this.addSql(`alter table "parking_lease" drop column "property_id";`);
  }

}
