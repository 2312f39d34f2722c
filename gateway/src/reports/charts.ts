import * as echarts from 'echarts';

import { AppError } from '@pm/errors';

import { type Data, type Report, required } from './report';

/** Category names as the survey form prints them. */
export const CATEGORY_LABELS: Record<string, string> = {
  POWER_SUPPLY: '供电', WATER_SUPPLY: '供水', FIRE_AND_SECURITY: '消防安全', SANITATION: '环境卫生', LANDSCAPING: '绿化',
  PUBLIC_FACILITIES: '公共设施', REPAIR_SERVICE: '维修服务', SERVICE_ATTITUDE: '服务态度',
};

/**
 * Fonts with Chinese glyphs on Windows, macOS and Linux, in that order, before the generic one.
 * Single-quoted: ECharts writes this into a double-quoted style attribute as is.
 */
const FONT = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/** Renders an ECharts option server-side to an SVG document (no DOM, no browser). */
export function renderSvg(option: echarts.EChartsOption, width = 960, height = 480): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10);

/** Satisfaction by category: one bar per category (red below target), the target as a line. */
export function surveyBarChart(survey: Data): string {
  const target = pct(survey.results[0]?.target ?? 0.8)!;
  return renderSvg({
    title: { text: `${survey.title} — 各类满意度`, subtext: `回收 ${survey.returnedCount} / 发放 ${survey.distributedCount} · 总体满意度 ${pct(survey.overallSatisfactionRate) ?? '—'}%`, left: 'center' },
    grid: { left: 60, right: 40, top: 80, bottom: 60 },
    xAxis: { type: 'category', data: survey.results.map((r: Data) => CATEGORY_LABELS[r.category] ?? r.category), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, name: '满意度' },
    series: [{
      type: 'bar',
      name: '满意度',
      data: survey.results.map((r: Data) => ({ value: pct(r.satisfactionRate), itemStyle: { color: r.met === false ? '#d9534f' : '#3b82c4' } })),
      label: { show: true, position: 'top', formatter: '{c}%' },
      markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#e69500' }, label: { formatter: `目标 ${target}%` }, data: [{ yAxis: target }] },
    }],
  });
}

/** The overall satisfaction of the property's last surveys, oldest first, against the target. */
export function surveyTrendChart(surveys: Data[], target: number): string {
  const ordered = [...surveys].filter((s) => s.overallSatisfactionRate !== null).reverse();
  return renderSvg({
    title: { text: '业主满意度趋势', left: 'center' },
    grid: { left: 60, right: 40, top: 70, bottom: 80 },
    xAxis: { type: 'category', data: ordered.map((s) => `${s.title}\n${s.opensOn}`), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{
      type: 'line',
      name: '总体满意度',
      data: ordered.map((s) => pct(s.overallSatisfactionRate)),
      label: { show: true, formatter: '{c}%' },
      markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#e69500' }, label: { formatter: `目标 ${pct(target)}%` }, data: [{ yAxis: pct(target)! }] },
    }],
  });
}

const SVG = 'image/svg+xml; charset=utf-8';

const surveyChart: Report = {
  contentType: SVG,
  filename: (p) => `survey-${p.get('surveyId')}.svg`,
  variables: (p) => ({ surveyId: required(p, 'surveyId') }),
  query: `query SurveyChart($surveyId: ID!) {
    survey(id: $surveyId) { title distributedCount returnedCount overallSatisfactionRate results { category satisfactionRate target met } }
  }`,
  render: ({ survey }) => {
    if (!survey) throw AppError.notFound('Survey', 'surveyId');
    return surveyBarChart(survey);
  },
};

const surveyTrend: Report = {
  contentType: SVG,
  filename: (p) => `survey-trend-${p.get('propertyId')}.svg`,
  variables: (p) => ({ propertyId: required(p, 'propertyId'), first: Math.min(Number(p.get('last') ?? 6) || 6, 20) }),
  query: `query SurveyTrend($propertyId: ID!, $first: Int!) {
    surveys(propertyId: $propertyId, first: $first) { edges { node { title opensOn overallSatisfactionRate results { target } } } }
  }`,
  render: ({ surveys }) => {
    const nodes = surveys.edges.map((e: Data) => e.node);
    return surveyTrendChart(nodes, nodes[0]?.results[0]?.target ?? 0.8);
  },
};

/** Charts the gateway serves as SVG, rendered server-side with ECharts. */
export const CHART_REPORTS: Record<string, Report> = {
  '/reports/survey-chart.svg': surveyChart,
  '/reports/survey-trend.svg': surveyTrend,
};
