import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { ItemId, Period, Role, Text } from '../primitives.js';

/** The ledger's own events: published reports and the access roster. */
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha-256 in hex');

/** Appended by publishing (src/reports/publish.ts) straight to report-{period}: no command asks for it. */
const ReportPublished = describeEvent({
  type: 'ReportPublished',
  stream: 'report',
  schema: z.strictObject({
    period: Period,
    position: z.string().regex(/^\d+$/),
    digest: Sha256,
    files: z.array(z.strictObject({ name: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/), sha256: Sha256 })).min(1),
  }),
  sentence: (d) => `Report ${d.period} published at position ${d.position}`,
});

/** Token hashes: the token itself is never stored, and the hash never leaves the store. */
const ActorEnrolled = describeEvent({
  type: 'ActorEnrolled',
  stream: 'access',
  schema: z.strictObject({ actorId: ItemId, name: Text, role: Role, tokenHash: Sha256 }),
  command: 'EnrollActor',
  creates: 'actorId',
  sentence: (d) => `${d.name} enrolled as ${d.role}`,
});

const AccessRevoked = describeEvent({
  type: 'AccessRevoked',
  stream: 'access',
  schema: z.strictObject({ actorId: ItemId, reason: Text }),
  command: 'RevokeAccess',
  subject: 'actorId',
  sentence: (d, names) => `Access of ${names.actor(d.actorId)} revoked: ${d.reason}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const LEDGER = [ReportPublished, ActorEnrolled, AccessRevoked] as const;
