import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemClock, uuidV7 } from '../clock.js';
import { Ledger } from '../app/ledger.js';
import { importMeasurements } from '../app/measurement-import.js';
import { DomainError } from '../domain/errors.js';
import { authorised, CliError, group, usingStore, withStoreOption } from './common.js';
import { progressBar } from './progress.js';

/** journey import measurements <file.csv>: every row checked, then all rows or none; every bad row reported. */
export function registerImportMeasurements(program: Command): void {
  const importer = group(program, 'import', 'bring data into the ledger');
  withStoreOption(
    importer
      .command('measurements')
      .description(
        'import measurements from CSV (indicator,period,value[,group,source,note,measurementId]): all rows or none',
      ),
  )
    .argument('<file>', 'the CSV file, with a header row')
    .action(async (file: string, opts: { store?: string }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const rows = Math.max(0, text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);
      const result = await usingStore(opts, async (store) => {
        const bar = progressBar('checking rows', rows);
        try {
          return await importMeasurements(
            new Ledger({ store, clock: systemClock, newId: uuidV7 }),
            authorised({ do: 'import-measurements' }),
            text,
            {
              onProgress: (n) => bar.update(n),
            },
          );
        } finally {
          bar.stop();
        }
      }).catch((e: unknown) => {
        if (!(e instanceof DomainError)) throw e;
        for (const err of e.errors) process.stderr.write(`${file}: ${err.path}: ${err.message}\n`);
        throw new CliError(e.message);
      });
      process.stdout.write(
        `imported ${result.imported} measurements into ${result.streams.length} indicator(s): ${result.streams.map((s) => s.streamId).join(', ')}\n`,
      );
    });
}
