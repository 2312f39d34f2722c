import { Collection, Entity, Enum, ManyToOne, OneToMany, PrimaryKey, Property as Column, Unique } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { type HandoverOverrides } from './handover-settings';

export enum PropertyKind {
  RESIDENTIAL = 'RESIDENTIAL',
  OFFICE = 'OFFICE',
  SERVICED_APARTMENT = 'SERVICED_APARTMENT',
  MIXED = 'MIXED',
}
registerEnumType(PropertyKind, { name: 'PropertyKind', description: '项目类型' });

/** A managed property (项目). */
@Entity({ tableName: 'property' })
@ObjectType('Property', { description: 'A managed property (项目)' })
@Directive('@key(fields: "id")')
export class Estate {
    @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Column({ unique: true })
  @Field()
  name: string;

  @Enum({ items: () => PropertyKind, nativeEnumName: 'property_kind' })
  @Field(() => PropertyKind)
  kind: PropertyKind;

  @Column({ type: 'timestamptz' })
  /** From the service's clock. */
  createdAt: Date;

  /** The property's own hand-over numbers over the company's (property/handover-settings.ts). */
  @Column({ type: 'jsonb', nullable: true })
  handoverOverrides: HandoverOverrides | null = null;

  @OneToMany(() => Building, (building) => building.property)
  buildings = new Collection<Building>(this);
}

/** A building (楼栋) of a property. */
@Entity({ tableName: 'building' })
@Unique({ properties: ['property', 'name'] })
@ObjectType('Building', { description: 'A building (楼栋)' })
@Directive('@key(fields: "id")')
export class Building {
    @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @ManyToOne(() => Estate, { deleteRule: 'cascade' })
  property: Estate;

  @Column()
  @Field()
  name: string;

  @Column({ type: 'timestamptz' })
  /** From the service's clock. */
  createdAt: Date;
}
