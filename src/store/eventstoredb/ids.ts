/**
 * EventStoreDB has no ledger-wide index of event ids (its de-duplication is per stream), so the adapter remembers
 * where the ids it has written or read were stored, to refuse an id already stored in another stream (the
 * port's DuplicateEventError). Bounded: the oldest ids are forgotten first. Best effort by nature: an id written
 * by another process and never read here is not known (see docs/eventstoredb.md).
 */
export class IdIndex {
  private readonly places = new Map<string, { streamId: string; revision: number }>();

  constructor(private readonly capacity: number) {}

  remember(id: string, streamId: string, revision: number): void {
    if (this.capacity <= 0) return;
    this.places.delete(id);
    this.places.set(id, { streamId, revision });
    if (this.places.size > this.capacity) {
      const oldest = this.places.keys().next();
      if (!oldest.done) this.places.delete(oldest.value);
    }
  }

  get(id: string): { streamId: string; revision: number } | undefined {
    return this.places.get(id);
  }
}
