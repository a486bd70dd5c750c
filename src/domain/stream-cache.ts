import type { StoredEvent } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import type { Decided } from './commands.js';
import { subjectIdOf } from './ids.js';
import type { StreamModel } from './streams.js';

/** What the API answers: the item the event is about, and where the event went. */
export interface Appended {
  id: string;
  eventId: string;
  streamId: string;
  revision: number;
  position: string;
}

/** A stream's state as of `revision` (-1: no events), and the ids of its events (for idempotent retries). */
export interface Loaded {
  state: unknown;
  revision: number;
  ids: Map<string, Appended>;
}

export const appendedOf = (e: StoredEvent, streamKey: string): Appended => ({
  id: subjectIdOf(e.type, e.data, streamKey),
  eventId: e.id,
  streamId: e.streamId,
  revision: e.revision,
  position: e.position,
});

/** The key (journeyId, indicatorId) in a stream id; `access` for the access stream. */
export const streamKeyOf = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);

/**
 * Recently used streams' states. Events are immutable, so a cached state is always a valid prefix of its
 * stream: loading reads on from the cached revision (usually nothing new), which also picks up what other
 * processes appended. Bounded (least recently used out), so memory stays flat on a large ledger.
 */
export class StreamCache {
  private readonly entries = new Map<string, Loaded>();

  constructor(
    private readonly store: EventStore,
    private readonly size = 256,
  ) {}

  async load(streamId: string, model: StreamModel): Promise<Loaded> {
    const cached = this.entries.get(streamId);
    const loaded: Loaded = cached ?? { state: model.initial(), revision: -1, ids: new Map() };
    const fresh: StoredEvent[] = [];
    for await (const e of this.store.readStream(streamId, { fromRevision: loaded.revision + 1 })) fresh.push(e);
    return fresh.length === 0 && cached ? loaded : this.remember(streamId, loaded, model, fresh);
  }

  /** Fold events (just read, or just appended) onto a loaded state, and keep the result. */
  remember(streamId: string, from: Loaded, model: StreamModel, events: readonly StoredEvent[]): Loaded {
    let { state, revision } = from;
    const key = streamKeyOf(streamId);
    for (const e of events) {
      if (e.revision <= revision) continue;
      state = model.evolve(state, e as Decided);
      revision = e.revision;
      from.ids.set(e.id, appendedOf(e, key));
    }
    const next = { state, revision, ids: from.ids };
    this.entries.delete(streamId);
    this.entries.set(streamId, next);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    return next;
  }
}
