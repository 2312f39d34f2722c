import { IsNotEmpty, IsUUID, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { PropertyKind } from './property.entity';

@InputType()
export class CreatePropertyInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @Field(() => PropertyKind)
  kind: PropertyKind;
}

@InputType()
export class AddBuildingInput {
  @Field(() => ID)
  @IsUUID()
  propertyId: string;

  @Field()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;
}
