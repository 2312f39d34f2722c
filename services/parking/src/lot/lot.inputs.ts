import { ArrayMaxSize, ArrayMinSize, IsInt, IsNotEmpty, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

import { LeaseTerm, SpaceKind } from '../lease/lease.enums';

const SPACE_CODE = /^[A-Za-z0-9-]{1,20}$/;
const SPACE_CODE_MESSAGE = 'each space code may hold letters, digits and dashes (at most 20)';

@InputType()
export class CreateParkingLotInput {
  @Field(() => ID)
  @IsUUID()
  propertyId: string;

  @Field()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => [String], { description: 'Codes of the (standard) spaces, e.g. B1-001; other kinds with addParkingSpaces' })
  @ArrayMinSize(1, { message: 'spaceCodes must list at least one space' })
  @ArrayMaxSize(5000)
  @Matches(SPACE_CODE, { each: true, message: SPACE_CODE_MESSAGE })
  spaceCodes: string[];
}

@InputType()
export class ParkingSpaceInput {
  @Field()
  @Matches(SPACE_CODE, { message: SPACE_CODE_MESSAGE })
  code: string;

  @Field(() => SpaceKind, { defaultValue: SpaceKind.STANDARD })
  kind: SpaceKind;
}

@InputType()
export class ParkingPriceInput {
  @Field(() => LeaseTerm)
  term: LeaseTerm;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  amountFen: number;
}
