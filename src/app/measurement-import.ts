import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { eventSchemas, Slug, type Actor } from '../events/index.js';
import type { IndicatorCommand } from '../domain/commands.js';
import { DomainError, type RuleBroken } from '../domain/errors.js';
import { BatchRefused, type HandleOptions } from './command-handler.js';
import type { Ledger } from './ledger.js';

/**
 * CSV import of measurements (managers keep their figures in spreadsheets): a header row naming the columns
 * indicator,period,value,group,source,note,measurementId (any order; group, source, note and measurementId may be
 * left out or empty: an empty group is the whole population, any other must be one of the indicator's groups, which
 * the decider checks like any other rule). Every row is checked by the catalogue's schema and by the indicator decider (on the state the
 * rows before it leave, so two rows for one period are caught); any bad row → nothing written and every bad
 * row reported as `line N`; all good → appended in one transaction (SQLite) — all rows or none. A row for an indicator
 * outside the actor's scope is refused by line too (403: the ledger's access policy, src/app/ledger.ts).
 */
export const CSV_COLUMNS = ['indicator', 'period', 'value', 'group', 'source', 'note', 'measurementId'] as const;
const REQUIRED = ['indicator', 'period', 'value'];

const Row = z.strictObject({
  indicatorId: Slug,
  ...eventSchemas.MeasurementRecorded.partial({ measurementId: true }).shape,
});

export interface ParsedRows {
  commands: { line: number; command: IndicatorCommand }[];
  errors: RuleBroken[];
}

const lineError = (line: number, message: string): RuleBroken => ({ path: `line ${line}`, message });

/** Pure: CSV text → one RecordMeasurement per row, or the reasons each bad row was refused. */
export function parseMeasurementsCsv(text: string): ParsedRows {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (e) {
    const line = typeof e === 'object' && e !== null && 'lines' in e ? Number((e as { lines: unknown }).lines) : 1;
    return {
      commands: [],
      errors: [lineError(line, `not readable as CSV: ${e instanceof Error ? e.message : String(e)}`)],
    };
  }
  const [header, ...rows] = records;
  if (!header)
    return {
      commands: [],
      errors: [lineError(1, `the file is empty: expected a header row ${CSV_COLUMNS.join(',')}`)],
    };
  const columns = header.record;
  const headerErrors = [
    ...columns
      .filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c))
      .map((c) => `unknown column "${c}" (expected ${CSV_COLUMNS.join(', ')})`),
    ...REQUIRED.filter((c) => !columns.includes(c)).map((c) => `missing column "${c}"`),
    ...columns.filter((c, i) => columns.indexOf(c) !== i).map((c) => `column "${c}" appears twice`),
  ];
  if (headerErrors.length > 0)
    return { commands: [], errors: headerErrors.map((m) => lineError(header.info.lines, m)) };
  if (rows.length === 0)
    return { commands: [], errors: [lineError(header.info.lines, 'no measurements below the header row')] };

  const commands: ParsedRows['commands'] = [];
  const errors: RuleBroken[] = [];
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== columns.length) {
      errors.push(lineError(line, `has ${record.length} values, the header names ${columns.length} columns`));
      continue;
    }
    const cell = (name: string): string | undefined => {
      const i = columns.indexOf(name);
      const v = i < 0 ? undefined : record[i];
      return v === undefined || v === '' ? undefined : v;
    };
    const value = cell('value');
    const candidate = {
      indicatorId: cell('indicator') ?? '',
      period: cell('period') ?? '',
      value: value === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number.NaN : Number(value),
      ...(cell('group') !== undefined ? { group: cell('group') } : {}),
      ...(cell('source') !== undefined ? { source: cell('source') } : {}),
      ...(cell('note') !== undefined ? { note: cell('note') } : {}),
      ...(cell('measurementId') !== undefined ? { measurementId: cell('measurementId') } : {}),
    };
    const parsed = Row.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'indicatorId' ? 'indicator' : String(issue.path[0] ?? '');
        const message =
          field === 'value'
            ? `value ${JSON.stringify(value ?? '')} is not a number (write 12.5, no thousands separators)`
            : `${field}: ${issue.message}`;
        errors.push(lineError(line, message));
      }
      continue;
    }
    commands.push({ line, command: { type: 'RecordMeasurement', ...parsed.data } });
  }
  return { commands, errors };
}

export interface ImportResult {
  imported: number;
  replayed: boolean;
  streams: { streamId: string; revision: number; position: string }[];
}

/** Validate every row, then write them all or none. Throws a DomainError (invalid) listing every bad line. */
export async function importMeasurements(
  ledger: Ledger,
  actor: Actor,
  text: string,
  options: HandleOptions & { onProgress?: (rowsChecked: number) => void } = {},
): Promise<ImportResult> {
  const parsed = parseMeasurementsCsv(text);
  const errors = parsed.errors;
  // Rows outside the actor's scope (docs/decisions.md, "Scopes") are refused by line, as the API refuses one write.
  const outOfScope = parsed.commands.flatMap(({ line, command }) => {
    const refused = ledger.refusal(actor, command);
    return refused ? [lineError(line, refused.message)] : [];
  });
  errors.push(...outOfScope);
  const refusedLines = new Set(outOfScope.map((e) => e.path));
  const commands = parsed.commands.filter((c) => !refusedLines.has(`line ${c.line}`));
  const run = async (dryRun: boolean) => {
    try {
      return await ledger.indicators.handleMany(
        actor,
        commands.map((c) => c.command),
        { ...options, dryRun },
      );
    } catch (e) {
      if (!(e instanceof BatchRefused)) throw e;
      for (const f of e.failures) {
        const line = (commands[f.index] as { line: number }).line;
        if (!(f.error instanceof DomainError)) throw f.error;
        const broken = f.error.errors.length > 0 ? f.error.errors : [{ path: '', message: f.error.message }];
        for (const b of broken) errors.push(lineError(line, b.message));
      }
      return null;
    }
  };
  // With bad rows already found, still run the deciders over the good ones (writing nothing) to report everything at once.
  const outcome = commands.length > 0 ? await run(errors.length > 0) : null;
  if (errors.length > 0 || !outcome) {
    errors.sort((a, b) => Number(a.path.slice(5)) - Number(b.path.slice(5)));
    const lines = new Set(errors.map((e) => e.path)).size;
    throw new DomainError(
      outOfScope.length > 0 ? 'forbidden' : 'invalid',
      outOfScope.length > 0
        ? `${refusedLines.size} line(s) of the CSV are outside the journeys your access covers (${lines} line(s) in all to fix), so nothing was imported`
        : `${lines} line(s) of the CSV are not valid, so nothing was imported: fix every line listed and send the file again`,
      undefined,
      errors,
    );
  }
  return {
    imported: commands.length,
    replayed: outcome.replayed,
    streams: outcome.results.map((r) => ({
      streamId: r.appended.streamId,
      revision: r.appended.revision,
      position: r.appended.position,
    })),
  };
}
