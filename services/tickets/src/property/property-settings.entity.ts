import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

import { type SettingsOverrides } from './property-settings';

/** A property's own numbers where they differ from the company's (the service's environment). */
@Entity({ tableName: 'property_settings' })
export class PropertySettingsRow {
  [OptionalProps]?: 'overrides';

  @PrimaryKey({ type: 'uuid' })
  propertyId: string;

  @Property({ type: 'jsonb' })
  overrides: SettingsOverrides = {};

  @Property()
  updatedBy: string;

  @Property({ type: 'timestamptz' })
  updatedAt: Date;
}
