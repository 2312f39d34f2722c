import { ArrayMaxSize, ArrayMinSize, IsNotEmpty, IsUUID, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateParkingLotInput {
  @Field(() => ID)
  @IsUUID()
  propertyId: string;

  @Field()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name: string;

  @Field(() => [String], { description: 'Codes of the spaces, e.g. B1-001' })
  @ArrayMinSize(1, { message: 'spaceCodes must list at least one space' })
  @ArrayMaxSize(5000)
  @Matches(/^[A-Za-z0-9-]{1,20}$/, { each: true, message: 'each space code may hold letters, digits and dashes (at most 20)' })
  spaceCodes: string[];
}
