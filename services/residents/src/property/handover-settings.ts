import { LockMode } from '@mikro-orm/postgresql';
import { PropertySettingsChange, settingsChanges } from '@pm/db';
import { AppError } from '@pm/errors';
import { requirePropertyAccess, requireRole, Role, STAFF_ROLES } from '@pm/identity';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';

import { type ResidentsContext, type ResidentsSettings } from '../settings';
import { Estate } from './property.entity';

/** What a property may set differently from the company for hand-overs (入伙). */
export interface HandoverOverrides {
  prepaidMonths?: number;
  officeElectricityFloatFen?: number;
  apartmentWaterFloatFen?: number;
}

const KEYS = ['prepaidMonths', 'officeElectricityFloatFen', 'apartmentWaterFloatFen'] as const;

/** The company's hand-over numbers with a property's own on top. */
export function handoverSettingsOf(company: ResidentsSettings, overrides: HandoverOverrides | null | undefined): ResidentsSettings {
  if (!overrides || !Object.keys(overrides).length) return company;
  return {
    ...company,
    handoverPrepaidMonths: overrides.prepaidMonths ?? company.handoverPrepaidMonths,
    officeElectricityFloatFen: overrides.officeElectricityFloatFen ?? company.officeElectricityFloatFen,
    apartmentWaterFloatFen: overrides.apartmentWaterFloatFen ?? company.apartmentWaterFloatFen,
  };
}

@ObjectType({ description: 'The hand-over (入伙) numbers a property works by: the company’s, with its own on top' })
class HandoverSettings {
  @Field(() => Int, { description: 'Months of management fee collected in advance' }) prepaidMonths: number;
  @Field(() => Int, { description: 'Offices: electricity float, fen' }) officeElectricityFloatFen: number;
  @Field(() => Int, { description: 'Serviced apartments: water float, fen' }) apartmentWaterFloatFen: number;
  @Field(() => [String], { description: 'What this property changed from the company’s' }) overridden: string[];
}

@InputType({ description: 'Hand-over numbers to change; `reset` returns some to the company’s' })
class HandoverSettingsInput {
  @Field(() => Int, { nullable: true }) prepaidMonths?: number;
  @Field(() => Int, { nullable: true }) officeElectricityFloatFen?: number;
  @Field(() => Int, { nullable: true }) apartmentWaterFloatFen?: number;
  @Field(() => [String], { nullable: true }) reset?: string[];
  @Field(() => String, { nullable: true, description: 'Why, for the audit' }) reason?: string;
}

/** A property's own hand-over numbers: read by its staff, set by its project manager (audited), used by handOverUnit. */
@Resolver(() => Estate)
export class HandoverSettingsResolver {
  @FieldResolver(() => HandoverSettings, { description: 'The hand-over numbers this property works by (staff)' })
  handoverSettings(@Root() property: Estate, @Ctx() ctx: ResidentsContext): HandoverSettings {
    requireRole(ctx.identity, [...STAFF_ROLES], "see a property's hand-over numbers");
    const s = handoverSettingsOf(ctx.settings, property.handoverOverrides);
    return { prepaidMonths: s.handoverPrepaidMonths, officeElectricityFloatFen: s.officeElectricityFloatFen, apartmentWaterFloatFen: s.apartmentWaterFloatFen, overridden: Object.keys(property.handoverOverrides ?? {}).sort() };
  }

  @Mutation(() => Estate, { description: 'Project manager: this property’s own hand-over numbers (prepaid months, floats), audited' })
  async setHandoverSettings(@Arg('propertyId', () => ID) propertyId: string, @Arg('input') input: HandoverSettingsInput, @Ctx() ctx: ResidentsContext): Promise<Estate> {
    requireRole(ctx.identity, [Role.PROJECT_MANAGER], "change a property's hand-over numbers");
    requirePropertyAccess(ctx.identity, propertyId);
    return ctx.em.transactional(async (tx) => {
      const property = await tx.findOne(Estate, propertyId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!property) throw AppError.notFound('Property', propertyId);
      const before: HandoverOverrides = { ...property.handoverOverrides };
      const next: HandoverOverrides = { ...before };
      for (const key of KEYS) {
        const value = input[key];
        if (value === undefined || value === null) continue;
        const max = key === 'prepaidMonths' ? 36 : 10_000_000;
        if (!Number.isInteger(value) || value < 0 || value > max) throw AppError.badInput(key, `${key} must be a whole number from 0 to ${max}`);
        next[key] = value;
      }
      for (const name of input.reset ?? []) {
        if (!(KEYS as readonly string[]).includes(name)) throw AppError.badInput('reset', `${name} is not a hand-over setting`);
        delete next[name as keyof HandoverOverrides];
      }
      const changes = settingsChanges({ ...before }, { ...next });
      if (!Object.keys(changes).length) throw AppError.badInput('input', 'nothing to change');
      property.handoverOverrides = next;
      tx.create(PropertySettingsChange, { propertyId, by: ctx.identity.name, at: ctx.clock.now(), changes, reason: input.reason ?? null });
      return property;
    });
  }
}
