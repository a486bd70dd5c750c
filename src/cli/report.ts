import type { Command } from 'commander';
import { systemClock, type Clock } from '../clock.js';
import { assertPeriod, publish, ReportPeriodError, verifyReport, writeFiles } from '../reports/publish.js';
import { buildReport } from '../reports/model.js';
import { renderReport } from '../reports/render.js';
import { authorised, CliError, settings, usingStore, withStoreOption } from './common.js';

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
        "also publish it: record ReportPublished with the position, digest and each file's sha-256 (once per period)",
      )
      .option('--at <position>', 'render as the ledger stood at this position (default: the last one)'),
  ).action(async (p: string, opts: { store?: string; out?: string; publish?: boolean; at?: string }) => {
    const which = period(p);
    const out = opts.out ?? defaultOut();
    if (opts.at !== undefined && !/^\d+$/.test(opts.at))
      throw new CliError('--at must be a ledger position (a whole number)');
    await usingStore(opts, async (store) => {
      if (opts.publish) {
        let result;
        try {
          result = await publish(store, which, {
            actor: authorised({ do: 'publish-report' }, CLI_ACTOR),
            now: clock.now(),
            outDir: out,
            ...(opts.at ? { position: opts.at } : {}),
          });
        } catch (e) {
          if (e instanceof ReportPeriodError) throw new CliError(e.message);
          throw e;
        }
        if (!result.published) {
          process.stdout.write(
            `the report for ${which} was already published at position ${result.record?.position}; nothing changed\n`,
          );
          return;
        }
        for (const f of result.files) process.stdout.write(`${out}/${f.name}  sha256 ${f.sha256}\n`);
        process.stdout.write(
          `published ${which} at position ${result.record?.position}, digest ${result.record?.digest}\n`,
        );
        return;
      }
      const model = await buildReport(store, which, opts.at);
      const files = renderReport(model);
      await writeFiles(out, files);
      for (const f of files) process.stdout.write(`${out}/${f.name}  sha256 ${f.sha256}\n`);
      process.stdout.write(
        `report ${which} made at position ${model.position}, digest ${model.digest} (not published)\n`,
      );
    });
  });

  withStoreOption(
    report
      .command('verify')
      .description('re-render a published report at its recorded position and compare digest and files')
      .argument('<period>')
      .option(
        '--dir <dir>',
        'also compare the files in this directory (default: REPORTS_DIR or ./reports, when it holds them)',
      ),
  ).action(async (p: string, own: { store?: string; dir?: string }, cmd: Command) => {
    // --store may be taken by the parent `report` command (commander gives options to the first command that knows them).
    const opts = { ...cmd.optsWithGlobals<{ store?: string; dir?: string }>(), ...own };
    const which = period(p);
    const result = await usingStore(opts, async (store) => {
      try {
        return await verifyReport(store, which, { dir: opts.dir ?? defaultOut() });
      } catch (e) {
        if (e instanceof ReportPeriodError) throw new CliError(e.message);
        throw e;
      }
    });
    for (const f of result.files) {
      const disk = f.onDisk === null ? 'not on disk' : f.onDisk === f.published ? 'file matches' : 'FILE DIFFERS';
      process.stdout.write(
        `${f.ok ? 'ok ' : 'BAD'} ${f.name}: ${f.rendered === f.published ? 're-rendered identically' : 'RE-RENDER DIFFERS'}, ${disk}\n`,
      );
    }
    process.stdout.write(
      `${result.digest.ok ? 'ok ' : 'BAD'} ledger digest at position ${result.position}: ${result.digest.ok ? result.digest.actual : `published ${result.digest.published}, now ${result.digest.actual}`}\n`,
    );
    if (!result.ok) throw new CliError(`the report for ${which} does not verify`);
    process.stdout.write(`the report for ${which} verifies\n`);
  });
}
