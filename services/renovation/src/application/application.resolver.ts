import { connectionOf, PageArgs, paginate } from '@pm/graphql';
import { AppError } from '@pm/errors';
import { maskPhone, mayUnmask, requireReader, requireRole, Role } from '@pm/identity';
import { groupBy, type SubgraphContext } from '@pm/subgraph';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { ResidentRef, UnitRef } from '../federation/references';
import { Contractor, RenovationApplication } from './application.entity';
import { RenovationStatus } from './application.enums';
import { SubmitRenovationInput } from './application.inputs';
import { submitRenovation } from './application.service';

const RenovationApplicationConnection = connectionOf(RenovationApplication, 'RenovationApplication');

@ArgsType()
class RenovationsArgs extends PageArgs {
  @Field(() => ID)
  propertyId: string;

  @Field(() => RenovationStatus, { nullable: true })
  status?: RenovationStatus;
}

// Reads are checked by the access policy (READ_POLICY.RenovationApplication) wherever an application is reached.
@Resolver(() => RenovationApplication)
export class RenovationResolver {
  @Query(() => RenovationApplication, { nullable: true })
  renovation(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<RenovationApplication | null> {
    return ctx.em.findOne(RenovationApplication, id);
  }

  @Query(() => RenovationApplicationConnection, { description: "A property's applications, newest first" })
  renovations(@Args() args: RenovationsArgs, @Ctx() ctx: SubgraphContext) {
    requireReader(ctx.identity, args.propertyId, 'renovation', [Role.FRONT_DESK, Role.ENGINEER, Role.SECURITY, Role.CASHIER], 'renovation applications');
    return paginate(ctx.em, RenovationApplication, { propertyId: args.propertyId, ...(args.status ? { status: args.status } : {}) }, args, [['createdAt', 'desc'], ['id', 'desc']]);
  }

  @Mutation(() => RenovationApplication, { description: '装修申请: register an application' })
  async submitRenovation(@Arg('input') input: SubmitRenovationInput, @Ctx() ctx: SubgraphContext): Promise<RenovationApplication> {
    if (ctx.identity.kind === 'resident') {
      if (!(ctx.identity.unitIds ?? []).includes(input.unitId)) throw AppError.forbidden('Residents apply for their own units only');
    } else requireRole(ctx.identity, [Role.FRONT_DESK], 'register renovation applications');
    return submitRenovation(ctx, input);
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

@Resolver(() => Contractor)
export class ContractorResolver {
  @FieldResolver(() => String, { description: "The responsible person's phone: masked (139****0000) except for a project manager" })
  phone(@Root() contractor: Contractor, @Ctx() ctx: SubgraphContext): string {
    if (!mayUnmask(ctx.identity)) return maskPhone(contractor.phone);
    ctx.logger.info({ audit: 'pii_read', field: 'Contractor.phone', by: ctx.identity.sub }, 'unmasked contractor phone read');
    return contractor.phone;
  }
}

@Resolver(() => UnitRef)
export class UnitRenovationsResolver {
  @FieldResolver(() => [RenovationApplication], { description: "The unit's renovation applications, newest first" })
  renovations(@Root() unit: UnitRef, @Ctx() ctx: SubgraphContext): Promise<RenovationApplication[]> {
    return ctx
      .loader<string, RenovationApplication[]>('renovationsByUnit', async (ids) => {
        const found = await ctx.em.find(RenovationApplication, { unitId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
        return groupBy(ids, found, (a) => a.unitId);
      })
      .load(unit.id);
  }
}
