/**
 * A broken business rule, in the domain's words. `kind` says what kind of "no" it is; the API maps kinds to
 * HTTP statuses in exactly one place (src/api/problem.ts): not-found → 404, conflict → 409, invalid → 400,
 * forbidden → 403 (the access policy said no: a write outside the actor's scope).
 * `path` names the field at fault (dotted, e.g. `indicatorIds.1`), when there is one.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'invalid' | 'forbidden';

export interface RuleBroken {
  path: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly path?: string,
    /** Further broken rules of the same kind (e.g. every unknown indicator), each with its field. */
    readonly errors: RuleBroken[] = path ? [{ path, message }] : [],
  ) {
    super(message);
  }
}

export const notFound = (message: string, path?: string): DomainError => new DomainError('not-found', message, path);
export const conflict = (message: string, path?: string): DomainError => new DomainError('conflict', message, path);
export const forbidden = (message: string, errors?: RuleBroken[]): DomainError =>
  new DomainError('forbidden', message, undefined, errors);
export const invalid = (path: string, message: string): DomainError => new DomainError('invalid', message, path);
/** Several invalid fields at once, so the caller can fix them all in one go. */
export const invalidAll = (errors: RuleBroken[]): DomainError =>
  new DomainError('invalid', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors[0]?.path, errors);

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

export const assertNever = (x: never): never => {
  throw new Error(`unhandled command: ${JSON.stringify(x)}`);
};
