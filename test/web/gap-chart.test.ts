import { describe, expect, it } from 'vitest';
import { NARROW, WIDE } from '../../src/present/chart-frame.js';
import { gapChart, type GapChartInput } from '../../src/present/gap-chart.js';

/** Children on free school meals against everyone: 2021 and 2022 measured on both sides, 2023 and 2024 on one. */
const fsm = (over: Partial<GapChartInput> = {}): GapChartInput => ({
  id: 'gld-fsm-gap',
  name: 'The free school meals gap',
  unit: '%',
  focus: {
    name: 'Children on free school meals',
    points: [
      { period: '2022', value: 52.5 },
      { period: '2021', value: 50 },
      { period: '2023', value: 55 },
    ],
  },
  comparator: {
    name: 'Whole population',
    points: [
      { period: '2021', value: 62 },
      { period: '2022', value: 63 },
      { period: '2024', value: 65.5 },
    ],
  },
  gaps: [
    { period: '2021', gap: 12 },
    { period: '2022', gap: 10.5 },
  ],
  baseline: { value: 12, period: '2020' },
  target: { value: 6, period: '2027' },
  ...over,
});

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('gap chart', () => {
  it('draws both groups’ lines, their points, and the gap between them shaded where both were measured', () => {
    const { svg } = gapChart(fsm());
    expect(count(svg, /<polyline class="focus"/g)).toBe(1);
    expect(count(svg, /<polyline class="comparator"/g)).toBe(1);
    expect(count(svg, /class="focus-point"/g)).toBe(3);
    expect(count(svg, /class="comparator-point"/g)).toBe(3);
    // The area runs along the focus line for 2021 and 2022, then back along the comparator's: four corners.
    const area = /<polygon class="gap-area" points="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(area.split(' ')).toHaveLength(4);
    expect(svg).toContain('>Gap 10.5 points</text>');
    expect(svg).toContain('>Children on free school meals</text>');
    expect(svg).toContain('>Whole population</text>');
    expect(svg).toContain('>The gap between them</text>');
    expect(svg).toContain('<title>Children on free school meals, 2023: 55.0%</title>');
  });

  it('gives a text alternative with the same figures: every period, with the side that has no figure said', () => {
    const { rows, summary } = gapChart(fsm());
    expect(rows).toEqual([
      { period: '2020', focus: '', comparator: '', gap: '12.0 points', note: 'The gap’s baseline' },
      { period: '2021', focus: '50.0%', comparator: '62.0%', gap: '12.0 points', note: '' },
      { period: '2022', focus: '52.5%', comparator: '63.0%', gap: '10.5 points', note: '' },
      { period: '2023', focus: '55.0%', comparator: '—', gap: '—', note: 'No figure for Whole population' },
      {
        period: '2024',
        focus: '—',
        comparator: '65.5%',
        gap: '—',
        note: 'No figure for Children on free school meals',
      },
      { period: '2027', focus: '', comparator: '', gap: '6.0 points', note: 'The gap’s target' },
    ]);
    expect(summary).toBe(
      'The gap started at 12.0 points in 2020; the target is 6.0 points by 2027. In 2022, Children on free school ' +
        'meals stood at 52.5% and Whole population at 63.0%: a gap of 10.5 points. 2 periods have a figure for both.',
    );
    const { svg } = gapChart(fsm());
    expect(svg).toContain(`<desc id="gap-chart-gld-fsm-gap-desc">${summary}</desc>`);
  });

  it('shades one period alone as a band, and says when no period has both sides', () => {
    const one = gapChart(fsm({ gaps: [{ period: '2021', gap: 12 }] }));
    expect(count(one.svg, /<rect class="gap-area"/g)).toBe(1);
    expect(one.summary).toContain('One period has a figure for both.');
    const none = gapChart(fsm({ gaps: [] }));
    expect(none.svg).not.toContain('class="gap-area"');
    expect(none.summary).toContain(
      'No period has a figure for both Children on free school meals and Whole population yet.',
    );
    const empty = gapChart(fsm({ focus: { name: 'A', points: [] }, comparator: { name: 'B', points: [] }, gaps: [] }));
    expect(empty.svg).toContain('No figure recorded for either side yet');
    expect(empty.svg).not.toContain('<polyline');
  });

  it('notes a period where the focus group is ahead (a negative gap)', () => {
    const { rows, summary } = gapChart(
      fsm({
        focus: { name: 'Girls', points: [{ period: '2021', value: 64 }] },
        comparator: { name: 'Boys', points: [{ period: '2021', value: 62 }] },
        gaps: [{ period: '2021', gap: -2 }],
      }),
    );
    expect(rows[1]).toEqual({
      period: '2021',
      focus: '64%',
      comparator: '62%',
      gap: '2 points',
      note: 'Girls ahead',
    });
    expect(summary).toContain('a gap of 2 points, with Girls ahead.');
  });

  it('escapes names, and gives the narrow drawing ids of its own', () => {
    const wide = gapChart(
      fsm({ name: '<b>gap</b>', focus: { name: 'A & <B>', points: [{ period: '2021', value: 1 }] } }),
    );
    expect(wide.svg).not.toContain('<b>');
    expect(wide.svg).toContain('A &amp; &lt;B&gt;');
    const narrow = gapChart(fsm(), NARROW).svg;
    expect(narrow).toContain('id="gap-chart-gld-fsm-gap-narrow-title"');
    expect(narrow).toContain('id="gap-hatch-gld-fsm-gap-narrow"');
    expect(gapChart(fsm(), WIDE).svg).toContain('id="gap-hatch-gld-fsm-gap"');
  });

  it('cuts a legend label too long for the drawing, keeping the whole name in the text alternative', () => {
    const long = 'Children in the most deprived tenth of neighbourhoods of the city, by ward';
    const { svg, rows } = gapChart(fsm({ focus: { name: long, points: [{ period: '2021', value: 50 }] } }), NARROW);
    expect(svg).not.toContain(`>${long}</text>`);
    expect(svg).toMatch(/>Children in the most deprived tenth of [^<]*…<\/text>/);
    expect(rows.find((r) => r.period === '2022')?.note).toBe(`No figure for ${long}`);
  });

  it('keeps every coordinate inside the drawing, uses no style attributes, and labels itself', () => {
    for (const layout of [WIDE, NARROW]) {
      const { svg } = gapChart(fsm(), layout);
      const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number);
      const numbers = [...svg.matchAll(/ (?:cx|cy|x|y|x1|x2|y1|y2)="(-?[\d.]+)"/g)].map((m) => Number(m[1]));
      for (const pts of svg.matchAll(/points="([^"]+)"/g))
        for (const pair of pts[1]!.split(' ')) numbers.push(...pair.split(',').map(Number));
      expect(numbers.length).toBeGreaterThan(20);
      for (const n of numbers) expect(n >= -8 && n <= Math.max(w!, h!)).toBe(true);
      expect(svg).not.toContain('style=');
      expect(svg).toMatch(/role="img" aria-labelledby="gap-chart-[^"]+-title gap-chart-[^"]+-desc"/);
    }
    expect(gapChart(fsm()).svg).toBe(gapChart(fsm()).svg);
  });

  it('draws a figure beyond the ledger’s bound (a legacy ledger’s) at the edge, every coordinate finite', () => {
    const { svg, rows } = gapChart(
      fsm({
        comparator: { name: 'Whole population', points: [{ period: '2021', value: 1.7e308 }] },
        gaps: [{ period: '2021', gap: 1.7e308 }],
      }),
    );
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(rows[1]?.comparator).toMatch(/^170,000,000,0/);
  });
});
