import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** The classes of the paid-service catalogue (特约服务项目). */
export enum ServiceCategory {
  /** 代办、便民: collection and errands */
  ERRANDS = 'ERRANDS',
  /** 清洁类 */
  CLEANING = 'CLEANING',
  /** 安装类 */
  INSTALLATION = 'INSTALLATION',
  /** 维修类 */
  REPAIR = 'REPAIR',
}
registerEnumType(ServiceCategory, { name: 'ServiceCategory', description: '代办 / 清洁 / 安装 / 维修' });

/**
 * One priced service of the paid-service catalogue (特约服务). Rows without a property are the
 * company's default catalogue (seeded by a migration); a property edits its catalogue by adding rows
 * of its own with the same code, which take the default's place for that property.
 */
@Entity({ tableName: 'service_item' })
@Index({ name: 'service_item_default_code_key', expression: 'create unique index "service_item_default_code_key" on "service_item" ("code") where "property_id" is null' })
@Index({ name: 'service_item_property_code_key', expression: 'create unique index "service_item_property_code_key" on "service_item" ("property_id", "code") where "property_id" is not null' })
@ObjectType('ServiceItem', { description: '特约服务: a priced service the desk can sell' })
export class ServiceItem {
  [OptionalProps]?: 'propertyId' | 'unit' | 'active' | 'updatedBy';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** Null for the company default. */
  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: "The property that edited this item; null when it is the company's default" })
  propertyId: string | null = null;

  @Property({ type: 'string' })
  @Field({ description: 'Stable code, e.g. S40 (维修马桶堵塞)' })
  code: string;

  @Enum({ items: () => ServiceCategory, nativeEnumName: 'service_category' })
  @Field(() => ServiceCategory)
  category: ServiceCategory;

  @Property({ type: 'string' })
  @Field()
  name: string;

  /** Labour price in fen; materials are charged on top. */
  @Property({ type: 'int' })
  @Field(() => Int, { description: 'Labour price in fen per unit; materials on top' })
  priceFen: number;

  @Property({ type: 'string' })
  @Field({ description: 'What the price is per: 次, 台, ㎡, 米 …' })
  unit: string = '次';

  @Property({ type: 'boolean' })
  @Field({ description: 'Offered (inactive items stay for old tickets)' })
  active: boolean = true;

  @Property({ type: 'timestamptz' })
  /** From the service's clock. */
  updatedAt: Date;

  @Property({ type: 'string', nullable: true })
  updatedBy: string | null = null;
}
