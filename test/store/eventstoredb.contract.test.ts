import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent, binaryEvent } from '@eventstore/db-client';
import { afterAll, describe, it } from 'vitest';
import { openEventStoreDbStore } from '../../src/store/eventstoredb.js';
import { storeContract } from './contract.js';
import { esdbContract } from './eventstoredb.contract-cases.js';

/**
 * The store contract suites (the same code as for SQLite and the fake) against a real EventStoreDB / KurrentDB,
 * whenever EVENTSTORE_CONNECTION_STRING is set, e.g.
 *   docker compose up -d eventstore
 *   EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx vitest run test/store/eventstoredb.contract.test.ts
 * Each store the suite opens gets its own stream prefix, so it sees a fresh, empty ledger on a shared server; the
 * EventStoreDB cases write other applications' events, links and soft deletes through a raw client. The server is
 * expected to run with its default MaxAppendSize (1 MiB).
 */
const url = process.env.EVENTSTORE_CONNECTION_STRING;

if (url) {
  const prefixed = (query?: string) => {
    const prefix = `contract-${randomUUID().slice(0, 8)}-`;
    const full = query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
    return { prefix, open: () => openEventStoreDbStore(full, { streamPrefix: prefix, connectTimeoutMs: 10_000 }) };
  };
  storeContract('EventStoreDB (live server)', async () => prefixed().open());

  const raw = EventStoreDBClient.connectionString(url);
  afterAll(async () => raw.dispose());
  esdbContract('EventStoreDB (live server)', {
    open: async (query) => {
      const p = prefixed(query);
      return { store: await p.open(), prefix: p.prefix };
    },
    otherApplication: async () => {
      await raw.appendToStream(`order-${randomUUID()}`, jsonEvent({ type: 'OrderPlaced', data: { total: 12 } }));
      await raw.appendToStream(
        `planner-${randomUUID()}`,
        binaryEvent({ type: 'SettingsChanged', data: Buffer.from('not json') }),
      );
    },
    link: async (streamName, target) => {
      await raw.appendToStream(
        streamName,
        binaryEvent({ type: '$>', data: Buffer.from(`${target.revision}@${target.streamId}`) }),
      );
    },
    softDelete: async (streamName) => {
      await raw.deleteStream(streamName);
    },
    maxAppendSize: 1024 * 1024,
  });
} else {
  const reason = 'EVENTSTORE_CONNECTION_STRING is not set: no EventStoreDB server to run the store contract against';
  console.log(`[skipped] EventStore contract: EventStoreDB (live server): ${reason}`);
  describe.skip(`EventStore contract: EventStoreDB (live server) — skipped: ${reason}`, () => {
    it('runs the store contract against a live EventStoreDB', () => undefined);
  });
}
