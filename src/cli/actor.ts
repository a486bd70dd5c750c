import { userInfo } from 'node:os';
import type { Actor } from '../events/index.js';

/** Who runs the CLI: the operating-system user, as a `system` actor (the CLI is trusted with the store file). */
export function cliActor(): Actor {
  let user = 'unknown';
  try { user = userInfo().username || user; } catch { /* no passwd entry (containers): stay 'unknown' */ }
  return { id: `cli:${user}`, name: `${user} (journey CLI)`, role: 'system' };
}
