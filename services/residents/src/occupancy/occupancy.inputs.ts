import { IsNotEmpty, IsUUID, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { OccupancyStatus } from '../unit/unit.entity';

@InputType()
export class CorrectOccupancyInput {
  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field(() => OccupancyStatus)
  occupancy: OccupancyStatus;

  @Field({ description: 'Why the record was wrong; kept in the audit trail' })
  @IsNotEmpty({ message: 'reason must say why the record is corrected' })
  @MaxLength(500)
  reason: string;
}
