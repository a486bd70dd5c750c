import Database from 'better-sqlite3';
import { canonicalJson } from '../../src/events/canonical.js';
import type { EventData } from '../../src/events/catalogue.js';
import { eventHash, type StoredEvent } from '../../src/events/envelope.js';
import { buildReport } from '../../src/reports/model.js';
import { writeFiles } from '../../src/reports/publish.js';
import { renderReport } from '../../src/reports/render.js';
import { COLUMNS, rawRowReader, type RawEventRow } from '../../src/store/sqlite-schema.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { lesson } from './events.js';

/**
 * What an insider with write access to the SQLite file can do with the project's own functions: rewrite one event,
 * recompute its hash and every later hash of its stream (each prevHash too), and rebuild the stored Merkle tree from
 * the rewritten events. `journey verify` without anything kept outside the file finds nothing wrong afterwards.
 * `rebuildTree: false` is the careless insider, who leaves the stored tree as it was.
 */
export async function forgeEvent(
  file: string,
  position: number,
  edit: (e: StoredEvent) => void,
  options: { rebuildTree?: boolean } = {},
): Promise<void> {
  const db = new Database(file);
  const toEvent = rawRowReader();
  const events = (db.prepare(`SELECT ${COLUMNS} FROM events ORDER BY position`).raw(true).all() as RawEventRow[]).map(
    toEvent,
  );
  const target = events.find((e) => e.position === String(position));
  if (!target) throw new Error(`no event at position ${position}`);
  target.actor = { ...target.actor };
  edit(target);
  const update = db.prepare(
    'UPDATE events SET data = ?, actor_id = ?, actor_name = ?, actor_role = ?, prev_hash = ?, hash = ? WHERE position = ?',
  );
  let prevHash = target.prevHash;
  db.transaction(() => {
    for (const e of events) {
      if (e.streamId !== target.streamId || e.revision < target.revision) continue;
      e.prevHash = prevHash;
      e.hash = eventHash(e);
      prevHash = e.hash;
      update.run(canonicalJson(e.data), e.actor.id, e.actor.name, e.actor.role, e.prevHash, e.hash, Number(e.position));
    }
    if (options.rebuildTree !== false) db.exec('DELETE FROM merkle_subtrees');
  })();
  db.close();
  if (options.rebuildTree === false) return;
  const store = openSqliteStore({ file, checkpointMs: 0 });
  store.tree.catchUp();
  await store.close();
}

/**
 * The 40-event ledger the tree tests forge: eight appends of five, alternating streams, so journey-a holds positions
 * 1–5, 11–15, 21–25 and 31–35 (revisions 0–19) and journey-b the others.
 */
export async function seedFortyEvents(store: SqliteEventStore): Promise<void> {
  for (let i = 0; i < 8; i += 1)
    await store.append(
      i % 2 === 0 ? 'journey-a' : 'journey-b',
      Array.from({ length: 5 }, () => lesson(`l${i}`)),
      {
        expectedRevision: 'any',
      },
    );
}

/**
 * The insider's second step: every published report made again from the rewritten ledger, from the same cut and with
 * the same (signed) tree head, its files written over the published ones, and the ReportPublished event rewritten
 * with the new files' sha-256 and the new digest (its hash and the tree recomputed by forgeEvent). Only the tree
 * head's signature cannot be made again.
 */
export async function forgeReports(file: string, reportsDir: string): Promise<void> {
  const reports = await readReports(file);
  for (const r of reports) {
    const store = openSqliteStore({ file, checkpointMs: 0 });
    let digest: string;
    let files: { name: string; sha256: string }[];
    try {
      const head = r.data.treeHead;
      const model = await buildReport(store, r.data.period, head.treeSize);
      const rendered = renderReport({ ...model, treeHead: head });
      await writeFiles(reportsDir, rendered);
      digest = model.digest;
      files = rendered.map((f) => ({ name: f.name, sha256: f.sha256 }));
    } finally {
      await store.close();
    }
    await forgeEvent(file, Number(r.position), (e) => {
      e.data = { ...(e.data as EventData<'ReportPublished'>), digest, files };
    });
  }
}

async function readReports(file: string): Promise<StoredEvent<'ReportPublished'>[]> {
  const store = openSqliteStore({ file, checkpointMs: 0 });
  try {
    const out: StoredEvent<'ReportPublished'>[] = [];
    for await (const e of store.readAll())
      if (e.type === 'ReportPublished') out.push(e as StoredEvent<'ReportPublished'>);
    return out;
  } finally {
    await store.close();
  }
}
