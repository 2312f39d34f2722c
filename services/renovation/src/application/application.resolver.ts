import { AppError } from '@pm/errors';
import { type Identity, requireRole, Role } from '@pm/identity';
import { groupBy, type SubgraphContext } from '@pm/subgraph';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { ResidentRef, UnitRef } from '../federation/references';
import { RenovationApplication } from './application.entity';
import { SubmitRenovationInput } from './application.inputs';
import { submitRenovation } from './application.service';

/** Residents see their own units' applications; staff all (per-property scoping arrives with the unit read-model). */
function canReadApplication(identity: Identity, application: RenovationApplication): boolean {
  if (identity.kind === 'resident') return (identity.unitIds ?? []).includes(application.unitId);
  if (identity.kind === 'integrator') return (identity.scopes ?? []).includes('renovation:read');
  return true;
}

@Resolver(() => RenovationApplication)
export class RenovationResolver {
  @Query(() => RenovationApplication, { nullable: true })
  async renovation(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<RenovationApplication | null> {
    const application = await ctx.em.findOne(RenovationApplication, id);
    return application && canReadApplication(ctx.identity, application) ? application : null;
  }

  @Mutation(() => RenovationApplication, { description: '装修申请: register an application' })
  async submitRenovation(@Arg('input') input: SubmitRenovationInput, @Ctx() ctx: SubgraphContext): Promise<RenovationApplication> {
    if (ctx.identity.kind === 'resident') {
      if (!(ctx.identity.unitIds ?? []).includes(input.unitId)) throw AppError.forbidden('Residents apply for their own units only');
    } else requireRole(ctx.identity, [Role.FRONT_DESK], 'register renovation applications');
    return submitRenovation(ctx.em, ctx.identity, input);
  }

  @FieldResolver(() => UnitRef)
  unit(@Root() application: RenovationApplication): UnitRef {
    return { id: application.unitId };
  }

  @FieldResolver(() => ResidentRef)
  applicant(@Root() application: RenovationApplication): ResidentRef {
    return { id: application.applicantId };
  }
}

@Resolver(() => UnitRef)
export class UnitRenovationsResolver {
  @FieldResolver(() => [RenovationApplication], { description: "The unit's renovation applications, newest first" })
  async renovations(@Root() unit: UnitRef, @Ctx() ctx: SubgraphContext): Promise<RenovationApplication[]> {
    const rows = await ctx
      .loader<string, RenovationApplication[]>('renovationsByUnit', async (ids) => {
        const found = await ctx.em.find(RenovationApplication, { unitId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
        return groupBy(ids, found, (a) => a.unitId);
      })
      .load(unit.id);
    return rows.filter((application) => canReadApplication(ctx.identity, application));
  }
}
