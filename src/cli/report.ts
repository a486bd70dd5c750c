import type { Command } from 'commander';
import { systemClock, type Clock } from '../clock.js';
import { assertPeriod, publish, ReportPeriodError, writeFiles } from '../reports/publish.js';
import { buildReport } from '../reports/model.js';
import { renderReport } from '../reports/render.js';
import { verifyReport, type VerifyReportResult } from '../reports/verify-report.js';
import { configuredSigner } from '../store/merkle/signer.js';
import type { EventStore } from '../store/port.js';
import {
  authorised,
  checkpointsFile,
  CliError,
  publicKeyOrError,
  settings,
  signingKeyFile,
  usingStore,
  withStoreOption,
} from './common.js';

/** The actor a CLI publish is recorded under: the operator at the machine, as an admin (only an admin may publish). */
const CLI_ACTOR = { id: 'cli-admin', name: 'Administrator (command line)', role: 'admin' as const };

const defaultOut = (): string => settings().reportsDir;

const period = (p: string): string => {
  try {
    assertPeriod(p);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  return p;
};

/** journey report <period> [--out dir] [--publish] · journey report verify <period> */
export function registerReport(program: Command, clock: Clock = systemClock): void {
  const report = withStoreOption(
    program
      .command('report')
      .description('build the quarterly narrative report for a period (e.g. 2025-Q4) as HTML and Markdown')
      .argument('<period>', 'YYYY-Qn (or YYYY, YYYY-MM, YYYY-MM-DD)')
      .option('--out <dir>', `write the files here (default: REPORTS_DIR or ./reports)`)
      .option(
        '--publish',
        "also publish it: record ReportPublished with its tree head (signed with LEDGER_SIGNING_KEY, if set), digest and each file's sha-256 (once per period)",
      )
      .option('--at <position>', "render as the ledger stood at this store's position (default: the last one)"),
  ).action(async (p: string, opts: { store?: string; out?: string; publish?: boolean; at?: string }) => {
    const which = period(p);
    const out = opts.out ?? defaultOut();
    await usingStore(opts, async (store) => {
      const treeSize = opts.at === undefined ? undefined : await cutAt(store, opts.at);
      if (opts.publish) {
        let result;
        try {
          const signer = signerOrError();
          result = await publish(store, which, {
            actor: authorised({ do: 'publish-report' }, CLI_ACTOR),
            now: clock.now(),
            outDir: out,
            ...(treeSize === undefined ? {} : { treeSize }),
            ...(signer ? { signer } : {}),
          });
        } catch (e) {
          if (e instanceof ReportPeriodError) throw new CliError(e.message);
          throw e;
        }
        if (!result.published) {
          process.stdout.write(
            `the report for ${which} was already published, made from the first ${result.record?.treeHead.treeSize} entries; nothing changed\n`,
          );
          return;
        }
        for (const f of result.files) process.stdout.write(`${out}/${f.name}  sha256 ${f.sha256}\n`);
        const h = result.record?.treeHead;
        const signed = h && 'signature' in h ? `signed by key ${h.keyId}` : 'unsigned (no LEDGER_SIGNING_KEY)';
        process.stdout.write(
          `published ${which}, made from the first ${h?.treeSize} entries (position ${result.record?.position}), tree head root ${h?.rootHash} ${signed}, digest ${result.record?.digest}\n`,
        );
        return;
      }
      const model = await buildReport(store, which, treeSize);
      const files = renderReport(model);
      await writeFiles(out, files);
      for (const f of files) process.stdout.write(`${out}/${f.name}  sha256 ${f.sha256}\n`);
      process.stdout.write(
        `report ${which} made from the first ${model.treeSize} entries (position ${model.position}), digest ${model.digest} (not published)\n`,
      );
    });
  });

  withStoreOption(
    report
      .command('verify')
      .description(
        "check a published report: its tree head's signature, every chain of the ledger it was made from, the Merkle root and digest, consistency with the previous report, and its files re-rendered and on disk",
      )
      .argument('<period>')
      .option('--dir <dir>', 'where the published files are (default: REPORTS_DIR or ./reports)')
      .option('--skip-files', 'do not look for the files on disk: check the ledger and the re-rendered files only')
      .option('--public-key <pem>', 'the public key the tree head must be signed with (default: LEDGER_SIGNING_KEY’s)'),
  ).action(
    async (p: string, own: { store?: string; dir?: string; skipFiles?: boolean; publicKey?: string }, cmd: Command) => {
      // --store may be taken by the parent `report` command (commander gives options to the first command that knows them).
      const opts = { ...cmd.optsWithGlobals<{ store?: string; dir?: string }>(), ...own };
      const which = period(p);
      const publicKey = publicKeyOrError(opts.publicKey);
      const result = await usingStore(opts, async (store) => {
        try {
          return await verifyReport(store, which, {
            dir: opts.dir ?? defaultOut(),
            ...(opts.skipFiles ? { skipFiles: true } : {}),
            ...(publicKey ? { publicKey } : {}),
          });
        } catch (e) {
          if (e instanceof ReportPeriodError) throw new CliError(e.message);
          throw e;
        }
      });
      process.stdout.write(reportLines(result, opts.skipFiles === true));
      if (!result.ok) throw new CliError(`the report for ${which} does not verify`);
      process.stdout.write(`the report for ${which} verifies\n`);
    },
  );
}

const mark = (ok: boolean | null): string => (ok === null ? '-- ' : ok ? 'ok ' : 'BAD');

function reportLines(result: VerifyReportResult, skipFiles: boolean): string {
  const lines = result.checks.map((c) => `${mark(c.ok)} ${c.what}`);
  for (const f of result.files) {
    const disk =
      f.onDisk === undefined
        ? 'not looked for (--skip-files)'
        : f.onDisk === null
          ? 'MISSING ON DISK'
          : f.onDisk === f.published
            ? 'file matches'
            : 'FILE DIFFERS';
    lines.push(
      `${mark(f.ok)} ${f.name}: ${f.rendered === f.published ? 're-rendered identically' : 'RE-RENDER DIFFERS'}, ${disk}`,
    );
  }
  const d = result.digest;
  lines.push(
    `${mark(d.ok)} ledger digest of the first ${result.treeSize} entries: ${d.ok === null ? 'not compared: the ledger up to the cut is broken' : d.ok ? d.actual : `published ${d.published}, now ${d.actual}`}`,
  );
  if (skipFiles) lines.push('-- the published files were not looked for (--skip-files): only the ledger was checked');
  return lines.map((l) => `${l}\n`).join('');
}

/** The signer of LEDGER_SIGNING_KEY, if set: a key that cannot be read stops the command. */
function signerOrError() {
  try {
    return configuredSigner(signingKeyFile(), checkpointsFile());
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
}

/** The cut of the ledger at a position of this store: the number of events up to it. */
async function cutAt(store: EventStore, position: string): Promise<number> {
  if (!/^\d{1,20}$/.test(position)) throw new CliError('--at must be a ledger position (a whole number)');
  const ordinal = await store.tree.leafIndexOf(position);
  if (ordinal === null) throw new CliError(`--at ${position}: the ledger holds no event at that position`);
  return ordinal + 1;
}
