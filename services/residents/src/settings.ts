import { residentsEnvironment, type ResidentsEnvironment } from './environment';

/** The residents rules' numbers (DOMAIN.md defaults), set from the environment at start-up. */
export interface ResidentsSettings {
  /** Months of management fee collected in advance at hand-over. */
  handoverPrepaidMonths: number;
  /** Offices: electricity float at hand-over, fen (1000 CNY). */
  officeElectricityFloatFen: number;
  /** Serviced apartments: water float at hand-over, fen (200 CNY). */
  apartmentWaterFloatFen: number;
}

function settingsOf(env: ResidentsEnvironment): ResidentsSettings {
  return {
    handoverPrepaidMonths: env.HANDOVER_PREPAID_MONTHS,
    officeElectricityFloatFen: env.HANDOVER_OFFICE_ELECTRICITY_FLOAT_FEN,
    apartmentWaterFloatFen: env.HANDOVER_APARTMENT_WATER_FLOAT_FEN,
  };
}

/** The settings in force: the environment's defaults until the service starts with its own. */
export const residentsSettings: ResidentsSettings = settingsOf(residentsEnvironment.parse({}));

export function applyResidentsSettings(env: ResidentsEnvironment): void {
  Object.assign(residentsSettings, settingsOf(env));
}
