import { close, fdatasync, open } from 'node:fs';

/**
 * The group commit's fsync, off the event loop (docs/decisions.md, "Appends are acknowledged after an fsync made off
 * the event loop"). A queued append's transaction commits with `synchronous = NORMAL` (its WAL frames written, not
 * yet synced), then `durable()` fdatasyncs the WAL file on libuv's thread pool; the appends are acknowledged, and
 * their events emitted, only when that returns, in commit order.
 *
 * Why that is as durable as `synchronous = FULL`: FULL syncs the same WAL file after writing the commit's frames;
 * here the sync comes a little later, but before anyone is told. WAL frames carry cumulative checksums, so after a
 * crash SQLite keeps the longest valid prefix of commits: an unsynced later commit can vanish, never an acknowledged
 * earlier one. A checkpoint (which lets SQLite overwrite the WAL) syncs the WAL and the database in NORMAL too.
 * Page-cache writes belong to the inode, so our own descriptor's fdatasync covers SQLite's writes; SQLite never
 * removes the WAL while a connection (ours) is open, and truncating it keeps the inode.
 */
export class WalSync {
  /** Callers waiting for the next sync to start (it covers everything written before it starts). */
  private next: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  /** The last group's settling: each group waits for the one before it, so commits are acknowledged in order. */
  private last: Promise<void> = Promise.resolve();
  /**
   * Once a sync has failed, what the kernel kept of the WAL is unknown (a failed fsync may drop the dirty pages), and
   * every later commit stands on it: nothing more is acknowledged until the store is opened again.
   */
  private failed: unknown = null;
  private fd: Promise<number> | null = null;

  constructor(
    private readonly walFile: string,
    /** Syncs running at once: concurrent ones share the file system's journal commit; later callers share the next. */
    private readonly concurrency = 2,
  ) {}

  /** Resolves once everything written to the WAL before this call is on disk and every earlier call has resolved. */
  durable(): Promise<void> {
    const mine = new Promise<void>((resolve, reject) => this.next.push({ resolve, reject }));
    if (this.inFlight < this.concurrency) this.start();
    return mine;
  }

  /** Resolves when every sync asked for has settled (before the store closes), and closes the file. */
  async idle(): Promise<void> {
    while (this.inFlight > 0 || this.next.length > 0) await this.last;
    const fd = this.fd;
    this.fd = null;
    if (fd)
      await fd.then(
        (n) => new Promise<void>((resolve) => close(n, () => resolve())),
        () => undefined,
      );
  }

  private start(): void {
    const group = this.next;
    this.next = [];
    this.inFlight += 1;
    const synced = this.sync();
    const settled = this.last.then(() => synced);
    this.last = settled.then(
      () => {
        for (const w of group) w.resolve();
      },
      (e: unknown) => {
        this.failed ??= e;
        for (const w of group) w.reject(this.failed);
      },
    );
    void this.last.then(() => {
      this.inFlight -= 1;
      if (this.next.length > 0 && this.inFlight < this.concurrency) this.start();
    });
  }

  private async sync(): Promise<void> {
    if (this.failed !== null) throw this.failed;
    this.fd ??= new Promise((resolve, reject) => open(this.walFile, 'r', (e, fd) => (e ? reject(e) : resolve(fd))));
    const fd = await this.fd;
    await new Promise<void>((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
  }
}
