import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
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
      const file = opts.out;
      // Opened before the store is read: a path that cannot be written is one line and exit 1, not a stack trace.
      const out = file === undefined ? process.stdout : await openOut(file);
      let writeError: unknown;
      out.once('error', (e) => (writeError = e));
      const count = await usingStore(opts, async (store) => {
        let n = 0;
        for await (const page of store.readPages({ pageSize: 5000 })) {
          const chunk = page.map((e) => JSON.stringify(e)).join('\n') + '\n';
          n += page.length;
          if (!out.write(chunk)) await once(out, 'drain');
        }
        return n;
      }).catch((e: unknown) => {
        throw file !== undefined && e === writeError ? cannotWrite(file, e) : e;
      });
      if (file !== undefined) {
        await new Promise<void>((resolve, reject) =>
          (out as WriteStream).end((err?: Error | null) => (err ? reject(cannotWrite(file, err)) : resolve())),
        );
        process.stderr.write(`exported ${count} events to ${file}\n`);
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

/** The export file, created owner-only (it holds the whole ledger, token hashes included). */
async function openOut(file: string): Promise<WriteStream> {
  const out = createWriteStream(file, { mode: 0o600 });
  try {
    await once(out, 'open');
  } catch (e) {
    throw cannotWrite(file, e);
  }
  return out;
}

const cannotWrite = (file: string, e: unknown): CliError => {
  const code = (e as { code?: unknown })?.code;
  const why =
    code === 'ENOENT'
      ? 'its folder does not exist'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : e instanceof Error
              ? e.message
              : String(e);
  return new CliError(`cannot write the export to ${file}: ${why}`);
};

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
