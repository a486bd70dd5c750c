import type { DecideContext } from '../decider.js';
import { invalidAll, type RuleBroken } from '../errors.js';

/** Checks the journey's areas share. */

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

/** Whether an indicator another stream holds exists, as the shell found it before deciding. */
export const indicatorKnown =
  (ctx: DecideContext) =>
  (id: string): boolean =>
    ctx.known?.indicators?.has(id) ?? false;
