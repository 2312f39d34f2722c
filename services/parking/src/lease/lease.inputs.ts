import { IsNotEmpty, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { LeaseTerm } from './lease.enums';

@InputType()
export class ParkingApplicationInput {
  @Field(() => ID)
  @IsUUID()
  lotId: string;

  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field(() => ID)
  @IsUUID()
  holderId: string;

  @Field({ description: 'Mainland plate: 7 characters, 8 for new-energy vehicles' })
  plate: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  vehicleModel?: string;

  @Field({ description: 'The name on the driving licence: the holder or a household member' })
  @IsNotEmpty({ message: 'drivingLicenseHolder must not be empty' })
  @MaxLength(100)
  drivingLicenseHolder: string;

  @Field(() => ID, { nullable: true, description: 'The resident the licence names, when known: the holder or a member of their household' })
  @IsOptional()
  @IsUUID()
  drivingLicenseHolderId?: string;

  @Field(() => LeaseTerm)
  term: LeaseTerm;
}
