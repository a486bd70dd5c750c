import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import { openEventStoreDbStore } from '../../src/store/eventstoredb.js';
import { storeContract } from './contract.js';

/**
 * The store contract suite (the same code as for SQLite) against a real EventStoreDB / KurrentDB, whenever
 * EVENTSTORE_CONNECTION_STRING is set, e.g.
 *   docker compose up -d eventstore
 *   EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx vitest run test/store/eventstoredb.contract.test.ts
 * Each store the suite opens gets its own stream prefix, so it sees a fresh, empty ledger on a shared server.
 */
const url = process.env.EVENTSTORE_CONNECTION_STRING;

if (url) {
  storeContract('EventStoreDB (live server)', async () =>
    openEventStoreDbStore(url, { streamPrefix: `contract-${randomUUID().slice(0, 8)}-`, connectTimeoutMs: 10_000 }),
  );
} else {
  const reason = 'EVENTSTORE_CONNECTION_STRING is not set: no EventStoreDB server to run the store contract against';
  console.log(`[skipped] EventStore contract: EventStoreDB (live server): ${reason}`);
  describe.skip(`EventStore contract: EventStoreDB (live server) — skipped: ${reason}`, () => {
    it('runs the store contract against a live EventStoreDB', () => undefined);
  });
}
