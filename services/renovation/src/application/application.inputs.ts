import { ArrayMinSize, IsInt, IsNotEmpty, IsOptional, IsUUID, Matches, Max, MaxLength, Min, ValidateBy, ValidateNested } from 'class-validator';
import { isValidIdNumber, PHONE_MESSAGE, PHONE_PATTERN } from '@pm/graphql';
import { Field, ID, InputType, Int } from 'type-graphql';

import { DocumentType, RenovationWorkItem, UndertakingType, ViolationSeverity } from './application.enums';

@InputType()
export class ContractorInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Field()
  @IsNotEmpty()
  @MaxLength(64)
  licenseNo: string;

  @Field()
  @IsNotEmpty()
  @MaxLength(100)
  responsiblePerson: string;

  @Field()
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone: string;
}

@InputType()
export class SubmitRenovationInput {
  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field(() => ID)
  @IsUUID()
  applicantId: string;

  @Field(() => [RenovationWorkItem])
  @ArrayMinSize(1, { message: 'workItems must name at least one kind of work' })
  workItems: RenovationWorkItem[];

  @Field({ description: 'The owner does the work without a contractor (自装)' })
  selfBuild: boolean;

  @Field(() => ContractorInput, { nullable: true, description: 'Required unless selfBuild' })
  @IsOptional()
  @ValidateNested()
  contractor?: ContractorInput;

  @Field(() => [DocumentType], { defaultValue: [] })
  providedDocuments: DocumentType[];

  @Field(() => [UndertakingType], { defaultValue: [], description: 'Undertakings signed at the desk (more can be added later)' })
  signedUndertakings: UndertakingType[];

  @Field({ defaultValue: false, description: "A tenant, household member or company applies with the owner's power of attorney" })
  ownerAuthorised: boolean;

  @Field(() => Int, { defaultValue: 0, description: 'Worker passes (出入证) to issue with the permit, charged per pass' })
  @IsInt()
  @Min(0)
  @Max(200)
  workerPasses: number;
}

@InputType({ description: 'A worker registered with the permit (出入证)' })
export class WorkerInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @Field({ description: 'Resident identity card number (18 characters)' })
  @ValidateBy({ name: 'isIdNumber', validator: { validate: (v: unknown) => typeof v === 'string' && isValidIdNumber(v.toUpperCase()), defaultMessage: () => 'idNumber must be a valid 18-character resident identity number' } })
  idNumber: string;
}

@InputType()
export class ViolationInput {
  @Field(() => ViolationSeverity)
  severity: ViolationSeverity;

  @Field()
  @IsNotEmpty()
  description: string;

  @Field(() => Int, { defaultValue: 0, description: 'Penalty per the management agreement (SERIOUS), fen' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  penaltyFen: number;

  @Field(() => Date, { nullable: true, description: 'SERIOUS: when the owner was phoned (first)' })
  ownerNotifiedAt?: Date;

  @Field(() => Date, { nullable: true, description: 'SERIOUS: when the contractor was told' })
  contractorNotifiedAt?: Date;

  @Field({ defaultValue: false })
  ownerSigned: boolean;

  @Field({ defaultValue: false })
  contractorSigned: boolean;
}

@InputType()
export class HotWorkInput {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  until: Date;

  @Field()
  @IsNotEmpty()
  @MaxLength(200)
  location: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(100)
  fireWatch?: string;
}

@InputType({ description: 'The refund of the deposit (押金退还): deductions and the three signatures' })
export class RefundInput {
  @Field(() => Int, { defaultValue: 0, description: 'Damage to common areas or neighbours, fen' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  damageFen: number;

  @Field(() => Int, { defaultValue: 0, description: 'Unpaid utilities and other charges, fen' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  unpaidChargesFen: number;

  @Field({ defaultValue: false, description: 'The contractor asked for the refund' })
  requestedByContractor: boolean;

  @Field({ defaultValue: false, description: 'The owner agrees (needed when the contractor asks)' })
  ownerConsent: boolean;

  @Field()
  ownerSigned: boolean;

  @Field()
  contractorSigned: boolean;

  @Field()
  managerSigned: boolean;

  @Field({ nullable: true })
  @IsOptional()
  note?: string;
}

@InputType({ description: "A property's renovation fees, fen" })
export class FeeScheduleInput {
  @Field(() => Int) @IsInt() @Min(0) @Max(100_000_000) depositFen: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(100_000_000) debrisRemovalFen: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(100_000_000) workerPassFen: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(100_000_000) airConditioningChangeFen: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(100_000_000) fireWaterDrainFen: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(100_000_000) fireLinkageFen: number;
}
