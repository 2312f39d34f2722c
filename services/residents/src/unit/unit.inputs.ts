import { ArrayMaxSize, ArrayMinSize, IsInt, IsNotEmpty, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

import { OccupancyStatus, UnitUsage } from './unit.entity';

/** Most units one call may add (a bulk import goes through the importer). */
export const MAX_UNITS_PER_CALL = 2000;

@InputType()
export class NewUnitInput {
  @Field({ description: 'Unit code, e.g. 3-2-1201' })
  @IsNotEmpty({ message: 'code must not be empty' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, { message: 'code may hold letters, digits and dashes (at most 32)' })
  code: string;

  @Field(() => Int)
  @IsInt()
  @Min(-10)
  @Max(300)
  floor: number;

  @Field(() => UnitUsage, { defaultValue: UnitUsage.HOME })
  usage: UnitUsage;

  @Field(() => OccupancyStatus, {
    nullable: true,
    description: 'Current state when a property already in use is taken over; new units are NOT_HANDED_OVER',
  })
  occupancy?: OccupancyStatus;
}

@InputType()
export class AddUnitsInput {
  @Field(() => ID)
  @IsUUID()
  buildingId: string;

  @Field(() => [NewUnitInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_UNITS_PER_CALL)
  @ValidateNested()
  units: NewUnitInput[];
}
