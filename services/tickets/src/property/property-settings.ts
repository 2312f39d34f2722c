import { type EntityManager } from '@mikro-orm/postgresql';
import { BusinessCalendar, type CalendarSettings, type Hours } from '@pm/calendar';

import { type SlaSettings } from '../sla/sla.rules';
import { TicketKind } from '../ticket/ticket.enums';
import { type TicketsSettings } from '../settings';
import { PropertySettingsRow } from './property-settings.entity';

/** What one property may set differently from the company: desk hours and days off, deadlines, targets. */
export interface SettingsOverrides {
  workdayHours?: Hours;
  /** null: closed on public holidays. */
  holidayHours?: Hours | null;
  /** null: closed at weekends. */
  weekendHours?: Hours | null;
  extraHolidays?: string[];
  extraMakeUpWorkdays?: string[];
  sla?: Partial<SlaSettings>;
  targets?: { callbackRate?: number; complaintSatisfaction?: number; repairSatisfaction?: number };
}

const CALENDAR_KEYS = ['workdayHours', 'holidayHours', 'weekendHours', 'extraHolidays', 'extraMakeUpWorkdays'] as const;

/** The company's settings with a property's overrides on top (the base itself when there are none). */
export function effectiveSettings(base: TicketsSettings, overrides: SettingsOverrides | undefined): TicketsSettings {
  if (!overrides || !Object.keys(overrides).length) return base;
  const calendar: CalendarSettings = { ...base.calendar.settings };
  let calendarChanged = false;
  for (const key of CALENDAR_KEYS) {
    if (overrides[key] !== undefined) {
      (calendar as unknown as Record<string, unknown>)[key] = overrides[key];
      calendarChanged = true;
    }
  }
  const targets = overrides.targets ?? {};
  return Object.freeze({
    ...base,
    sla: { ...base.sla, ...overrides.sla },
    calendar: calendarChanged ? new BusinessCalendar(calendar) : base.calendar,
    targets: {
      callbackRate: targets.callbackRate ?? base.targets.callbackRate,
      satisfaction: {
        ...base.targets.satisfaction,
        ...(targets.complaintSatisfaction !== undefined ? { [TicketKind.COMPLAINT]: targets.complaintSatisfaction } : {}),
        ...(targets.repairSatisfaction !== undefined ? { [TicketKind.REPAIR]: targets.repairSatisfaction } : {}),
      },
    },
  });
}

/**
 * Each property's effective settings, read from `property_settings` and kept for `ttlMs`: a change
 * made through this process applies at once, one made through another replica within `ttlMs`.
 */
export class PropertySettingsStore {
  private readonly cache = new Map<string, { settings: TicketsSettings; overrides: SettingsOverrides; until: number }>();

  constructor(private readonly ttlMs = 5_000) {}

  /** The settings every rule of a ticket of `propertyId` works by. */
  async of(em: EntityManager, base: TicketsSettings, propertyId: string): Promise<TicketsSettings> {
    return (await this.entry(em, base, propertyId)).settings;
  }

  /** The property's overrides (what differs from the company's settings). */
  async overridesOf(em: EntityManager, base: TicketsSettings, propertyId: string): Promise<SettingsOverrides> {
    return (await this.entry(em, base, propertyId)).overrides;
  }

  forget(propertyId: string): void {
    this.cache.delete(propertyId);
  }

  private async entry(em: EntityManager, base: TicketsSettings, propertyId: string) {
    const cached = this.cache.get(propertyId);
    if (cached && cached.until > Date.now()) return cached;
    const row = await em.findOne(PropertySettingsRow, { propertyId }, { disableIdentityMap: true });
    const overrides = row?.overrides ?? {};
    const entry = { settings: effectiveSettings(base, overrides), overrides, until: Date.now() + this.ttlMs };
    this.cache.set(propertyId, entry);
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }
}
