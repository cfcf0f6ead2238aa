/** A problem the user can fix, located as precisely as we can: form field, or CSV line and column. */
export interface Problem {
  field?: string;
  line?: number | null;
  column?: string | null;
  value?: string | null;
  message: string;
}

/** Errors that carry their HTTP status; the error handler turns them into pages or JSON. */
export class AppError extends Error {
  readonly status: number;
  readonly problems: Problem[];
  /** Sent as Retry-After when set: how many seconds the client should wait before trying again. */
  retryAfterSeconds: number | null = null;
  constructor(status: number, message: string, problems: Problem[] = []) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.problems = problems;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string) {
    super(400, message);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Login required') {
    super(401, message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed') {
    super(403, message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(404, message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, message);
  }
}
export class ValidationError extends AppError {
  constructor(message: string, problems: Problem[] = []) {
    super(422, message, problems.length ? problems : [{ message }]);
  }
}
export class TooManyRequestsError extends AppError {
  constructor(message: string, retryAfterSeconds: number | null = null) {
    super(429, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
/** The server is too busy for this request now (every password check taken); try again shortly. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(503, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

interface ZodIssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  errors?: readonly (readonly ZodIssueLike[])[];
}

/**
 * A union ("a JSON number or a text such as 12,5") that fails says only "Invalid input". The
 * branch that took the value's type says what is wrong with it ("use a number such as 20 or
 * 12,5"), so that message is shown; when every branch refused the type, the union's own is.
 */
function issueMessage(issue: ZodIssueLike): string {
  if (issue.code !== 'invalid_union' || !issue.errors) return issue.message;
  const fitting = issue.errors.find((branch) => branch.length > 0 && branch.some((inner) => inner.code !== 'invalid_type'));
  const inner = fitting?.find((candidate) => candidate.code !== 'invalid_type');
  return inner ? issueMessage(inner) : issue.message;
}

/** Turns zod issues into problems named by their path (e.g. "perspectives.0.dimensions.1.items"). */
export function problemsFromZod(issues: readonly ZodIssueLike[]): Problem[] {
  return issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    message: issueMessage(issue),
  }));
}

/** Reads a service's input with its schema, or refuses it with every problem named by its field. */
export function parseInput<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly ZodIssueLike[] } } }, input: unknown, message: string): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new ValidationError(message, problemsFromZod(parsed.error.issues));
  return parsed.data;
}

/** Refuses a change for one field's reason (422), naming the value when there is one. */
export function refuse(message: string, field: string, problem: string, value?: string | number | null): never {
  throw new ValidationError(message, [{ field, message: problem, value: value === undefined || value === null ? undefined : String(value) }]);
}
