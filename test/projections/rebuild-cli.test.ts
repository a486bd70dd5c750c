import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerRebuild } from '../../src/cli/rebuild.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { charter, indicatorDefinition, ledgerBuilder } from './fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('journey rebuild', () => {
  it('folds every event of the ledger and prints events/s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jl-rebuild-'));
    dirs.push(dir);
    const file = join(dir, 'ledger.db');
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1'));
    b.indicator('i1', 'IndicatorDefined', indicatorDefinition('i1', { journeyIds: ['j1'] }));
    for (let y = 2022; y <= 2025; y++)
      b.indicator('i1', 'MeasurementRecorded', { measurementId: `m-${y}`, period: String(y), value: 60 + y - 2021 });
    const store = openSqliteStore({ file, checkpointMs: 0 });
    await store.restore(b.events);
    await store.close();

    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const program = new Command().exitOverride();
    registerRebuild(program);
    await program.parseAsync(['rebuild', '--store', `sqlite:${file}`, '--page-size', '2'], { from: 'user' });
    vi.restoreAllMocks();
    expect(out[0]).toMatch(/^rebuilt 6 projections from 6 events in \d+\.\d\d s: [\d,]+ events\/s \(position 6\)\n$/);
    expect(out[1]).toMatch(
      /progress \d+ ms · audit-trail \d+ ms · accountability \d+ ms · city-overview \d+ ms · published-reports \d+ ms · city-names \d+ ms/,
    );
  });

  it('refuses a page size that is not a whole number', async () => {
    const program = new Command().exitOverride();
    registerRebuild(program);
    await expect(
      program.parseAsync(['rebuild', '--store', 'sqlite::memory:', '--page-size', 'lots'], { from: 'user' }),
    ).rejects.toThrow(/--page-size/);
  });
});
