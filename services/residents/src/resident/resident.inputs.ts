import { IsNotEmpty, IsOptional, IsUUID, Matches, MaxLength, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isValidIdNumber, PHONE_MESSAGE, PHONE_PATTERN } from '@pm/graphql';
import { Field, ID, InputType } from 'type-graphql';

import { ResidentKind } from './resident.entity';

@ValidatorConstraint({ name: 'idNumber' })
export class IdNumberConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidIdNumber(value);
  }

  defaultMessage(): string {
    return 'idNumber must be an 18-digit identity card number with a valid check digit';
  }
}

@InputType()
export class RegisterResidentInput {
  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field(() => ResidentKind)
  kind: ResidentKind;

  @Field()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Validate(IdNumberConstraint)
  idNumber?: string;

  @Field({ defaultValue: false, description: "Tenants: the owner confirmed the tenancy" })
  ownerConsent: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'Your id for this request, a UUID you make: sending the same request again (after a timeout or a dropped connection) returns the resident it registered instead of registering them twice',
  })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

@InputType({ description: 'The contact details to change; fields left out stay as they are, null clears an optional one' })
export class UpdateResidentContactInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  emergencyContactName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  emergencyContactPhone?: string | null;

  @Field(() => String, { nullable: true, description: 'Why (e.g. "业主来电更换手机号"), kept in the personal-data log' })
  @IsOptional()
  @MaxLength(500)
  reason?: string;
}
