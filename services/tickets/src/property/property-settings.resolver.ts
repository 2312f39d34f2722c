import { LockMode } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { requirePropertyAccess, requireRole, Role, STAFF_ROLES } from '@pm/identity';
import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';

import { type SlaSettings } from '../sla/sla.rules';
import { settingsOf, type TicketsContext, type TicketsSettings } from '../settings';
import { TicketKind } from '../ticket/ticket.enums';
import { PropertySettingsChange, settingsChanges } from '@pm/db';
import { PropertySettingsRow } from './property-settings.entity';
import { type SettingsOverrides } from './property-settings';

@ObjectType({ description: 'Desk opening hours, HH:MM local time' })
class DeskHours {
  @Field() open: string;
  @Field() close: string;
}

@InputType()
class DeskHoursInput {
  @Field({ description: 'HH:MM' }) open: string;
  @Field({ description: 'HH:MM, after open' }) close: string;
}

const SLA_KEYS = [
  'dispatchMinutes', 'patrolDispatchMinutes', 'repairResponseMinutes', 'repairResolutionHours', 'requestAnswerDays', 'complaintMinorWorkdayShare',
  'complaintImportantDays', 'complaintMajorAnswerDays', 'complaintMajorResolutionDays', 'complaintUnclassifiedDays', 'patrolVerificationDays', 'callbackDays',
] as const satisfies readonly (keyof SlaSettings)[];

@ObjectType({ description: 'The deadlines (DOMAIN.md numbers unless the property changed them)' })
class SlaNumbers {
  @Field(() => Int) dispatchMinutes: number;
  @Field(() => Int) patrolDispatchMinutes: number;
  @Field(() => Int) repairResponseMinutes: number;
  @Field(() => Int) repairResolutionHours: number;
  @Field(() => Int) requestAnswerDays: number;
  @Field(() => Float) complaintMinorWorkdayShare: number;
  @Field(() => Int) complaintImportantDays: number;
  @Field(() => Int) complaintMajorAnswerDays: number;
  @Field(() => Int) complaintMajorResolutionDays: number;
  @Field(() => Int) complaintUnclassifiedDays: number;
  @Field(() => Int) patrolVerificationDays: number;
  @Field(() => Int) callbackDays: number;
}

@InputType({ description: 'Deadlines to change; those left out stay as they are' })
class SlaNumbersInput {
  @Field(() => Int, { nullable: true }) dispatchMinutes?: number;
  @Field(() => Int, { nullable: true }) patrolDispatchMinutes?: number;
  @Field(() => Int, { nullable: true }) repairResponseMinutes?: number;
  @Field(() => Int, { nullable: true }) repairResolutionHours?: number;
  @Field(() => Int, { nullable: true }) requestAnswerDays?: number;
  @Field(() => Float, { nullable: true }) complaintMinorWorkdayShare?: number;
  @Field(() => Int, { nullable: true }) complaintImportantDays?: number;
  @Field(() => Int, { nullable: true }) complaintMajorAnswerDays?: number;
  @Field(() => Int, { nullable: true }) complaintMajorResolutionDays?: number;
  @Field(() => Int, { nullable: true }) complaintUnclassifiedDays?: number;
  @Field(() => Int, { nullable: true }) patrolVerificationDays?: number;
  @Field(() => Int, { nullable: true }) callbackDays?: number;
}

@ObjectType()
class SettingChange {
  @Field() setting: string;
  @Field(() => String, { nullable: true, description: 'JSON; null: the company default' }) from: string | null;
  @Field(() => String, { nullable: true, description: 'JSON; null: the company default' }) to: string | null;
}

@ObjectType({ description: 'One change of a property’s settings: who, when, why, what' })
class PropertySettingsChangeView {
  @Field() by: string;
  @Field(() => Date) at: Date;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => [SettingChange]) changes: SettingChange[];
}

@ObjectType('PropertySettings', { description: 'The numbers one property works by: the company’s, with this property’s own on top' })
class PropertySettingsView {
  @Field(() => ID) propertyId: string;
  @Field(() => DeskHours, { description: 'The desk on working days' }) workdayHours: DeskHours;
  @Field(() => DeskHours, { nullable: true, description: 'On public holidays; null: closed' }) holidayHours: DeskHours | null;
  @Field(() => DeskHours, { nullable: true, description: 'At weekends; null: closed' }) weekendHours: DeskHours | null;
  @Field(() => [String], { description: 'Days off of this property beyond the national holidays (YYYY-MM-DD)' }) extraHolidays: string[];
  @Field(() => [String], { description: 'Extra working days (YYYY-MM-DD)' }) extraMakeUpWorkdays: string[];
  @Field(() => SlaNumbers) sla: SlaNumbers;
  @Field(() => Float) callbackRateTarget: number;
  @Field(() => Float) complaintSatisfactionTarget: number;
  @Field(() => Float) repairSatisfactionTarget: number;
  @Field(() => [String], { description: 'The settings this property has changed (the rest are the company’s)' }) overridden: string[];
  @Field(() => [PropertySettingsChangeView], { description: 'Every change, newest first' }) history: PropertySettingsChangeView[];
}

@InputType({ description: 'The settings to change; those left out stay as they are. `reset` names settings to return to the company default.' })
class PropertySettingsInput {
  @Field(() => DeskHoursInput, { nullable: true }) workdayHours?: DeskHoursInput;
  @Field(() => DeskHoursInput, { nullable: true, description: 'null: closed on public holidays' }) holidayHours?: DeskHoursInput | null;
  @Field(() => DeskHoursInput, { nullable: true, description: 'null: closed at weekends' }) weekendHours?: DeskHoursInput | null;
  @Field(() => [String], { nullable: true }) extraHolidays?: string[];
  @Field(() => [String], { nullable: true }) extraMakeUpWorkdays?: string[];
  @Field(() => SlaNumbersInput, { nullable: true }) sla?: SlaNumbersInput;
  @Field(() => Float, { nullable: true }) callbackRateTarget?: number;
  @Field(() => Float, { nullable: true }) complaintSatisfactionTarget?: number;
  @Field(() => Float, { nullable: true }) repairSatisfactionTarget?: number;
  @Field(() => [String], { nullable: true, description: 'Settings back to the company default, e.g. ["workdayHours", "sla.dispatchMinutes"]' }) reset?: string[];
  @Field(() => String, { nullable: true, description: 'Why, for the audit' }) reason?: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function hours(field: string, value: DeskHoursInput | null | undefined) {
  if (value === undefined || value === null) return value;
  if (!HHMM.test(value.open)) throw AppError.badInput(`${field}.open`, `${field}.open must be HH:MM`);
  if (!HHMM.test(value.close)) throw AppError.badInput(`${field}.close`, `${field}.close must be HH:MM`);
  if (value.close <= value.open) throw AppError.badInput(`${field}.close`, `${field}.close must be after ${field}.open`);
  return { open: value.open, close: value.close };
}

function dates(field: string, value: string[] | undefined) {
  if (value === undefined) return undefined;
  if (value.length > 366) throw AppError.badInput(field, `${field} holds at most 366 days`);
  const bad = value.find((d) => !DATE.test(d) || Number.isNaN(Date.parse(d)));
  if (bad) throw AppError.badInput(field, `${field}: ${bad} is not a date (YYYY-MM-DD)`);
  return [...new Set(value)].sort();
}

function share(field: string, value: number | undefined, min: number, max: number) {
  if (value !== undefined && (!(value >= min) || !(value <= max))) throw AppError.badInput(field, `${field} must be between ${min} and ${max}`);
  return value;
}

/** The new overrides: the old ones, the input's on top, the reset ones removed. */
function nextOverrides(old: SettingsOverrides, input: PropertySettingsInput): SettingsOverrides {
  const next: SettingsOverrides = structuredClone(old);
  const workday = hours('workdayHours', input.workdayHours);
  if (workday) next.workdayHours = workday;
  if (input.holidayHours !== undefined) next.holidayHours = hours('holidayHours', input.holidayHours) ?? null;
  if (input.weekendHours !== undefined) next.weekendHours = hours('weekendHours', input.weekendHours) ?? null;
  const holidays = dates('extraHolidays', input.extraHolidays);
  if (holidays) next.extraHolidays = holidays;
  const makeUp = dates('extraMakeUpWorkdays', input.extraMakeUpWorkdays);
  if (makeUp) next.extraMakeUpWorkdays = makeUp;
  for (const key of SLA_KEYS) {
    const value = input.sla?.[key];
    if (value === undefined || value === null) continue;
    if (key === 'complaintMinorWorkdayShare') share(`sla.${key}`, value, 0.05, 5);
    else share(`sla.${key}`, value, 1, 100_000);
    next.sla = { ...next.sla, [key]: value };
  }
  const targets = { callbackRate: input.callbackRateTarget, complaintSatisfaction: input.complaintSatisfactionTarget, repairSatisfaction: input.repairSatisfactionTarget };
  for (const [key, value] of Object.entries(targets)) {
    if (value === undefined || value === null) continue;
    share(`${key}Target`, value, 0, 1);
    next.targets = { ...next.targets, [key]: value };
  }
  for (const name of input.reset ?? []) {
    const [head, tail] = name.split('.');
    const known = ['workdayHours', 'holidayHours', 'weekendHours', 'extraHolidays', 'extraMakeUpWorkdays'].includes(name) || (head === 'sla' && (SLA_KEYS as readonly string[]).includes(tail))
      || ['callbackRateTarget', 'complaintSatisfactionTarget', 'repairSatisfactionTarget'].includes(name);
    if (!known) throw AppError.badInput('reset', `${name} is not a setting`);
    if (head === 'sla') delete next.sla?.[tail as keyof SlaSettings];
    else if (name.endsWith('Target')) delete next.targets?.[name.replace(/Target$/, '') as 'callbackRate'];
    else delete (next as Record<string, unknown>)[name];
  }
  if (next.sla && !Object.keys(next.sla).length) delete next.sla;
  if (next.targets && !Object.keys(next.targets).length) delete next.targets;
  return next;
}

/** Every override as a flat `setting → value` record (sla.x and xTarget spelled out). */
function flatten(overrides: SettingsOverrides): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'sla') for (const [k, v] of Object.entries(value as object)) flat[`sla.${k}`] = v;
    else if (key === 'targets') for (const [k, v] of Object.entries(value as object)) flat[`${k}Target`] = v;
    else flat[key] = value;
  }
  return flat;
}

function view(propertyId: string, settings: TicketsSettings, overrides: SettingsOverrides, history: PropertySettingsChange[]): PropertySettingsView {
  const calendar = settings.calendar.settings;
  return {
    propertyId,
    workdayHours: calendar.workdayHours,
    holidayHours: calendar.holidayHours,
    weekendHours: calendar.weekendHours,
    extraHolidays: calendar.extraHolidays,
    extraMakeUpWorkdays: calendar.extraMakeUpWorkdays,
    sla: settings.sla,
    callbackRateTarget: settings.targets.callbackRate,
    complaintSatisfactionTarget: settings.targets.satisfaction[TicketKind.COMPLAINT] ?? 0,
    repairSatisfactionTarget: settings.targets.satisfaction[TicketKind.REPAIR] ?? 0,
    overridden: Object.keys(flatten(overrides)).sort(),
    history: history.map((change) => ({
      by: change.by, at: change.at, reason: change.reason,
      changes: Object.entries(change.changes).map(([setting, { from, to }]) => ({ setting, from: from === null ? null : JSON.stringify(from), to: to === null ? null : JSON.stringify(to) })),
    })),
  };
}

/** Per-property settings (desk hours, days off, deadlines, targets), read by the property's staff and changed by its project manager. */
@Resolver()
export class PropertySettingsResolver {
  @Query(() => PropertySettingsView, { description: 'The numbers a property works by, what it changed from the company’s, and every change' })
  async propertySettings(@Arg('propertyId', () => ID) propertyId: string, @Ctx() ctx: TicketsContext): Promise<PropertySettingsView> {
    requireRole(ctx.identity, [...STAFF_ROLES], "see a property's settings");
    requirePropertyAccess(ctx.identity, propertyId);
    const { properties } = ctx.settings;
    const history = await ctx.em.find(PropertySettingsChange, { propertyId }, { orderBy: { at: 'desc', id: 'desc' }, limit: 100 });
    return view(propertyId, await settingsOf(ctx, propertyId), await properties.overridesOf(ctx.em, ctx.settings, propertyId), history);
  }

  @Mutation(() => PropertySettingsView, { description: 'Project manager: change this property’s desk hours, days off, deadlines or targets (audited); every rule and scheduler uses them' })
  async updatePropertySettings(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('input') input: PropertySettingsInput,
    @Ctx() ctx: TicketsContext,
  ): Promise<PropertySettingsView> {
    requireRole(ctx.identity, [Role.PROJECT_MANAGER], "change a property's settings");
    requirePropertyAccess(ctx.identity, propertyId);
    const now = ctx.clock.now();
    await ctx.em.transactional(async (tx) => {
      // One change at a time per property: the row is locked (or created) first.
      await tx.getConnection().execute('insert into property_settings (property_id, overrides, updated_by, updated_at) values (?, ?, ?, ?) on conflict do nothing',
        [propertyId, '{}', ctx.identity.name, now], 'run', tx.getTransactionContext());
      const row = (await tx.findOne(PropertySettingsRow, { propertyId }, { lockMode: LockMode.PESSIMISTIC_WRITE }))!;
      const next = nextOverrides(row.overrides ?? {}, input);
      const changes = settingsChanges(flatten(row.overrides ?? {}), flatten(next));
      if (!Object.keys(changes).length) throw AppError.badInput('input', 'nothing to change: these are already the property’s settings');
      row.overrides = next;
      row.updatedBy = ctx.identity.name;
      row.updatedAt = now;
      tx.create(PropertySettingsChange, { propertyId, by: ctx.identity.name, at: now, changes, reason: input.reason ?? null });
      // Surveys shows the callbacks' satisfaction against the same targets.
      if (Object.keys(changes).some((key) => key.endsWith('Target'))) {
        recordEvent(tx, Events.propertyTargetsChanged, {
          propertyId, complaintSatisfaction: next.targets?.complaintSatisfaction ?? null, repairSatisfaction: next.targets?.repairSatisfaction ?? null, callbackRate: next.targets?.callbackRate ?? null,
        }, { aggregateId: propertyId, actor: ctx.identity.sub });
      }
    });
    ctx.settings.properties.forget(propertyId);
    return this.propertySettings(propertyId, ctx);
  }
}
