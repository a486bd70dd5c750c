import { parseStreamId, subjectIdOf, type LedgerEvent, type StoredEvent } from '../events/index.js';
import type { Decided } from '../domain/decider.js';
import type { EventStore } from '../store/port.js';
import { StreamWatch } from './stream-watch.js';

/** What the API answers: the item the event is about, and where the event went. */
export interface Appended {
  id: string;
  eventId: string;
  streamId: string;
  revision: number;
  position: string;
}

/**
 * A stream's state as of `revision` (-1: no events), and the ids of its events (for idempotent retries); `version`:
 * the store's externalVersion when it was last read (stream-watch.ts), null when the store cannot tell.
 */
export interface Loaded<S> {
  state: S;
  revision: number;
  ids: Map<string, Appended>;
  version: number | null;
}

export const appendedOf = (e: StoredEvent): Appended => ({
  id: subjectIdOf(e.type, e.data, parseStreamId(e.streamId)?.key || e.streamId),
  eventId: e.id,
  streamId: e.streamId,
  revision: e.revision,
  position: e.position,
});

/** How a cache folds a stream: a decider's initial state and evolve. */
export interface StreamFold<S> {
  initialState: () => S;
  evolve: (state: S, event: Decided) => S;
}

/**
 * Recently used streams' states. Events are immutable, so a cached state is always a valid prefix of its
 * stream: loading reads on from the cached revision, which also picks up what other processes appended, unless
 * the stream watch says nothing can have been appended since (then no query at all). Bounded (least recently used
 * out), so memory stays flat on a large ledger.
 */
export class StreamCache<S> {
  private readonly entries = new Map<string, Loaded<S>>();
  private readonly watch: StreamWatch;

  constructor(
    private readonly store: EventStore,
    private readonly fold: StreamFold<S>,
    private readonly size = 256,
  ) {
    this.watch = new StreamWatch(store, () => true);
  }

  async load(streamId: string): Promise<Loaded<S>> {
    const cached = this.entries.get(streamId);
    if (cached && this.watch.unchanged(streamId, cached.revision, cached.version)) return cached;
    const version = this.watch.version();
    const loaded: Loaded<S> = cached
      ? { ...cached, version }
      : { state: this.fold.initialState(), revision: -1, ids: new Map(), version };
    const fresh: StoredEvent[] = [];
    for await (const e of this.store.readStream(streamId, { fromRevision: loaded.revision + 1 })) fresh.push(e);
    return this.remember(streamId, loaded, fresh);
  }

  /** Fold events (just read, or just appended) onto a loaded state, and keep the result. */
  remember(streamId: string, from: Loaded<S>, events: readonly StoredEvent[]): Loaded<S> {
    let { state, revision } = from;
    for (const e of events) {
      if (e.revision <= revision) continue;
      state = this.fold.evolve(state, e as LedgerEvent);
      revision = e.revision;
      from.ids.set(e.id, appendedOf(e));
    }
    const next = { state, revision, ids: from.ids, version: from.version };
    this.entries.delete(streamId);
    this.entries.set(streamId, next);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    return next;
  }
}
