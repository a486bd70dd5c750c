import { byPosition, keyIn, type Actor, type LedgerEvent } from '../src/events/index.js';
import { internActor } from './intern.js';

/**
 * accountability: the register of accountabilities — for what, by whom, by when, to whom — and of plans' owners.
 * Status is worked out at query time against the reference day: `discharged` once discharged, `overdue` when the
 * due date is before the reference day, `open` otherwise. A plan's owner is listed with the plan's intent as "for"
 * and its reviewBy as "due by"; once that date has passed the plan's review is due (`review-due`), which is never
 * an overdue accountability. A withdrawn plan leaves the register; a plan never becomes discharged: it is
 * reviewed, revised or withdrawn.
 *
 * evolve MUTATES the state it is given (see progress.ts).
 */
export type AccountabilityStatus = 'open' | 'overdue' | 'discharged' | 'review-due';

export interface AccountabilityRecord {
  accountabilityId: string;
  journeyId: string;
  holder: string;
  accountableTo: string;
  for: string;
  dueBy: string;
  about: string | null;
  assignedBy: Actor;
  assignedAt: string;
  position: string;
  discharged: { evidence: string[]; dischargedBy: Actor; dischargedAt: string; position: string } | null;
}
export interface PlanOwnerRecord {
  planId: string;
  journeyId: string;
  owner: string;
  accountableTo: string;
  intent: string;
  reviewBy: string | null;
  adoptedAt: string;
  position: string;
  withdrawn: boolean;
}
export interface AccountabilityState {
  accountabilities: Map<string, AccountabilityRecord>;
  plans: Map<string, PlanOwnerRecord>;
}

export interface RegisterEntry {
  kind: 'accountability' | 'plan';
  id: string;
  journeyId: string;
  holder: string;
  accountableTo: string;
  for: string;
  dueBy: string | null;
  status: AccountabilityStatus;
  about: string | null;
  discharged: AccountabilityRecord['discharged'];
  position: string;
}

const key = (journeyId: string, id: string): string => `${journeyId}/${id}`;
/** Accountabilities and plans live in journey streams. */
const journeyOf = (e: LedgerEvent): string => keyIn('journey', e.streamId) ?? e.streamId;

function evolve(state: AccountabilityState, e: LedgerEvent): AccountabilityState {
  switch (e.type) {
    case 'AccountabilityAssigned': {
      const journeyId = journeyOf(e);
      const d = e.data;
      state.accountabilities.set(key(journeyId, d.accountabilityId), {
        accountabilityId: d.accountabilityId,
        journeyId,
        holder: d.holder,
        accountableTo: d.accountableTo,
        for: d.for,
        dueBy: d.dueBy,
        about: d.about ?? null,
        assignedBy: internActor(e.actor),
        assignedAt: e.recordedAt,
        position: e.position,
        discharged: null,
      });
      return state;
    }
    case 'AccountabilityDischarged': {
      const a = state.accountabilities.get(key(journeyOf(e), e.data.accountabilityId));
      if (a)
        a.discharged = {
          evidence: e.data.evidence,
          dischargedBy: internActor(e.actor),
          dischargedAt: e.recordedAt,
          position: e.position,
        };
      return state;
    }
    case 'PlanAdopted': {
      const journeyId = journeyOf(e);
      const d = e.data;
      state.plans.set(key(journeyId, d.planId), {
        planId: d.planId,
        journeyId,
        owner: d.owner,
        accountableTo: d.accountableTo,
        intent: d.intent,
        reviewBy: d.reviewBy ?? null,
        adoptedAt: e.recordedAt,
        position: e.position,
        withdrawn: false,
      });
      return state;
    }
    case 'PlanRevised': {
      const p = state.plans.get(key(journeyOf(e), e.data.planId));
      if (p) {
        if (e.data.owner !== undefined) p.owner = e.data.owner;
        if (e.data.accountableTo !== undefined) p.accountableTo = e.data.accountableTo;
        if (e.data.intent !== undefined) p.intent = e.data.intent;
        if (e.data.reviewBy !== undefined) p.reviewBy = e.data.reviewBy;
      }
      return state;
    }
    case 'PlanWithdrawn': {
      const p = state.plans.get(key(journeyOf(e), e.data.planId));
      if (p) p.withdrawn = true;
      return state;
    }
    default:
      return state;
  }
}

/** An accountability: discharged, else overdue once its due date is before the reference day, else open. */
function accountabilityStatus(dueBy: string, discharged: boolean, referenceDay: string): AccountabilityStatus {
  if (discharged) return 'discharged';
  return dueBy < referenceDay ? 'overdue' : 'open';
}

/**
 * A plan's owner: the plan is up for review once its review date has passed. A review due is never an overdue
 * accountability (it is listed apart and counted nowhere as one).
 */
const planStatus = (reviewBy: string | null, referenceDay: string): AccountabilityStatus =>
  reviewBy !== null && reviewBy < referenceDay ? 'review-due' : 'open';

export interface RegisterFilter {
  holder?: string;
  status?: AccountabilityStatus;
  journeyId?: string;
}

/** The register, due date first (no due date last), filtered by holder (case-insensitive part), status and journey. */
function register(state: AccountabilityState, referenceDay: string, filter: RegisterFilter = {}): RegisterEntry[] {
  const needle = filter.holder?.toLowerCase();
  const out: RegisterEntry[] = [];
  const keep = (x: RegisterEntry): void => {
    if (needle !== undefined && !x.holder.toLowerCase().includes(needle)) return;
    if (filter.status !== undefined && x.status !== filter.status) return;
    out.push(x);
  };
  for (const a of state.accountabilities.values()) {
    if (filter.journeyId !== undefined && a.journeyId !== filter.journeyId) continue;
    keep({
      kind: 'accountability',
      id: a.accountabilityId,
      journeyId: a.journeyId,
      holder: a.holder,
      accountableTo: a.accountableTo,
      for: a.for,
      dueBy: a.dueBy,
      status: accountabilityStatus(a.dueBy, a.discharged !== null, referenceDay),
      about: a.about,
      discharged: a.discharged,
      position: a.position,
    });
  }
  for (const p of state.plans.values()) {
    if (p.withdrawn || (filter.journeyId !== undefined && p.journeyId !== filter.journeyId)) continue;
    keep({
      kind: 'plan',
      id: p.planId,
      journeyId: p.journeyId,
      holder: p.owner,
      accountableTo: p.accountableTo,
      for: p.intent,
      dueBy: p.reviewBy,
      status: planStatus(p.reviewBy, referenceDay),
      about: null,
      discharged: null,
      position: p.position,
    });
  }
  return out.sort((a, b) =>
    (a.dueBy ?? '9999') < (b.dueBy ?? '9999') ? -1 : (a.dueBy ?? '9999') > (b.dueBy ?? '9999') ? 1 : byPosition(a, b),
  );
}

/** Accountabilities (not plans) overdue at the reference day, counted per journey. */
function overdueByJourney(state: AccountabilityState, referenceDay: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of state.accountabilities.values()) {
    if (accountabilityStatus(a.dueBy, a.discharged !== null, referenceDay) === 'overdue')
      counts.set(a.journeyId, (counts.get(a.journeyId) ?? 0) + 1);
  }
  return counts;
}

export const accountability = {
  name: 'accountability' as const,
  initialState: (): AccountabilityState => ({ accountabilities: new Map(), plans: new Map() }),
  evolve,
  query: { register, overdueByJourney },
};
