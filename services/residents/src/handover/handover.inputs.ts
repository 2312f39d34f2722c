import { ArrayMaxSize, IsInt, IsNotEmpty, IsOptional, IsUUID, Matches, Max, MaxLength, Min, Validate, ValidateNested } from 'class-validator';
import { PHONE_MESSAGE, PHONE_PATTERN } from '@pm/graphql';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

import { IdNumberConstraint } from '../resident/resident.inputs';
import { HandoverDocument, IdentityDocument } from './handover.entity';

@InputType()
export class HandoverOwnerInput {
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
}

@InputType()
export class PrepaidFeesInput {
  @Field(() => Int, { description: 'Months of management fee paid in advance (the rule: 3)' })
  @IsInt()
  @Min(0)
  @Max(36)
  months: number;

  @Field(() => Int, { description: 'The amount collected, fen' })
  @IsInt()
  @Min(0)
  managementFeeFen: number;

  @Field(() => Int, { nullable: true, description: 'Offices: electricity float, fen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  electricityFloatFen?: number;

  @Field(() => Int, { nullable: true, description: 'Serviced apartments: water float, fen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  waterFloatFen?: number;
}

@InputType()
export class MeterReadingsInput {
  @Field(() => Float)
  @Min(0)
  water: number;

  @Field(() => Float)
  @Min(0)
  electricity: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0)
  gas?: number;
}

@InputType()
export class DefectInput {
  @Field()
  @IsNotEmpty({ message: 'description must say what is wrong and where' })
  @MaxLength(500)
  description: string;

  @Field({ defaultValue: false, description: 'Large defects: within 7 days; small ones: the same day' })
  large: boolean;
}

@InputType()
export class HandOverUnitInput {
  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field(() => HandoverOwnerInput, { nullable: true, description: 'Required when the unit is accepted' })
  @IsOptional()
  @ValidateNested()
  owner?: HandoverOwnerInput;

  @Field(() => [IdentityDocument], { defaultValue: [] })
  identityChecked: IdentityDocument[];

  @Field(() => PrepaidFeesInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  prepaid?: PrepaidFeesInput;

  @Field(() => [HandoverDocument], { defaultValue: [] })
  documentsSigned: HandoverDocument[];

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(50)
  keysIssued: number;

  @Field(() => MeterReadingsInput)
  @ValidateNested()
  meterReadings: MeterReadingsInput;

  @Field(() => [DefectInput], { defaultValue: [] })
  @ArrayMaxSize(200)
  @ValidateNested()
  defects: DefectInput[];

  @Field({ defaultValue: true, description: 'false: the owner does not accept the unit (give refusalReason)' })
  accepted: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  refusalReason?: string;
}
