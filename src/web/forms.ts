import { z } from 'zod';

/**
 * The sign-in form's parsing (the write forms read their fields with form-fields.ts and validate them with the
 * event's own request schema, form-kit.ts).
 */
type FormBody = Record<string, unknown>;
type Parsed<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

const str = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');

function check<T>(schema: z.ZodType<T>, data: unknown): Parsed<T> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, data: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { ok: false, errors };
}

/** The login form: a token is 16–512 printable characters (the check is the auth module's, this only shapes it). */
export const parseLoginForm = (body: FormBody): Parsed<{ token: string; next: string }> =>
  check(
    z.object({
      token: z.string().trim().min(1, 'enter your access token').max(512, 'that is not an access token'),
      next: z.string(),
    }),
    { token: str(body.token), next: str(body.next) },
  );
