import { namedBy, type CityNamesState, type NamedKind } from '../../projections/city-names.js';
import type { TimelineEntry } from '../../projections/journey-timeline.js';
import { sentenceOf, parseStreamId, type Names } from '../events/index.js';
import { periodLabel } from '../present/format.js';

/**
 * How a page says the items of the ledger: by what they are (a plan's intent, a decision's summary, an indicator's
 * name), never by id. A journey page gathers them from its timeline's entries (every item of a journey is created by
 * an entry of its timeline), plus any names the page knows from elsewhere (the indicators and journeys of the city);
 * the city-wide pages from the city-names state (projections/city-names.ts), which keeps the kinds they say.
 */
const SHORT = 90;
/** A long text shortened to a readable handle: "Open family hubs in every ward". */
export const short = (s: string): string => {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length <= SHORT
    ? t
    : `${t.slice(0, t.lastIndexOf(' ', SHORT - 1) > 40 ? t.lastIndexOf(' ', SHORT - 1) : SHORT - 1)}…`;
};
const quoted = (s: string): string => `“${short(s)}”`;

export interface KnownNames {
  journeys?: ReadonlyMap<string, string>;
  indicators?: ReadonlyMap<string, string>;
}

/** Names, and whether an id is an item the page knows (for evidence, which mixes ids and free text). */
export type PageNames = Names & { named(id: string): string | null };

type NameMaps = Record<
  NamedKind | 'challenge' | 'accountability' | 'measurement' | 'gap' | 'group',
  Map<string, string>
>;
const emptyMaps = (): NameMaps => ({
  journey: new Map(),
  indicator: new Map(),
  plan: new Map(),
  decision: new Map(),
  change: new Map(),
  challenge: new Map(),
  accountability: new Map(),
  measurement: new Map(),
  gap: new Map(),
  group: new Map(),
});
/** How a page says an item of each kind city-names.ts keeps, from its raw words. */
const SAY: Record<NamedKind, (words: string) => string> = {
  journey: (w) => w,
  indicator: (w) => w,
  plan: quoted,
  decision: quoted,
  change: quoted,
};

export function namesFrom(entries: Iterable<Pick<TimelineEntry, 'type' | 'data'>>, known: KnownNames = {}): PageNames {
  const maps = emptyMaps();
  for (const [id, name] of known.journeys ?? []) maps.journey.set(id, name);
  for (const [id, name] of known.indicators ?? []) maps.indicator.set(id, name);
  for (const e of entries) {
    const named = namedBy(e);
    if (named !== null) maps[named.kind].set(named.id, SAY[named.kind](named.words));
    const d = e.data as Record<string, unknown>;
    const set = (kind: keyof NameMaps, idField: string, name: string) => {
      if (typeof d[idField] === 'string') maps[kind].set(d[idField], name);
    };
    const text = (field: string): string => (typeof d[field] === 'string' ? d[field] : '');
    switch (e.type) {
      case 'IndicatorDefined':
        for (const g of Array.isArray(d.groups) ? (d.groups as { groupId: string; name: string }[]) : [])
          maps.group.set(g.groupId, g.name);
        break;
      case 'IndicatorGroupAdded':
        set('group', 'groupId', text('name'));
        break;
      case 'GapDefined':
        set('gap', 'gapId', quoted(text('name')));
        break;
      case 'ChangeChallenged':
        set('challenge', 'challengeId', quoted(text('challenge')));
        break;
      case 'AccountabilityAssigned':
        set('accountability', 'accountabilityId', `of ${text('holder')} for ${quoted(text('for'))}`);
        break;
      case 'MeasurementRecorded':
        set('measurement', 'measurementId', `for ${periodLabel(text('period'))}`);
        break;
      default:
        break;
    }
  }
  return pageNames(maps);
}

/** The city-wide pages' names: the kinds the city-names state keeps (the others are said as "an earlier …"). */
export function cityNamesFrom(state: CityNamesState): PageNames {
  const maps = emptyMaps();
  for (const kind of Object.keys(SAY) as NamedKind[])
    for (const [id, words] of state[kind]) maps[kind].set(id, SAY[kind](words));
  return pageNames(maps);
}

function pageNames(maps: NameMaps): PageNames {
  // An id the page cannot name is said as "an earlier …", never as the id itself.
  const say = (map: Map<string, string>, unknown: string) => (id: string) => map.get(id) ?? unknown;
  return {
    journey: say(maps.journey, 'another journey'),
    indicator: say(maps.indicator, 'an indicator'),
    plan: say(maps.plan, 'an earlier plan'),
    decision: say(maps.decision, 'an earlier decision'),
    change: say(maps.change, 'an earlier change'),
    challenge: say(maps.challenge, 'an earlier challenge'),
    accountability: say(maps.accountability, 'an earlier accountability'),
    measurement: say(maps.measurement, 'an earlier figure'),
    gap: say(maps.gap, 'a gap'),
    group: say(maps.group, 'a group'),
    actor: () => 'a user',
    named: (id) => {
      for (const kind of ['indicator', 'decision', 'change', 'plan', 'journey'] as const) {
        const name = maps[kind].get(id);
        if (name !== undefined) return name.replace(/^“|”$/g, '');
      }
      return null;
    },
  };
}

/** A timeline entry's sentence, with ids said as names. */
export const sentence = (e: TimelineEntry, names: Names): string =>
  sentenceOf({ type: e.type, data: e.data, actor: e.actor, streamKey: parseStreamId(e.streamId)?.key ?? '' }, names);

/**
 * The entry number people and report citations use for an entry (`#pos-<entry>`): the event's ordinal + 1, the same
 * in every store (equal to its position on SQLite). The one place that says which field holds it.
 */
export const entryNumber = (e: { entry: number }): string => String(e.entry);

/** Evidence as a person reads it: an item of the ledger by its name, free text as written. */
export const evidenceWords = (evidence: readonly string[], names: PageNames): string[] =>
  evidence.map((x) => names.named(x) ?? x);
