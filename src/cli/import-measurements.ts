import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemClock, uuidV7 } from '../clock.js';
import { replayLedger } from '../../projections/replay.js';
import { journeyFacts } from '../../projections/scope-facts.js';
import { accessRosterAt } from '../app/access-registry.js';
import { Ledger } from '../app/ledger.js';
import { importMeasurements } from '../app/measurement-import.js';
import { DomainError } from '../domain/errors.js';
import { accessPolicy, type AccessPolicy, type Principal } from '../domain/policy.js';
import type { Role } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { authorised, CliError, group, usingStore, withStoreOption } from './common.js';
import { progressBar } from './progress.js';

/**
 * Who imports: the operator at the machine, or (--as) an enrolled actor, whose role and scope the access policy
 * applies to every row, placed against the journeys as the ledger holds them now.
 */
async function whoImports(
  store: EventStore,
  actorId: string | undefined,
): Promise<{ actor: Principal; policy?: AccessPolicy }> {
  if (actorId === undefined) return { actor: authorised({ do: 'import-measurements' }) };
  const enrolled = (await accessRosterAt(store, null)).find((a) => a.actorId === actorId);
  if (!enrolled) throw new CliError(`no actor ${actorId} is enrolled (journey token list shows who is)`);
  if (enrolled.revoked) throw new CliError(`the access of ${actorId} is revoked`);
  const actor: Principal = {
    id: actorId,
    name: enrolled.name,
    role: enrolled.role as Role,
    ...(enrolled.scope ? { scope: enrolled.scope } : {}),
  };
  const { states } = await replayLedger(store, null);
  const policy = accessPolicy({ publicRead: false, journeys: journeyFacts(() => states) });
  authorised({ do: 'import-measurements' }, actor, policy);
  return { actor, policy };
}

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
    .option(
      '--as <actorId>',
      'import as this enrolled actor (journey token list): its role and scope apply, and the events name it',
    )
    .action(async (file: string, opts: { store?: string; as?: string }) => {
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
          const { actor, policy } = await whoImports(store, opts.as);
          return await importMeasurements(
            new Ledger({ store, clock: systemClock, newId: uuidV7, ...(policy ? { policy } : {}) }),
            actor,
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
