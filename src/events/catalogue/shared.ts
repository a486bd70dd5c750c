import { z } from 'zod';
import type { Role } from '../primitives.js';

/** Small helpers the descriptors share. */
export const opt = <T extends z.ZodType>(schema: T) => schema.optional();
export const list = <T extends z.ZodType>(schema: T) => z.array(schema).max(500);

/** Who may ask (admin always may): contributors make every domain write but challenges and call-ins. */
export const CONTRIBUTORS: readonly Role[] = ['contributor'];
/** Scrutineers challenge changes, call decisions in and conclude call-ins. */
export const SCRUTINEERS: readonly Role[] = ['scrutineer'];

/** The route prefixes of the two kinds of stream a write goes to. */
export const J = '/journeys/:journeyId';
export const I = '/indicators/:indicatorId';

/** The indicators a list names, as references (an absent list names none). */
export const indicators = (ids: readonly string[] | undefined) => ({ indicators: ids ?? [] });
