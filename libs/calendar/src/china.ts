/**
 * Mainland China's public holidays (法定节假日, the days off of each State Council schedule) and
 * make-up working days (调休上班) as data. A property can extend or override them in its settings.
 */
export interface HolidaySchedule {
  year: number;
  /** Days off, `YYYY-MM-DD`. */
  holidays: string[];
  /** Weekend days that are working days, `YYYY-MM-DD`. */
  makeUpWorkdays: string[];
  /** Not yet published by the State Council: statutory days only, no make-up days. */
  provisional?: boolean;
}

/** Every day from `from` to `to` inclusive. */
function range(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

export const CHINA_HOLIDAYS: HolidaySchedule[] = [
  {
    year: 2025,
    holidays: [
      '2025-01-01', // 元旦
      ...range('2025-01-28', '2025-02-04'), // 春节
      ...range('2025-04-04', '2025-04-06'), // 清明节
      ...range('2025-05-01', '2025-05-05'), // 劳动节
      ...range('2025-05-31', '2025-06-02'), // 端午节
      ...range('2025-10-01', '2025-10-08'), // 国庆节、中秋节
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    holidays: [
      ...range('2026-01-01', '2026-01-03'), // 元旦
      ...range('2026-02-15', '2026-02-23'), // 春节
      ...range('2026-04-04', '2026-04-06'), // 清明节
      ...range('2026-05-01', '2026-05-05'), // 劳动节
      ...range('2026-06-19', '2026-06-21'), // 端午节
      ...range('2026-09-25', '2026-09-27'), // 中秋节
      ...range('2026-10-01', '2026-10-07'), // 国庆节
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  {
    // The 2027 schedule was not yet published when this was written: statutory days only.
    year: 2027,
    provisional: true,
    holidays: [
      '2027-01-01', // 元旦
      ...range('2027-02-05', '2027-02-08'), // 春节 (除夕 to 初三)
      '2027-04-05', // 清明节
      ...range('2027-05-01', '2027-05-02'), // 劳动节
      '2027-06-09', // 端午节
      '2027-09-15', // 中秋节
      ...range('2027-10-01', '2027-10-03'), // 国庆节
    ],
    makeUpWorkdays: [],
  },
];
