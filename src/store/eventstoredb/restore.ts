import { eventHash, GENESIS_HASH, type EventRecord } from '../../events/envelope.js';
import { AppendTooLargeError, ChainError, DuplicateEventError } from '../port.js';
import { runsWithin } from './size.js';

export interface RestoreTarget {
  head(streamId: string): Promise<EventRecord | null>;
  range(streamId: string, fromRevision: number, maxCount: number): Promise<EventRecord[]>;
  /** The stream an id is known to be stored in, when that is another stream; else null. */
  seenElsewhere(id: string, streamId: string): string | null;
  /** Append a run of one stream's events after revision `expectedRevision` (-1: the stream must not exist). */
  write(streamId: string, run: EventRecord[], expectedRevision: number): Promise<void>;
  /** What an event counts against the server's maximum append size, as it will be sent (see size.ts). */
  sizeOf(e: EventRecord): number;
  maxAppendSize: number;
}

/**
 * Admin restore and migration on EventStoreDB. Every event is checked first (revision continues its stream,
 * prevHash is the head's hash, hash is the content's) and nothing is written when one fails: the whole call is
 * refused with ChainError, as is an event too big for one append (AppendTooLargeError). Events already there (same id
 * at the same place) are skipped. Then each stream's run is appended with the expected revision it continues, cut
 * so that no append exceeds the server's maximum append size (counted in UTF-8 bytes, as the server counts). EventStoreDB has no transaction across streams (nor across
 * runs cut for size), so a crash part-way leaves a prefix of each stream; restoring again completes it.
 */
export async function restoreEvents(
  events: readonly EventRecord[],
  target: RestoreTarget,
): Promise<{ written: number; skipped: number }> {
  const heads = new Map<string, { revision: number; hash: string }>();
  const stored = new Map<string, Map<number, string>>(); // ids already on the server, per stream and revision
  const plan: EventRecord[] = [];
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
    const size = target.sizeOf(e);
    if (size > target.maxAppendSize)
      throw new AppendTooLargeError(
        `${e.streamId}@${e.revision} (event ${e.id}) is ${size} bytes: EventStoreDB takes at most ${target.maxAppendSize} bytes in one append (its MaxAppendSize); nothing was restored`,
        size,
        target.maxAppendSize,
      );
    head.revision = e.revision;
    head.hash = e.hash;
    plan.push(e);
    planned.add(e.streamId);
  }

  const runs = runsWithin(
    plan,
    (e) => target.sizeOf(e),
    target.maxAppendSize,
    (a, b) => a.streamId === b.streamId,
  );
  for (const run of runs) {
    const first = run[0] as EventRecord;
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
