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

  @Field(() => OwnerConfirmationInput, { nullable: true, description: 'Required when the carrier is not the owner' })
  @IsOptional()
  @ValidateNested()
  ownerConfirmation?: OwnerConfirmationInput;
}
