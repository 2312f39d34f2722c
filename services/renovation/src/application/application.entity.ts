import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { DocumentType, RenovationStatus, RenovationWorkItem } from './application.enums';

/** The contractor doing the work (none for self-build, 自装). */
@ObjectType('Contractor')
export class Contractor {
  @Field()
  name: string;

  @Field()
  licenseNo: string;

  @Field()
  responsiblePerson: string;

  @Field()
  phone: string;
}

/** A renovation application (装修申请). */
@Entity({ tableName: 'renovation_application' })
@Index({ properties: ['unitId', 'createdAt'] })
@Index({ properties: ['status', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'status', 'createdAt', 'id'] })
@ObjectType('RenovationApplication')
@Directive('@key(fields: "id")')
export class RenovationApplication {
  [OptionalProps]?: 'status' | 'contractor';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ unique: true })
  @Field()
  number: string;

  @Property({ type: 'uuid' })
  unitId: string;

  /** Null only for applications filed before renovation knew their unit (filled in when it learns it). */
  @Property({ type: 'uuid', nullable: true })
  propertyId: string | null;

  @Property({ type: 'uuid' })
  applicantId: string;

  @Enum({ items: () => RenovationStatus, nativeEnumName: 'renovation_status' })
  @Field(() => RenovationStatus)
  status: RenovationStatus = RenovationStatus.SUBMITTED;

  @Enum({ items: () => RenovationWorkItem, array: true, nativeEnumName: 'renovation_work_item' })
  @Field(() => [RenovationWorkItem])
  workItems: RenovationWorkItem[];

  @Property()
  @Field()
  selfBuild: boolean;

  @Property({ type: 'json', nullable: true })
  @Field(() => Contractor, { nullable: true })
  contractor: Contractor | null = null;

  @Enum({ items: () => DocumentType, array: true, nativeEnumName: 'document_type' })
  @Field(() => [DocumentType])
  providedDocuments: DocumentType[];

  /** Who registered it at the desk. */
  @Property()
  submittedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date, { description: 'When it was submitted' })
  /** From the service's clock. */
  createdAt: Date;
}
