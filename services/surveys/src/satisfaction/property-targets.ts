import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { type SurveysSettings } from '../settings';

/** Surveys' copy of a property's own satisfaction targets, fed by tickets' per-property settings. */
@Entity({ tableName: 'property_targets' })
export class PropertyTargets {
  @PrimaryKey({ type: 'uuid' })
  propertyId: string;

  @Property({ type: 'double', nullable: true })
  complaintSatisfaction: number | null = null;

  @Property({ type: 'double', nullable: true })
  repairSatisfaction: number | null = null;
}

/** tickets.property.targets_changed → the targets serviceSatisfaction measures this property against. */
export const propertyTargetsHandler = defineHandler(Events.propertyTargetsChanged, async (em, { propertyId, complaintSatisfaction, repairSatisfaction }) => {
  await em.upsert(PropertyTargets, { propertyId, complaintSatisfaction, repairSatisfaction });
});

/** The satisfaction targets of a property: its own where it set them, the company's otherwise. */
export async function satisfactionTargetsOf(em: EntityManager, settings: SurveysSettings, propertyId: string): Promise<Readonly<Record<string, number>>> {
  const own = await em.findOne(PropertyTargets, { propertyId }, { disableIdentityMap: true });
  if (!own) return settings.satisfactionTargets;
  return {
    ...settings.satisfactionTargets,
    ...(own.complaintSatisfaction !== null ? { COMPLAINT: own.complaintSatisfaction } : {}),
    ...(own.repairSatisfaction !== null ? { REPAIR: own.repairSatisfaction } : {}),
  };
}
