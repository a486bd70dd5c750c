import type { Actor, NewEvent } from '../../src/events/envelope.js';

export const alice: Actor = { id: 'alice', name: 'Alice Contributor', role: 'contributor' };

let counter = 0;
/** A unique, valid event id for tests (a slug). */
export const nextId = (prefix = 'ev'): string => `${prefix}-${(++counter).toString(36)}-${process.pid.toString(36)}`;

/** A small valid LessonHarvested event: the simplest journey-stream event to append in store tests. */
export const lesson = (
  learned = 'Parents came when sessions moved to the school gate',
  id = nextId('lesson'),
): NewEvent => ({
  id,
  type: 'LessonHarvested',
  data: { lessonId: id, learned },
  actor: alice,
});

export const measurement = (period: string, value: number, id = nextId('m')): NewEvent => ({
  id,
  type: 'MeasurementRecorded',
  data: { measurementId: id, period, value },
  actor: alice,
});

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
