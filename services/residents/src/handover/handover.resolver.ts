import { requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';

import { Resident } from '../resident/resident.entity';
import { Unit } from '../unit/unit.entity';
import { Handover, HandoverDefect, MeterReadings } from './handover.entity';
import { HandOverUnitInput } from './handover.inputs';
import { handOverUnit } from './handover.service';
import { type ResidentsContext } from '../settings';

@Resolver(() => Handover)
export class HandoverResolver {
  @Mutation(() => Handover, { description: '入伙: hand a unit over after the joint inspection; each defect becomes a repair ticket' })
  handOverUnit(@Arg('input') input: HandOverUnitInput, @Ctx() ctx: ResidentsContext): Promise<Handover> {
    requireRole(ctx.identity, [Role.FRONT_DESK], 'hand over units');
    return handOverUnit(ctx, input, (unit) => requirePropertyAccess(ctx.identity, unit.propertyId));
  }

  @FieldResolver(() => Unit)
  unit(@Root() handover: Handover, @Ctx() ctx: ResidentsContext): Promise<Unit | null> {
    return ctx.reference('Unit').load(handover.unitId) as Promise<Unit | null>;
  }

  @FieldResolver(() => Resident, { nullable: true, description: 'The owner registered by an accepted hand-over' })
  owner(@Root() handover: Handover, @Ctx() ctx: ResidentsContext): Promise<Resident | null> | null {
    return handover.ownerId ? (ctx.reference('Resident').load(handover.ownerId) as Promise<Resident | null>) : null;
  }

  @FieldResolver(() => MeterReadings)
  meterReadings(@Root() handover: Handover): MeterReadings {
    return { water: handover.waterReading, electricity: handover.electricityReading, gas: handover.gasReading };
  }

  @FieldResolver(() => [HandoverDefect])
  defects(@Root() handover: Handover, @Ctx() ctx: ResidentsContext): Promise<HandoverDefect[]> {
    return ctx
      .loader<string, HandoverDefect[]>('handover-defects', async (ids) =>
        groupBy(ids, await ctx.em.find(HandoverDefect, { handoverId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }), (d) => d.handoverId))
      .load(handover.id);
  }
}

@Resolver(() => Unit)
export class UnitHandoverResolver {
  @FieldResolver(() => Handover, { nullable: true, description: 'The latest hand-over (or refused attempt) with its reason' })
  handover(@Root() unit: Unit, @Ctx() ctx: ResidentsContext): Promise<Handover | null> | null {
    return ctx
      .loader<string, Handover | null>('latest-handover', async (ids) => {
        const rows = await ctx.em.find(Handover, { unitId: { $in: [...ids] } }, { orderBy: { at: 'asc', id: 'asc' } });
        const latest = new Map(rows.map((h) => [h.unitId, h]));
        return ids.map((id) => latest.get(id) ?? null);
      })
      .load(unit.id);
  }
}
