import { type ResidentsEnvironment } from './environment';

/** The residents rules' numbers (DOMAIN.md defaults), set from the environment at start-up. */
export interface ResidentsSettings {
  /** Months of management fee collected in advance at hand-over. */
  handoverPrepaidMonths: number;
  /** Offices: electricity float at hand-over, fen (1000 CNY). */
  officeElectricityFloatFen: number;
  /** Serviced apartments: water float at hand-over, fen (200 CNY). */
  apartmentWaterFloatFen: number;
}

export const residentsSettings: ResidentsSettings = {
  handoverPrepaidMonths: 3,
  officeElectricityFloatFen: 100_000,
  apartmentWaterFloatFen: 20_000,
};

export function applyResidentsSettings(env: ResidentsEnvironment): void {
  residentsSettings.handoverPrepaidMonths = env.HANDOVER_PREPAID_MONTHS;
  residentsSettings.officeElectricityFloatFen = env.HANDOVER_OFFICE_ELECTRICITY_FLOAT_FEN;
  residentsSettings.apartmentWaterFloatFen = env.HANDOVER_APARTMENT_WATER_FLOAT_FEN;
}
