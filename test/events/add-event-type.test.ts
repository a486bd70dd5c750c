import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi.js';
import {
  deriveOccurredAt,
  describeEvent,
  IsoDate,
  ItemId,
  referencesOf,
  sentenceOf,
  Slug,
  subjectIdOf,
  Text,
  idNames,
  type AnyDescriptor,
  type Names,
} from '../../src/events/index.js';
import { bodySchema, paramsSchema, WRITE_ROUTES, writeRoutesOf } from '../../src/events/requests.js';

/**
 * docs/architecture.md, "Adding an event type": a descriptor is all the words the code needs. A throwaway journey
 * event, passed through the same derivation functions the catalogue's events go through, gets its write route and
 * roles, its request body and path schemas, its OpenAPI operation, its valid time, its links to other streams, the
 * item it is about, and the sentence people read — with no table written anywhere else.
 */
const MilestoneReached = describeEvent({
  type: 'MilestoneReached',
  stream: 'journey',
  schema: z.strictObject({
    milestoneId: ItemId,
    what: Text,
    reachedOn: IsoDate,
    indicatorIds: z.array(Slug).max(500).optional(),
  }),
  command: 'MarkMilestone',
  creates: 'milestoneId',
  occurredAt: { field: 'reachedOn', is: 'date' },
  references: (d) => ({ indicators: d.indicatorIds ?? [] }),
  route: { path: '/journeys/:journeyId/milestones', roles: ['contributor'], summary: 'Mark a milestone reached' },
  sentence: (d, names, { by }) =>
    `${by} marked a milestone: ${d.what}${d.indicatorIds?.length ? ` (${d.indicatorIds.map(names.indicator).join(', ')})` : ''}`,
});
const descriptor = MilestoneReached as unknown as AnyDescriptor;
const data = { milestoneId: 'm-1', what: 'Every ward has a hub', reachedOn: '2026-05-01', indicatorIds: ['hub-reach'] };

describe('adding an event type', () => {
  const [route] = writeRoutesOf([descriptor]);

  it('derives its write route, command and roles', () => {
    expect(route).toMatchObject({
      path: '/journeys/:journeyId/milestones',
      command: 'MarkMilestone',
      event: 'MilestoneReached',
      roles: ['contributor'],
    });
  });

  it('derives its request: the id it creates optional, the journey from the path, unknown fields refused', () => {
    if (!route) throw new Error('no route derived');
    const body = bodySchema(route);
    expect(body.safeParse({ what: 'x', reachedOn: '2026-05-01' }).success).toBe(true);
    expect(body.safeParse({ what: 'x', reachedOn: '2026-05-01', colour: 'blue' }).success).toBe(false);
    expect(body.safeParse({ what: 'x', reachedOn: 'soon' }).success).toBe(false);
    expect(paramsSchema(route).safeParse({ journeyId: 'Not A Slug' }).success).toBe(false);
    expect(paramsSchema(route).safeParse({ journeyId: 'school-readiness' }).success).toBe(true);
  });

  it('derives its OpenAPI operation beside the catalogue’s', () => {
    if (!route) throw new Error('no route derived');
    const doc = openApiDocument([...WRITE_ROUTES, route]) as {
      paths: Record<string, { post?: { operationId: string; requestBody: unknown } }>;
    };
    const op = doc.paths['/api/journeys/{journeyId}/milestones']?.post;
    expect(op?.operationId).toBe('MarkMilestone');
    expect(JSON.stringify(op?.requestBody)).toContain('reachedOn');
    expect(doc.paths['/api/journeys/{journeyId}/changes']?.post?.operationId).toBe('ReportChange');
  });

  it('derives its valid time, its links, the item it is about and its sentence', () => {
    const type = 'MilestoneReached';
    expect(deriveOccurredAt(type, data, '2026-06-01T10:00:00.000Z', descriptor)).toBe('2026-05-01T00:00:00.000Z');
    expect(referencesOf(type, data, descriptor)).toEqual({ indicators: ['hub-reach'], journeys: [] });
    expect(subjectIdOf(type, data, 'school-readiness', descriptor)).toBe('m-1');
    const e = { type, data, actor: { name: 'Mina Manager' }, streamKey: 'school-readiness' };
    expect(sentenceOf(e, idNames, descriptor)).toBe(
      'Mina Manager marked a milestone: Every ward has a hub (hub-reach)',
    );
    const names: Names = { ...idNames, indicator: () => 'Families reached by a hub' };
    expect(sentenceOf(e, names, descriptor)).toBe(
      'Mina Manager marked a milestone: Every ward has a hub (Families reached by a hub)',
    );
  });
});
