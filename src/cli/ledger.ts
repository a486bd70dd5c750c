import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { StoredEvent } from '../events/envelope.js';
import { ChainVerifier } from '../store/verify.js';
import { CliError, group, usingStore, withStoreOption } from './common.js';
import { progressBar } from './progress.js';

/** journey export events · journey import events: the ledger's own housekeeping (verify is in verify.ts). */
export function registerLedgerCommands(program: Command): void {
  const exporter = group(program, 'export', 'write the ledger out');
  withStoreOption(
    exporter.command('events').description('every event, in position order, as NDJSON (to stdout or --out)'),
  )
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: { store?: string; out?: string }) => {
      const out = opts.out ? createWriteStream(opts.out) : process.stdout;
      const count = await usingStore(opts, async (store) => {
        let n = 0;
        for await (const page of store.readPages({ pageSize: 5000 })) {
          const chunk = page.map((e) => JSON.stringify(e)).join('\n') + '\n';
          n += page.length;
          if (!out.write(chunk)) await once(out, 'drain');
        }
        return n;
      });
      if (opts.out) {
        await new Promise<void>((resolve, reject) =>
          (out as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? reject(err) : resolve())),
        );
        process.stderr.write(`exported ${count} events to ${opts.out}\n`);
      }
    });

  const importer = group(program, 'import', 'bring events or measurements in');
  withStoreOption(
    importer
      .command('events <file>')
      .description(
        'admin restore from NDJSON: checks every chain first, then writes all or nothing, keeping ids, times and hashes',
      ),
  ).action(async (file: string, opts: { store?: string }) => {
    const events = await readNdjson(file);
    const verifier = new ChainVerifier(false);
    // The file must be a whole, intact ledger (or continue none of the target's streams): check before writing.
    for (const e of events) {
      if (!verifier.check(e)) {
        const b = verifier.firstBroken;
        throw new CliError(
          `refused: ${file} is not intact at stream ${b?.streamId} revision ${b?.revision}: ${b?.reason}; nothing was written`,
        );
      }
    }
    const result = await usingStore(opts, async (store) => {
      const bar = progressBar('importing', events.length);
      try {
        return await store.restore(events);
      } finally {
        bar.update(events.length);
        bar.stop();
      }
    });
    process.stdout.write(
      `imported ${result.written} events (${result.skipped} already present), digest ${verifier.finish().digest}\n`,
    );
  });
}

async function readNdjson(file: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      events.push(JSON.parse(text) as StoredEvent);
    } catch {
      throw new CliError(`refused: ${file} line ${line} is not JSON; nothing was written`);
    }
  }
  return events;
}
