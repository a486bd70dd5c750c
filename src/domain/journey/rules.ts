import type { DecideContext } from '../decider.js';
import { invalidAll, type RuleBroken } from '../errors.js';
import type { JourneyCommand } from '../commands.js';
import type { JourneyState } from './state.js';

/** What the journey rules of every area share. */
export type CommandOfType<T extends JourneyCommand['type']> = Extract<JourneyCommand, { type: T }>;

/** Every reference in `ids` must be in `known`; each missing one is reported with its field path. */
export function missing(
  ids: readonly string[] | undefined,
  known: (id: string) => boolean,
  path: string,
  what: string,
): RuleBroken[] {
  return (ids ?? []).flatMap((id, i) =>
    known(id) ? [] : [{ path: `${path}.${i}`, message: `${what} ${id} does not exist` }],
  );
}

export const refuseIfAny = (errors: RuleBroken[]): void => {
  if (errors.length > 0) throw invalidAll(errors);
};

export const indicatorKnown =
  (ctx: DecideContext) =>
  (id: string): boolean =>
    ctx.known?.indicators?.has(id) ?? false;

export const planKnown =
  (state: JourneyState) =>
  (id: string): boolean =>
    state.plans.has(id);
