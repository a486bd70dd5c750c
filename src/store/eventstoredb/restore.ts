import { eventHash, GENESIS_HASH, type StoredEvent } from '../../events/envelope.js';
import { ChainError, DuplicateEventError } from '../port.js';

export interface RestoreTarget {
  head(streamId: string): Promise<StoredEvent | null>;
  range(streamId: string, fromRevision: number, maxCount: number): Promise<StoredEvent[]>;
  /** The stream an id is known to be stored in, when that is another stream; else null. */
  seenElsewhere(id: string, streamId: string): string | null;
  /** Append a run of one stream's events after revision `expectedRevision` (-1: the stream must not exist). */
  write(streamId: string, run: StoredEvent[], expectedRevision: number): Promise<void>;
}

/** EventStoreDB refuses appends over its maximum append size (1 MB by default): runs are cut well below it. */
const MAX_RUN_EVENTS = 200;
const MAX_RUN_BYTES = 512 * 1024;

/**
 * Admin restore and migration on EventStoreDB. Every event is checked first (revision continues its stream,
 * prevHash is the head's hash, hash is the content's) and nothing is written when one fails: the whole call is
 * refused with ChainError. Events already there (same id at the same place) are skipped. Then each stream's run is
 * appended with the expected revision it continues. EventStoreDB has no transaction across streams (nor across
 * runs cut for size), so a crash part-way leaves a prefix of each stream; restoring again completes it.
 */
export async function restoreEvents(
  events: StoredEvent[],
  target: RestoreTarget,
): Promise<{ written: number; skipped: number }> {
  const heads = new Map<string, { revision: number; hash: string }>();
  const stored = new Map<string, Map<number, string>>(); // ids already on the server, per stream and revision
  const plan: StoredEvent[] = [];
  const planned = new Set<string>(); // streams this call already continues
  let skipped = 0;

  for (const e of events) {
    let head = heads.get(e.streamId);
    let serverHead: { revision: number } | null = null;
    if (!head) {
      const h = await target.head(e.streamId);
      head = h ? { revision: h.revision, hash: h.hash } : { revision: -1, hash: GENESIS_HASH };
      heads.set(e.streamId, head);
    }
    if (!planned.has(e.streamId)) serverHead = { revision: head.revision };
    const elsewhere = target.seenElsewhere(e.id, e.streamId);
    if (elsewhere) throw new DuplicateEventError(e.id, elsewhere);
    if (serverHead && e.revision <= serverHead.revision) {
      const ids = await idsOnServer(target, stored, e.streamId, e.revision, serverHead.revision);
      if (ids.get(e.revision) === e.id) {
        skipped += 1;
        continue;
      }
      throw new ChainError(
        `${e.streamId}@${e.revision}: another event is already stored there`,
        e.streamId,
        e.revision,
      );
    }
    if (e.revision !== head.revision + 1) {
      throw new ChainError(
        `${e.streamId}: revision ${e.revision} does not follow ${head.revision}`,
        e.streamId,
        e.revision,
      );
    }
    if (e.prevHash !== head.hash)
      throw new ChainError(
        `${e.streamId}@${e.revision}: prevHash does not match the stream's head`,
        e.streamId,
        e.revision,
      );
    if (eventHash(e) !== e.hash)
      throw new ChainError(
        `${e.streamId}@${e.revision}: hash does not match the event's content`,
        e.streamId,
        e.revision,
      );
    head.revision = e.revision;
    head.hash = e.hash;
    plan.push(e);
    planned.add(e.streamId);
  }

  for (const run of runs(plan)) {
    const first = run[0] as StoredEvent;
    await target.write(first.streamId, run, first.revision - 1);
  }
  return { written: plan.length, skipped };
}

/** Ids stored in a stream from a revision up to its head, read once per stream and call. */
async function idsOnServer(
  target: RestoreTarget,
  cache: Map<string, Map<number, string>>,
  streamId: string,
  from: number,
  head: number,
): Promise<Map<number, string>> {
  let ids = cache.get(streamId);
  if (!ids || !ids.has(from)) {
    ids = ids ?? new Map<number, string>();
    for (const e of await target.range(streamId, from, head - from + 1)) ids.set(e.revision, e.id);
    cache.set(streamId, ids);
  }
  return ids;
}

/** Consecutive events of one stream, cut so each append stays under the server's size limit. */
function* runs(events: StoredEvent[]): Iterable<StoredEvent[]> {
  let run: StoredEvent[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = JSON.stringify(e.data).length + 600;
    const last = run[run.length - 1];
    if (last && (last.streamId !== e.streamId || run.length >= MAX_RUN_EVENTS || bytes + size > MAX_RUN_BYTES)) {
      yield run;
      run = [];
      bytes = 0;
    }
    run.push(e);
    bytes += size;
  }
  if (run.length > 0) yield run;
}
