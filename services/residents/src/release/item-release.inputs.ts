import { ArrayMaxSize, ArrayMinSize, IsInt, IsNotEmpty, IsOptional, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

import { CarrierRelation, ConfirmationMethod, ReleaseReason } from './item-release.entity';

@InputType()
export class ReleasedItemInput {
  @Field()
  @IsNotEmpty({ message: 'name must say what is carried out' })
  @MaxLength(100)
  name: string;

  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  quantity: number;
}

@InputType()
export class OwnerConfirmationInput {
  @Field(() => ConfirmationMethod)
  method: ConfirmationMethod;

  @Field(() => Date)
  at: Date;

  @Field(() => String, { nullable: true, description: "Who confirmed if not the owner (the contractor's responsible person)" })
  @IsOptional()
  @MaxLength(100)
  confirmedBy?: string;
}

@InputType()
export class ItemReleasePassInput {
  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field()
  @IsNotEmpty({ message: 'carrierName must not be empty' })
  @MaxLength(100)
  carrierName: string;

  @Field(() => CarrierRelation)
  carrierRelation: CarrierRelation;

  @Field(() => ReleaseReason)
  reason: ReleaseReason;

  @Field(() => [ReleasedItemInput])
  @ArrayMinSize(1, { message: 'items must list at least one item' })
  @ArrayMaxSize(200)
  @ValidateNested()
  items: ReleasedItemInput[];

  @Field({ description: 'All fees settled (required for a move-out)' })
  feesSettled: boolean;

  @Field(() => ID, { nullable: true, description: 'MOVE_OUT: the resident moving out, whose move-out (moveOut) is registered' })
  @IsOptional()
  @IsUUID()
  movingOutResidentId?: string;

  @Field(() => Date, { nullable: true, description: 'Valid at the gate until then (at most the configured hours, 24 by default, which is also the default)' })
  @IsOptional()
  validUntil?: Date;

  @Field(() => OwnerConfirmationInput, { nullable: true, description: 'Required when the carrier is not the owner' })
  @IsOptional()
  @ValidateNested()
  ownerConfirmation?: OwnerConfirmationInput;
}

@InputType({ description: 'What the guard sees leaving, checked against the pass' })
export class CheckReleasePassInput {
  @Field({ description: 'The pass number (FX-…), from the guard\'s copy' })
  @IsNotEmpty({ message: 'number must not be empty' })
  @MaxLength(40)
  number: string;

  @Field(() => [ReleasedItemInput], { description: 'The goods leaving' })
  @ArrayMinSize(1, { message: 'items must list at least one item' })
  @ArrayMaxSize(200)
  @ValidateNested()
  items: ReleasedItemInput[];

  @Field({ description: "The carrier's signature (their name as signed)" })
  @IsNotEmpty({ message: 'carrierSignature must not be empty: the carrier signs the guard\'s copy' })
  @MaxLength(200)
  carrierSignature: string;
}
