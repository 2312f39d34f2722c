import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

import { newId } from './ids';

/** One setting's change: from what to what (null: the company default). */
export interface SettingChange {
  from: unknown;
  to: unknown;
}

/**
 * The audit of a property's own settings, in the database of the service whose numbers they are:
 * who changed which, from what to what, and why.
 */
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

  /** Setting → { from, to }. */
  @Property({ type: 'jsonb' })
  changes: Record<string, SettingChange>;

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;
}

/** The settings whose values differ between two flat `setting → value` records (absent: the company default, null). */
export function settingsChanges(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, SettingChange> {
  const changes: Record<string, SettingChange> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
