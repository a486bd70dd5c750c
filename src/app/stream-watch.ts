import type { EventStore } from '../store/port.js';

/**
 * Whether a stream may have moved past a revision this process holds, without a query: this process's own commits
 * are seen on the store's live$ as they commit (whichever door or handler made them), another process's through the
 * store's `externalVersion` (SQLite: PRAGMA data_version). A state read under a version, with no newer revision of
 * its stream seen since, is still the stream's latest. A store without `externalVersion` is always asked
 * (docs/decisions.md, "What a request reads").
 */
export class StreamWatch {
  /** The newest revision live$ has shown of each watched stream. */
  private readonly newest = new Map<string, number>();

  constructor(
    private readonly store: EventStore,
    watched: (streamId: string) => boolean,
  ) {
    if (!store.externalVersion) return;
    store.live$.subscribe((e) => {
      if (watched(e.streamId) && e.revision > (this.newest.get(e.streamId) ?? -1))
        this.newest.set(e.streamId, e.revision);
    });
  }

  /** Taken before a stream is read from the store, kept with what was read. Null: the store cannot tell. */
  version(): number | null {
    return this.store.externalVersion?.() ?? null;
  }

  /** Whether a state of `streamId` at `revision`, read under `version`, is still the stream's latest. */
  unchanged(streamId: string, revision: number, version: number | null): boolean {
    if (version === null || (this.newest.get(streamId) ?? -1) > revision) return false;
    return this.store.externalVersion?.() === version;
  }
}
