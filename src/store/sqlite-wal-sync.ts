import { open } from 'node:fs/promises';

/**
 * The group commit's fsync, off the event loop (docs/decisions.md, "Appends are acknowledged after an fsync made off
 * the event loop"). A queued append's transaction commits with `synchronous = NORMAL` (its WAL frames written, not
 * yet synced), then `durable()` fdatasyncs the WAL file on libuv's thread pool; the appends are acknowledged, and
 * their events emitted, only when that returns, in commit order.
 *
 * Why that is as durable as `synchronous = FULL`: FULL syncs the same WAL file after writing the commit's frames;
 * here the sync comes a little later, but before anyone is told. WAL frames carry cumulative checksums, so after a
 * crash SQLite keeps the longest valid prefix of commits: an unsynced later commit can vanish, never an acknowledged
 * earlier one. A checkpoint (which lets SQLite overwrite the WAL) syncs the WAL and the database in NORMAL too. The
 * file is opened by name for each sync: page-cache writes belong to the inode, so any descriptor's fdatasync covers
 * SQLite's writes.
 */
export class WalSync {
  /** The last sync started: each waits for the ones before it, so commits are acknowledged in commit order. */
  private last: Promise<void> = Promise.resolve();
  /**
   * Once a sync has failed, what the kernel kept of the WAL is unknown (a failed fsync may drop the dirty pages), and
   * every later commit stands on it: nothing more is acknowledged until the store is opened again.
   */
  private failed: unknown = null;

  constructor(private readonly walFile: string) {}

  /**
   * Resolves once everything written to the WAL before this call is on disk and every earlier call has resolved.
   * Each call starts its own fdatasync at once: concurrent ones share the file system's journal commit.
   */
  durable(): Promise<void> {
    const synced = this.sync();
    const mine = this.last.then(() => synced);
    this.last = mine.catch((e: unknown) => {
      this.failed ??= e;
    });
    return mine;
  }

  /** Resolves when every sync started has settled (before the store closes). */
  async idle(): Promise<void> {
    for (let seen: Promise<void> | null = null; seen !== this.last;) {
      seen = this.last;
      await seen;
    }
  }

  private async sync(): Promise<void> {
    if (this.failed !== null) throw this.failed;
    const file = await open(this.walFile, 'r');
    try {
      await file.datasync();
    } finally {
      await file.close();
    }
  }
}
