// The one error type and its registry. Every code mamoru can answer with is declared here and documented in
// docs/errors.md; test/errors-registry.test.ts keeps the two in step. Services throw AppError; only the HTTP
// error handler and the CLI turn it into a response or an exit status.

export interface ErrorSpec {
  /** HTTP status used when the error crosses the API boundary. */
  readonly status: number;
  /** One line for docs/errors.md: what happened and what the caller can do. */
  readonly summary: string;
}

export const ERROR_CODES = {
  CONFIG_INVALID: { status: 500, summary: 'One or more configuration keys are invalid; every bad key is listed in details.' },
  VALIDATION_FAILED: { status: 400, summary: 'The request body or parameters do not match the schema; details name each field.' },
  INVALID_JSON: { status: 400, summary: 'The request body (or an input line) is not valid JSON.' },
  BODY_EMPTY: { status: 400, summary: 'The SMS body is missing or empty after normalisation.' },
  BODY_TOO_LONG: { status: 413, summary: 'The SMS body is longer than the limit (10,000 characters).' },
  PAYLOAD_TOO_LARGE: { status: 413, summary: 'The request body exceeds the server limit in bytes.' },
  BATCH_TOO_LARGE: { status: 413, summary: 'A batch holds more items than allowed (1,000 for verdicts); split it and retry.' },
  BATCH_EMPTY: { status: 400, summary: 'A batch request holds no items.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The request content type is not supported; send application/json.' },
  INVALID_POLICY: { status: 400, summary: 'The policy must be "network" or "client".' },
  INVALID_INDICATOR: { status: 400, summary: 'An indicator value could not be normalised for its kind.' },
  UNAUTHORIZED: { status: 401, summary: 'The request needs credentials (Authorization: Bearer …) and they are missing or wrong.' },
  FORBIDDEN: { status: 403, summary: 'The credentials are valid but not for this, or the endpoint is disabled by configuration.' },
  RATE_LIMITED: { status: 429, summary: 'Too many requests from this API key or reporter; wait for the Retry-After seconds and retry.' },
  NOT_FOUND: { status: 404, summary: 'The requested resource or route does not exist.' },
  CONFLICT: { status: 409, summary: 'The resource already exists or was changed concurrently.' },
  MODEL_INVALID: { status: 500, summary: 'The classifier model file is missing or malformed; run `mamoru train`.' },
  STORAGE_FAILED: { status: 503, summary: 'The store could not complete the operation; nothing was acknowledged.' },
  FILE_UNREADABLE: { status: 400, summary: 'An input file could not be read or parsed.' },
  BUS_UNAVAILABLE: { status: 503, summary: 'The event bus (NATS JetStream) is unreachable, refused the event or did not confirm it in time, so it may not be stored. Check `bus.url` and the NATS server, then retry; a retry with the same event id is stored once.' },
  EVENT_TOO_LARGE: { status: 500, summary: 'An event is larger than the event bus accepts (the NATS server\'s max_payload, 1 MiB by default); the publishing module must split it into smaller events.' },
  SHUTTING_DOWN: { status: 503, summary: 'The server is shutting down; retry against another instance.' },
  INVALID_LINE: { status: 400, summary: 'The line is not a valid Japanese mobile number (070/080/090 and 8 digits, or +81 and 10 digits); hyphens and spaces are fine.' },
  ACTION_DECIDED: { status: 409, summary: 'The operator-queue action was already approved or rejected; a decision is final and cannot be made again.' },
  QUARANTINE_STATE: { status: 409, summary: 'The quarantined message is in a state that does not allow this (e.g. marking as safe a message already released or reported); details give its state.' },
  INTERNAL: { status: 500, summary: 'An unexpected error; the response carries a request id to find it in the log.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
