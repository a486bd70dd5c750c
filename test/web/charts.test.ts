import { describe, expect, it } from 'vitest';
import { formatDate, formatSigned, formatValue } from '../../src/present/format.js';
import { niceStep } from '../../src/present/chart-frame.js';
import { trajectoryChart, type TrajectoryChartInput } from '../../src/present/charts.js';

const attendance = (over: Partial<TrajectoryChartInput> = {}): TrajectoryChartInput => ({
  id: 'school-attendance',
  name: 'School attendance',
  unit: '%',
  direction: 'increase',
  baseline: { value: 60, period: '2021' },
  target: { value: 70, period: '2026' },
  measurements: [
    { period: '2022', value: 61.5 },
    { period: '2023', value: 62.4 },
    { period: '2024', value: 63.1, correctedFrom: 66.1 },
    { period: '2025', value: 64.7 },
  ],
  actualPacePerYear: 1.1,
  requiredPacePerYear: 5.3,
  projectedReach: '2030-01-01',
  doNothing: { value: 58, period: '2026' },
  ...over,
});

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('trajectory chart', () => {
  it('draws baseline, target line, measured points, projection and the do-nothing curve', () => {
    const { svg } = trajectoryChart(attendance());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(count(svg, /class="baseline-marker"/g)).toBe(1);
    expect(count(svg, /class="target"/g)).toBe(1);
    expect(count(svg, /class="measurement"/g)).toBe(3); // the corrected one is drawn differently
    expect(count(svg, /class="correction"/g)).toBe(1);
    expect(count(svg, /class="projection"/g)).toBe(1);
    expect(count(svg, /class="do-nothing"/g)).toBe(1);
    expect(svg).toContain('>If nothing changed<');
    expect(svg).toContain('>Corrected<');
  });

  it('marks a corrected point with the value first recorded', () => {
    const { svg, rows } = trajectoryChart(attendance());
    expect(svg).toContain('2024: 63.1%, corrected from 66.1%');
    expect(rows.find((r) => r.period === '2024')).toEqual({
      label: 'Measured',
      period: '2024',
      value: '63.1%',
      note: 'corrected from 66.1%',
    });
  });

  it('projects from the latest point to the target date at the current pace', () => {
    const { rows, summary } = trajectoryChart(attendance());
    // 2025-12-31 → 2026-12-31 is 365/365.25 years; 64.7 + 1.1 × 0.99932 = 65.799 → 65.8%
    expect(rows.find((r) => r.label === 'At current pace')).toEqual({
      label: 'At current pace',
      period: '2026-12-31',
      value: '65.8%',
      note: 'pace +1.10 a year',
    });
    expect(summary).toBe(
      'Baseline 60.0% (2021); target 70.0% by 2026. Latest 64.7% (2025). Current pace +1.10 a year, which would give 65.8% by 31 Dec 2026. Pace needed +5.30 a year. At the current pace the target would be reached on 1 Jan 2030.',
    );
  });

  // 62.4 + 1.1 × (1,096 days / 365.25) = 65.70
  it('gives a text alternative with the same figures, in date order', () => {
    const { rows } = trajectoryChart(
      attendance({
        measurements: [
          { period: '2023', value: 62.4 },
          { period: '2022', value: 61.5 },
        ],
      }),
    );
    expect(rows.map((r) => `${r.label} ${r.period} ${r.value}`)).toEqual([
      'Baseline 2021 60.0%',
      'Measured 2022 61.5%',
      'Measured 2023 62.4%',
      'Target 2026 70.0%',
      'At current pace 2026-12-31 65.7%',
      'If nothing changed 2026 58.0%',
    ]);
  });

  it('with no measurement draws no line or projection and says so', () => {
    const { svg, summary, rows } = trajectoryChart(
      attendance({ measurements: [], actualPacePerYear: null, projectedReach: null, requiredPacePerYear: null }),
    );
    expect(svg).not.toContain('class="actual"');
    expect(svg).not.toContain('class="projection"');
    expect(summary).toBe('Baseline 60 % (2021); target 70 % by 2026. No measurement recorded yet.'.replace(/ %/g, '%'));
    expect(rows.map((r) => r.label)).toEqual(['Baseline', 'Target', 'If nothing changed']);
  });

  it('draws no projection once the target date has passed, nor a do-nothing curve when none was defined', () => {
    const { svg } = trajectoryChart(attendance({ target: { value: 70, period: '2024' }, doNothing: null }));
    expect(svg).not.toContain('class="projection"');
    expect(svg).not.toContain('class="do-nothing"');
    expect(svg).not.toContain('If nothing changed');
  });

  it('escapes user text in the name and unit', () => {
    const { svg } = trajectoryChart(attendance({ name: '<script>alert(1)</script>', unit: 'people & "friends"' }));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('people &amp; &quot;friends&quot;');
  });

  it('labels itself for assistive technology and uses no style attributes (CSP, print)', () => {
    const { svg, summary } = trajectoryChart(attendance());
    expect(svg).toContain('role="img" aria-labelledby="chart-school-attendance-title chart-school-attendance-desc"');
    expect(svg).toContain(`<desc id="chart-school-attendance-desc">${summary}</desc>`);
    expect(svg).not.toMatch(/style=/);
  });

  it('keeps every coordinate inside the drawing', () => {
    const { svg } = trajectoryChart(
      attendance({
        direction: 'decrease',
        baseline: { value: 900, period: '2020' },
        target: { value: 400, period: '2030-Q4' },
        measurements: [
          { period: '2021-Q2', value: 870 },
          { period: '2024-03', value: 1020 },
        ],
        actualPacePerYear: 30,
      }),
    );
    for (const m of svg.matchAll(/\b(?:cx|x1|x2)="(-?[\d.]+)"/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(0);
    for (const m of svg.matchAll(/\b(?:cy|y1|y2)="(-?[\d.]+)"/g)) expect(Number(m[1])).toBeLessThanOrEqual(330);
  });

  it('is a pure function: the same input gives the same bytes', () => {
    expect(trajectoryChart(attendance()).svg).toBe(trajectoryChart(attendance()).svg);
  });
});

describe('chart wording', () => {
  it('formats values en-GB with their unit', () => {
    expect(formatValue(1204, 'people', 0)).toBe('1,204 people');
    expect(formatValue(64.7, '%', 1)).toBe('64.7%');
    expect(formatValue(-3.5, '£', 2)).toBe('−£3.50');
    expect(formatSigned(-0.44, 1)).toBe('−0.4');
    expect(formatSigned(0.01, 1)).toBe('0.0');
    expect(formatDate('2026-09-30')).toBe('30 Sep 2026');
  });

  it('picks nice tick steps', () => {
    expect(niceStep(10)).toBe(2.5);
    expect(niceStep(620)).toBe(200);
    expect(niceStep(0.3)).toBe(0.1);
    expect(niceStep(0)).toBe(1);
  });
});
