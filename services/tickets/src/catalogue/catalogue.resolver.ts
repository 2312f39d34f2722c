import { canRead, requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { AppError } from '@pm/errors';
import { IsOptional, IsUUID, MaxLength } from 'class-validator';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';

import { catalogueOf, setServiceItem } from './catalogue.service';
import { ServiceCategory, ServiceItem } from './service-item.entity';
import { type TicketsContext } from '../settings';

@InputType({ description: "A property's edit of its catalogue: omitted fields keep their current value" })
export class ServiceItemInput {
  @Field(() => ID)
  @IsUUID()
  propertyId: string;

  @Field({ description: 'An existing code edits that item; a new one adds an item' })
  @MaxLength(20)
  code: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  name?: string;

  @Field(() => ServiceCategory, { nullable: true })
  category?: ServiceCategory;

  @Field(() => Int, { nullable: true })
  priceFen?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(10)
  unit?: string;

  @Field(() => Boolean, { nullable: true, description: 'false withdraws the item from the catalogue' })
  active?: boolean;
}

@Resolver(() => ServiceItem)
export class CatalogueResolver {
  @Query(() => [ServiceItem], { description: "特约服务: the property's paid-service catalogue, by code" })
  serviceCatalogue(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('category', () => ServiceCategory, { nullable: true }) category: ServiceCategory | undefined,
    @Arg('includeInactive', { defaultValue: false }) includeInactive: boolean,
    @Ctx() ctx: TicketsContext,
  ): Promise<ServiceItem[]> {
    // Residents see the prices of their own property; staff and integrators those they may read.
    if (!canRead(ctx.identity, propertyId, 'tickets')) throw AppError.forbidden(`You may not read the catalogue of property ${propertyId}`);
    return catalogueOf(ctx.em, propertyId, { category, includeInactive });
  }

  @Mutation(() => ServiceItem, { description: "Edit the property's catalogue (price, name, unit, withdraw) or add an item" })
  setServiceItem(@Arg('input') input: ServiceItemInput, @Ctx() ctx: TicketsContext): Promise<ServiceItem> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'edit the service catalogue');
    requirePropertyAccess(ctx.identity, input.propertyId);
    return setServiceItem(ctx, input);
  }
}
