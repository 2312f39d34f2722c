import { AppError } from '@pm/errors';
import { PHONE_MESSAGE, PHONE_PATTERN } from '@pm/graphql';
import { requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';

import { personalData } from '../pii/pii.service';
import { Unit } from '../unit/unit.entity';
import { Resident, ResidentKind } from './resident.entity';
import { moveIn, moveOut } from './residency.service';
import { type ResidentsContext } from '../settings';
import { ResidentsErrors } from '../errors';

@InputType()
export class MoveInInput {
  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field(() => ID)
  @IsUUID()
  residentId: string;

  @Field({ defaultValue: false, description: 'Tenants: the lease is signed' })
  leaseSigned: boolean;

  @Field({ defaultValue: false, description: 'Tenants: the safety undertaking (安全责任书) is signed' })
  safetyUndertakingSigned: boolean;
}

@InputType()
export class MoveOutInput {
  @Field(() => ID)
  @IsUUID()
  residentId: string;

  @Field({ description: 'All fees up to the move-out date are settled' })
  feesSettled: boolean;

  @Field({ description: 'The owner was informed and consents (not needed when the owner moves out)' })
  ownerConsent: boolean;
}

/** Documents an owner may have signed (业主档案). */
const ARCHIVE_DOCUMENTS = ['HOUSEHOLD_REGISTER', 'BANK_COLLECTION_AGREEMENT', 'FIRE_SAFETY_AGREEMENT', 'KEY_RECEIPT', 'MANAGEMENT_AGREEMENT', 'DECORATION_AGREEMENT'];

@InputType({ description: 'Owner archive (业主档案): omitted fields keep their value' })
export class OwnerArchiveInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  emergencyContactName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  emergencyContactPhone?: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'birthday must be a date, YYYY-MM-DD' })
  birthday?: string;

  @Field(() => Boolean, { nullable: true, description: 'Bank-collection agreement (银行托收协议) signed' })
  bankCollectionAgreement?: boolean;

  @Field(() => [String], { nullable: true, description: `Documents signed: ${ARCHIVE_DOCUMENTS.join(', ')}` })
  @IsOptional()
  @IsIn(ARCHIVE_DOCUMENTS, { each: true, message: `documentsSigned may hold ${ARCHIVE_DOCUMENTS.join(', ')}` })
  documentsSigned?: string[];
}

@ObjectType()
export class EmergencyContact {
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true, description: 'Masked like every phone' }) phone: string | null;
}

const isStaff = (ctx: ResidentsContext) => ctx.identity.kind === 'staff';

@Resolver(() => Resident)
export class ResidencyResolver {
  @Mutation(() => Unit, { description: '客户入住: occupancy becomes OWNER_OCCUPIED, OFFICE_OCCUPIED or RENTED; tenants need consent, lease and safety undertaking' })
  moveIn(@Arg('input') input: MoveInInput, @Ctx() ctx: ResidentsContext): Promise<Unit> {
    requireRole(ctx.identity, [Role.FRONT_DESK], 'move residents in');
    return moveIn(ctx, input, (unit) => requirePropertyAccess(ctx.identity, unit.propertyId));
  }

  @Mutation(() => Resident, { description: '退租: CONFLICT FEES_NOT_SETTLED or OWNER_CONSENT_REQUIRED; ends the residency and updates occupancy' })
  moveOut(@Arg('input') input: MoveOutInput, @Ctx() ctx: ResidentsContext): Promise<Resident> {
    requireRole(ctx.identity, [Role.FRONT_DESK], 'move residents out');
    return moveOut(ctx, input, (unit) => requirePropertyAccess(ctx.identity, unit.propertyId));
  }

  @Mutation(() => Resident, { description: 'Update the owner archive (业主档案)' })
  async updateOwnerArchive(@Arg('residentId', () => ID) residentId: string, @Arg('input') input: OwnerArchiveInput, @Ctx() ctx: ResidentsContext): Promise<Resident> {
    requireRole(ctx.identity, [Role.FRONT_DESK], 'update owner archives');
    const resident = await ctx.em.findOne(Resident, residentId);
    if (!resident) throw AppError.notFound('Resident', residentId);
    requirePropertyAccess(ctx.identity, resident.propertyId);
    if (resident.kind !== ResidentKind.OWNER && resident.kind !== ResidentKind.COMPANY) throw ResidentsErrors.notAnOwner();
    if (input.emergencyContactName !== undefined) resident.emergencyContactName = input.emergencyContactName?.trim() || null;
    if (input.emergencyContactPhone !== undefined) resident.emergencyContactPhone = input.emergencyContactPhone || null;
    if (input.birthday !== undefined) resident.birthday = input.birthday || null;
    if (input.bankCollectionAgreement !== undefined && input.bankCollectionAgreement !== null) resident.bankCollectionAgreement = input.bankCollectionAgreement;
    if (input.documentsSigned) resident.documentsSigned = [...new Set(input.documentsSigned)].sort();
    await ctx.em.flush();
    return resident;
  }

  @FieldResolver(() => [Resident], { description: 'Owner archive: the household members registered at the same unit (staff only)' })
  household(@Root() resident: Resident, @Ctx() ctx: ResidentsContext): Promise<Resident[]> | Resident[] {
    if (!isStaff(ctx)) return [];
    return ctx
      .loader<string, Resident[]>('household', async (unitIds) => {
        const rows = await ctx.em.find(Resident, { unit: { $in: [...unitIds] }, kind: ResidentKind.HOUSEHOLD_MEMBER, active: true }, { orderBy: { createdAt: 'asc', id: 'asc' } });
        return groupBy(unitIds, rows, (r) => r.unit.id);
      })
      .load(resident.unit.id);
  }

  @FieldResolver(() => EmergencyContact, { nullable: true, description: 'Owner archive (staff only)' })
  async emergencyContact(@Root() resident: Resident, @Ctx() ctx: ResidentsContext): Promise<EmergencyContact | null> {
    if (!isStaff(ctx) || (!resident.emergencyContactName && !resident.emergencyContactPhone)) return null;
    return { name: resident.emergencyContactName, phone: await personalData(ctx, resident, 'emergencyContactPhone') };
  }

  @FieldResolver(() => String, { nullable: true, description: 'Owner archive: YYYY-MM-DD (staff only)' })
  birthday(@Root() resident: Resident, @Ctx() ctx: ResidentsContext): string | null {
    return isStaff(ctx) ? resident.birthday : null;
  }

  @FieldResolver(() => Boolean, { description: 'Owner archive: bank-collection agreement signed' })
  bankCollectionAgreement(@Root() resident: Resident): boolean {
    return resident.bankCollectionAgreement;
  }

  @FieldResolver(() => [String], { description: 'Owner archive: documents signed' })
  documentsSigned(@Root() resident: Resident): string[] {
    return resident.documentsSigned;
  }
}
