import { ArrayMinSize, IsNotEmpty, IsOptional, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PHONE_MESSAGE, PHONE_PATTERN } from '@pm/graphql';
import { Field, ID, InputType } from 'type-graphql';

import { DocumentType, RenovationWorkItem } from './application.enums';

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
}
