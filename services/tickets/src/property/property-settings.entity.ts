import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';

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

/** The audit of property settings: who changed which numbers, from what to what, why. */
@Entity({ tableName: 'property_settings_change' })
@Index({ properties: ['propertyId', 'at'] })
export class PropertySettingsChange {
  [OptionalProps]?: 'reason';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  by: string;

  @Property({ type: 'timestamptz' })
  at: Date;

  /** Setting → { from, to } (null: the company default). */
  @Property({ type: 'jsonb' })
  changes: Record<string, { from: unknown; to: unknown }>;

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;
}
