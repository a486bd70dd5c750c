import { Subject, type Observable } from 'rxjs';
import type { StoredEvent } from '../events/envelope.js';
import { RAW_POSITION, rawRowReader } from './sqlite-schema.js';
import type { SqliteStatements } from './sqlite-statements.js';

const PAGE = 1000;

/**
 * live$ of the SQLite adapter: every committed event once, in position order, ours as we commit them and other
 * processes' when tailed.
 */
export class SqliteLiveFeed {
  readonly live$: Observable<StoredEvent>;
  private readonly live = new Subject<StoredEvent>();
  private lastEmitted: number;
  private closed = false;

  constructor(private readonly stmt: SqliteStatements) {
    this.live$ = this.live.asObservable();
    this.lastEmitted = stmt.last.get()?.position ?? 0;
  }

  /** Emit, in position order, everything committed since the last emission: ours and other processes'. */
  tail(): void {
    if (this.closed || !this.live.observed) {
      this.lastEmitted = this.closed ? this.lastEmitted : (this.stmt.last.get()?.position ?? this.lastEmitted);
      return;
    }
    const toEvent = rawRowReader();
    for (;;) {
      const rows = this.stmt.page.all(this.lastEmitted, Number.MAX_SAFE_INTEGER, PAGE);
      for (const r of rows) {
        this.lastEmitted = r[RAW_POSITION];
        this.live.next(toEvent(r));
      }
      if (rows.length < PAGE) return;
    }
  }

  /**
   * After a commit: when what we wrote continues what we last emitted, emit it as is (no read back);
   * otherwise another process wrote in between, and tailing emits both in position order.
   */
  committed(events: StoredEvent[]): void {
    if (events.length === 0) return;
    events.sort((a, b) => Number(a.position) - Number(b.position));
    if (!this.live.observed) {
      // Nobody listens: just remember where the ledger is, without a query per commit.
      this.lastEmitted = Math.max(this.lastEmitted, Number((events[events.length - 1] as StoredEvent).position));
      return;
    }
    const contiguous = events.every((e, i) => Number(e.position) === this.lastEmitted + 1 + i);
    if (!contiguous) {
      this.tail();
      return;
    }
    for (const e of events) {
      this.lastEmitted = Number(e.position);
      this.live.next(e);
    }
  }

  close(): void {
    this.closed = true;
    this.live.complete();
  }
}
