import { describe } from 'vitest';
import { openEventStoreDbStore } from '../../src/store/eventstoredb.js';
import { storeContract } from './contract.js';
import { FakeEsdb } from './eventstoredb.fake.js';

// The same contract suite as SQLite and the live server, run on the adapter over an in-memory fake of the client:
// it exercises every line of the adapter (hash chain, replay, pages, live$) on a machine without EventStoreDB.
describe('EventStoreDB adapter over the in-memory client fake', () => {
  storeContract('EventStoreDB (fake client)', async () =>
    openEventStoreDbStore('esdb://fake:2113?tls=false', { client: new FakeEsdb() }),
  );
});
