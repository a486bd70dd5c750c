import { describe } from 'vitest';
import { openEventStoreDbStore } from '../../src/store/eventstoredb.js';
import { storeContract } from './contract.js';
import { esdbContract } from './eventstoredb.contract-cases.js';
import { FakeEsdb } from './eventstoredb.fake.js';
import { MAX_APPEND_SIZE, type SizeRule } from './eventstoredb.fake-server.js';

// The same contract suites as SQLite and the live server, run on the adapter over the strict in-memory fake of the
// server, once as EventStoreDB 24.10 and once as KurrentDB 25 (they count the maximum append size differently).
for (const sizeRule of ['24.10', '25'] as SizeRule[]) {
  describe(`EventStoreDB adapter over the strict fake (${sizeRule})`, () => {
    storeContract(`EventStoreDB ${sizeRule} (fake server)`, async () =>
      openEventStoreDbStore('esdb://fake:2113?tls=false', { client: new FakeEsdb({ sizeRule }) }),
    );

    // One fake per store: the harness acts on the server of the store opened last.
    let fake = new FakeEsdb({ sizeRule });
    esdbContract(`EventStoreDB ${sizeRule} (fake server)`, {
      open: async (query) => {
        fake = new FakeEsdb({ sizeRule });
        const store = await openEventStoreDbStore(`esdb://fake:2113?tls=false${query ? `&${query}` : ''}`, {
          client: fake,
        });
        return { store, prefix: '' };
      },
      otherApplication: async () => {
        fake.foreign(`order-${crypto.randomUUID()}`, 'OrderPlaced', { total: 12 });
        fake.foreign('planner-settings', 'SettingsChanged', 'not json', { json: false });
        fake.foreign(`$$order-x`, '$metadata', { $maxCount: 10 });
        fake.foreign('inventory', 'StockCounted', { sku: 'é', n: 3 }, { metadata: { app: 'shop' } });
      },
      link: async (streamName, target) => fake.link(streamName, target),
      softDelete: async (streamName) => fake.softDelete(streamName),
      maxAppendSize: MAX_APPEND_SIZE,
    });
  });
}
