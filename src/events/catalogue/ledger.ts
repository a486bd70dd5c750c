import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { Period } from '../primitives.js';

/** The ledger's own events: published reports (the access roster is catalogue/access.ts). */
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha-256 in hex');

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

/** This area's event types, in the catalogue's order: a new one is added here. */
export const LEDGER = [ReportPublished] as const;
