import { describe, expect, it } from 'vitest';
import { accessPolicy, subjectOf, type Action, type Principal } from '../../src/domain/policy.js';
import type { JourneyDirectory, JourneyParties } from '../../src/domain/scope.js';
import type { CommandType } from '../../src/events/index.js';
import { WRITE_ROUTES } from '../../src/events/requests.js';

/**
 * The scope check of the one access policy (docs/decisions.md, "Scopes"): a scoped contributor's write is allowed
 * when its role allows it and the journey it is about is in scope, placed against the journeys as the directory
 * knows them now.
 */
const journeys = new Map<string, JourneyParties>();
const links = new Map<string, string[]>(); // indicator → journeys tracking it
const directory: JourneyDirectory = {
  journey: (id) => journeys.get(id) ?? null,
  tracking: (i) => (links.get(i) ?? []).map((j) => journeys.get(j) as JourneyParties),
  all: () => [...journeys.values()],
};
const chart = (journeyId: string, lead: string, partners: string[] = []) =>
  journeys.set(journeyId, { journeyId, title: journeyId, lead, partners });
chart('health', 'Director of Public Health', ['City Council', 'NHS Trust']);
chart('safety', 'Chief Superintendent', [' Police', 'City Council']);
links.set('smoking', ['health']);
links.set('crime', ['safety']);
links.set('shared', ['health', 'safety']);
links.set('orphan', []);

const policy = accessPolicy({ publicRead: false, journeys: directory });
const listed: Principal = { id: 'c1', name: 'Nia', role: 'contributor', scope: { journeys: ['health'] } };
const police: Principal = { id: 'c2', name: 'Pol', role: 'contributor', scope: { partner: 'police' } };
const write = (command: CommandType, subject: object = {}): Action => ({ do: 'write', command, ...subject }) as Action;
const why = (actor: Principal, action: Action) => {
  const v = policy.authorise(actor, action);
  return v.allowed ? 'allowed' : (v.outOfScope ?? `role: ${v.status}`);
};

describe('the access policy: scopes', () => {
  it('allows a listed journey and refuses another, naming the journey', () => {
    expect(why(listed, write('TakeDecision', { journeyId: 'health' }))).toBe('allowed');
    expect(why(listed, write('TakeDecision', { journeyId: 'safety' }))).toBe(
      'journey safety is outside the journey health',
    );
  });

  it('matches a partner against the lead and partners as the journey is now (case and spacing aside)', () => {
    expect(why(police, write('ReportChange', { journeyId: 'safety' }))).toBe('allowed');
    expect(why(police, write('ReportChange', { journeyId: 'health' }))).toMatch(
      /^journey health is outside the journeys of police$/,
    );
    chart('health', 'Director of Public Health', ['City Council', 'NHS Trust', 'POLICE']); // reframed to add it
    expect(why(police, write('ReportChange', { journeyId: 'health' }))).toBe('allowed');
    chart('health', 'Director of Public Health', ['City Council', 'NHS Trust']); // and to drop it again
    expect(policy.may(police, write('ReportChange', { journeyId: 'health' }))).toBe(false);
    chart('health', 'Director of Public Health', ['Police and Crime Commissioner']); // a whole name, not a part
    expect(policy.may(police, write('ReportChange', { journeyId: 'health' }))).toBe(false);
  });

  it('places an indicator by the journeys tracking it: one in scope is enough', () => {
    expect(why(listed, write('RecordMeasurement', { indicatorId: 'smoking' }))).toBe('allowed');
    expect(why(listed, write('RecordMeasurement', { indicatorId: 'shared' }))).toBe('allowed');
    expect(why(listed, write('CorrectMeasurement', { indicatorId: 'crime' }))).toBe(
      'indicator crime is tracked by journey safety, outside the journey health',
    );
    expect(why(listed, write('ReviseTarget', { indicatorId: 'orphan' }))).toMatch(/tracked by no journey/);
  });

  it('lets only a partner chart a journey, and only one naming the partner', () => {
    expect(why(listed, write('CharterJourney'))).toMatch(/a new journey is outside the journey health/);
    expect(policy.may(police, write('CharterJourney'))).toBe(true); // before the body is read
    const charter = (lead: string, partners?: string[]) =>
      write(
        'CharterJourney',
        subjectOf({
          type: 'CharterJourney',
          journeyId: 'n',
          title: 't',
          ambition: 'a',
          horizon: '2030-01-01',
          lead,
          ...(partners ? { partners } : {}),
        }),
      );
    expect(why(police, charter('Police'))).toBe('allowed');
    expect(why(police, charter('Council', ['Police', 'Schools']))).toBe('allowed');
    expect(why(police, charter('Council', ['Schools']))).toMatch(/journey n would be outside the journeys of police/);
  });

  it('lets a scoped contributor define an indicator only for journeys of its scope', () => {
    const define = (journeyIds?: string[]) => write('DefineIndicator', { journeyIds });
    expect(why(listed, define(['health']))).toBe('allowed');
    expect(why(listed, define(['health', 'safety']))).toBe('journey safety is outside the journey health');
    expect(why(listed, define([]))).toMatch(/names no journey/);
    expect(why(police, define(['safety']))).toBe('allowed');
    expect(why(police, define(['unknown']))).toMatch(/journey unknown is outside/);
  });

  it('refuses every contributor write route about an out-of-scope journey (no route escapes the check)', () => {
    for (const r of WRITE_ROUTES.filter((w) => w.roles.includes('contributor'))) {
      const subject = r.path.includes(':journeyId')
        ? { journeyId: 'safety' }
        : r.path.includes(':indicatorId')
          ? { indicatorId: 'crime' }
          : r.command === 'CharterJourney'
            ? { charter: { lead: 'Chief Superintendent' } }
            : { journeyIds: ['safety'] };
      expect(policy.may(listed, write(r.command, subject)), r.command).toBe(false);
      expect(policy.may({ ...listed, scope: { journeys: ['safety'] } }, write(r.command, subject)), r.command).toBe(
        r.command !== 'CharterJourney',
      );
    }
  });

  it('leaves scrutineers, viewers and admins as they are: a scope binds contributors only', () => {
    const scoped = (role: Principal['role']): Principal => ({
      id: 'x',
      name: 'x',
      role,
      scope: { journeys: ['health'] },
    });
    expect(policy.may(scoped('scrutineer'), write('ChallengeChange', { journeyId: 'safety' }))).toBe(true);
    expect(policy.may(scoped('scrutineer'), write('CallInDecision', { journeyId: 'safety' }))).toBe(true);
    expect(policy.may(scoped('admin'), write('TakeDecision', { journeyId: 'safety' }))).toBe(true);
    expect(policy.may(scoped('viewer'), { do: 'read', what: 'journeys', journeyId: 'safety' })).toBe(true);
    expect(policy.may(listed, { do: 'read', what: 'journeys', journeyId: 'safety' })).toBe(true); // reads are not scoped
    expect(policy.recordsOn(scoped('admin'))).toBeNull();
  });

  it('says where a scoped contributor records now, and nothing for one that is not scoped', () => {
    expect(policy.recordsOn(police)?.map((j) => j.journeyId)).toEqual(['safety']);
    expect(policy.recordsOn(listed)?.map((j) => j.journeyId)).toEqual(['health']);
    expect(policy.recordsOn({ id: 'c', name: 'c', role: 'contributor' })).toBeNull();
  });

  it('refuses a scoped write when it cannot tell which journeys it is about (no directory: fail closed)', () => {
    const blind = accessPolicy({ publicRead: false });
    expect(blind.authorise(listed, write('TakeDecision', { journeyId: 'health' }))).toMatchObject({
      allowed: false,
      status: 403,
      outOfScope: expect.stringMatching(/cannot tell which journeys/),
    });
    expect(blind.may({ id: 'c', name: 'c', role: 'contributor' }, write('TakeDecision', { journeyId: 'health' }))).toBe(
      true,
    );
  });
});
