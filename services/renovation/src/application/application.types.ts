import { DateScalar, Department } from '@pm/graphql';
import { Field, ObjectType } from 'type-graphql';

import { DocumentType, RenovationWorkItem, UndertakingType } from './application.enums';

@ObjectType('DocumentRequirement', { description: 'A paper the application needs, and whether it is in' })
export class DocumentRequirement {
  @Field(() => DocumentType)
  type: DocumentType;

  @Field()
  provided: boolean;
}

@ObjectType('UndertakingRequirement', { description: 'An undertaking the applicant signs, and whether it is signed' })
export class UndertakingRequirement {
  @Field(() => UndertakingType)
  type: UndertakingType;

  @Field()
  signed: boolean;
}

@ObjectType('GovernmentApproval', { description: 'Work needing a government approval before this one (消防报建, 结构, 煤气)' })
export class GovernmentApproval {
  @Field(() => RenovationWorkItem)
  workItem: RenovationWorkItem;

  @Field({ description: 'Who approves it' })
  authority: string;

  @Field()
  obtained: boolean;

  @Field(() => String, { nullable: true, description: "The approval's reference number" })
  reference: string | null;
}

@ObjectType('InspectionGap', { description: 'A working day of the works without all three daily inspections' })
export class InspectionGapView {
  @Field(() => DateScalar)
  date: string;

  @Field(() => [Department])
  missing: Department[];
}
