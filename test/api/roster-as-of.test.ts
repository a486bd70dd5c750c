import { describe, expect, it } from 'vitest';
import { accessRosterAt } from '../../src/app/access-registry.js';
import { Ledger } from '../../src/app/ledger.js';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { SYSTEM } from './support.js';

/** The access stream replayed to an instant: the scopes then in force, and since when (docs/decisions.md, "Scopes"). */
describe('the access roster as of an instant', () => {
  it('shows each actor with the scope in force at the instant, never a token hash', async () => {
    const clock = fixedClock('2026-01-10T09:00:00Z');
    const store = openSqliteStore({ file: ':memory:', clock });
    const ledger = new Ledger({ store, clock, newId: sequentialIds('e') });
    try {
      for (const journeyId of ['health', 'safety'])
        await ledger.handle(SYSTEM, {
          type: 'CharterJourney',
          journeyId,
          title: journeyId,
          ambition: 'A',
          horizon: '2030-12-31',
          lead: 'Council',
        });
      await ledger.handle(SYSTEM, {
        type: 'EnrollActor',
        actorId: 'nia',
        name: 'Nia',
        role: 'contributor',
        tokenHash: 'd'.repeat(64),
        scope: { journeys: ['health'] },
      });
      clock.set('2026-03-01T12:00:00Z');
      await ledger.handle(SYSTEM, {
        type: 'ChangeAccessScope',
        actorId: 'nia',
        scope: { partner: 'Police' },
        reason: 'moved',
      });
      clock.set('2026-05-01T12:00:00Z');
      await ledger.handle(SYSTEM, {
        type: 'ChangeAccessScope',
        actorId: 'nia',
        scope: { all: true },
        reason: 'city-wide',
      });
      await ledger.handle(SYSTEM, { type: 'RevokeAccess', actorId: 'nia', reason: 'left' });

      const at = async (asOf: string) => (await accessRosterAt(store, { asOf }))[0];
      expect(await accessRosterAt(store, { asOf: '2026-01-10T08:59:59Z' })).toEqual([]);
      expect(await at('2026-02-01T00:00:00Z')).toEqual({
        actorId: 'nia',
        name: 'Nia',
        role: 'contributor',
        revoked: false,
        scope: { journeys: ['health'] },
        since: '2026-01-10T09:00:00.000Z',
      });
      expect(await at('2026-03-01T12:00:00Z')).toMatchObject({
        scope: { partner: 'Police' },
        since: '2026-03-01T12:00:00.000Z',
      });
      expect(await at('2026-04-30T23:59:59Z')).toMatchObject({ scope: { partner: 'Police' }, revoked: false });
      const now = (await accessRosterAt(store, null))[0];
      expect(now).toMatchObject({ scope: null, revoked: true, since: '2026-05-01T12:00:00.000Z' });
      expect(JSON.stringify(now)).not.toContain('d'.repeat(64));
    } finally {
      await store.close();
    }
  });
});
