import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

import { Unit } from '../unit/unit.entity';

export enum ResidentKind {
  OWNER = 'OWNER',
  TENANT = 'TENANT',
  HOUSEHOLD_MEMBER = 'HOUSEHOLD_MEMBER',
  COMPANY = 'COMPANY',
}
registerEnumType(ResidentKind, { name: 'ResidentKind' });

/** An owner, tenant, household member or company of a unit. Phone and ID number are personal data. */
/** A request id (RegisterResidentInput.requestId) registers one resident, however often it is sent. */
export const RESIDENT_REQUEST_ID_KEY = 'resident_request_id_key';

@Entity({ tableName: 'resident' })
@Index({ properties: ['propertyId', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'name'] })
@Index({ properties: ['unit', 'active'] })
@Index({ name: 'resident_phone_suffix_idx', expression: 'create index "resident_phone_suffix_idx" on "resident" ("property_id", "phone_reversed" text_pattern_ops)' })
@ObjectType('Resident')
@Directive('@key(fields: "id")')
export class Resident {
  [OptionalProps]?: 'active' | 'ownerConsent' | 'phone' | 'idNumber' | 'movedInAt' | 'movedOutAt' | 'emergencyContactName' | 'emergencyContactPhone' | 'birthday' | 'bankCollectionAgreement' | 'documentsSigned' | 'requestId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @ManyToOne(() => Unit, { deleteRule: 'cascade' })
  unit: Unit;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Enum({ items: () => ResidentKind, nativeEnumName: 'resident_kind' })
  @Field(() => ResidentKind)
  kind: ResidentKind;

  @Property()
  @Field()
  name: string;

  /** Never exposed directly: the resolver masks it. */
  @Property({ nullable: true })
  phone: string | null = null;

  @Property({ nullable: true })
  idNumber: string | null = null;

  /** The phone reversed, kept by PostgreSQL: "last digits" search is a prefix search on it. */
  @Property({ type: 'string', nullable: true, generated: '(reverse(phone)) stored', lazy: true })
  phoneReversed?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  movedInAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  movedOutAt: Date | null = null;

  @Property()
  @Field()
  active: boolean = true;

  /** Owner archive (业主档案): emergency contact, birthday, bank-collection agreement, documents signed. */
  @Property({ type: 'string', nullable: true })
  emergencyContactName: string | null = null;

  /** Personal data: masked like the phone. */
  @Property({ type: 'string', nullable: true })
  emergencyContactPhone: string | null = null;

  @Property({ type: 'date', nullable: true })
  birthday: string | null = null;

  @Property({ type: 'boolean' })
  bankCollectionAgreement: boolean = false;

  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  documentsSigned: string[] = [];

  /** Tenants: the owner agreed to the tenancy. */
  @Property()
  ownerConsent: boolean = false;

  @Property({ type: 'timestamptz' })
  /** From the service's clock. */
  createdAt: Date;

  /** The caller's id for the request that registered them: the same request sent again returns this resident. */
  @Property({ type: 'uuid', nullable: true })
  @Unique({ name: RESIDENT_REQUEST_ID_KEY })
  requestId: string | null = null;
}
