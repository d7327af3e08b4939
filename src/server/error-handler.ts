// The one place where errors become HTTP responses (CONVENTIONS §5): AppError → its status and { code, message,
// details }, Fastify's own client errors → the matching registry code, anything else → 500 INTERNAL with the
// request id. 5xx are logged at error level, the rest at info.
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type ErrorCode } from '../core/index.js';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

function toAppError(err: FastifyError): AppError {
  if (err instanceof AppError) return err;
  if (err.validation) {
    const details = err.validation.map((v) => ({
      field: (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || String((v.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ?? (v.params as { additionalProperty?: string }).additionalProperty ?? '(root)'),
      message: v.message ?? 'invalid',
      ...(v.params && 'additionalProperty' in v.params ? { unknownField: (v.params as { additionalProperty: string }).additionalProperty } : {}),
    }));
    return new AppError('VALIDATION_FAILED', `invalid request ${err.validationContext ?? ''}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`.replace('  ', ' '), details);
  }
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (mapped) return new AppError(mapped, err.message);
  if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) return new AppError('INVALID_JSON', `invalid JSON: ${err.message}`);
  if (err.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', err.message);
  if (err.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', err.message);
  return new AppError('INTERNAL', 'internal error', undefined, { cause: err });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const e = toAppError(err);
    if (e.status >= 500) req.log.error({ err: e.code === 'INTERNAL' ? err : e, reqId: req.id }, 'request failed');
    else req.log.info({ code: e.code, reqId: req.id }, e.message);
    const body = e.code === 'INTERNAL' ? { code: e.code, message: e.message, requestId: req.id } : e.toJSON();
    const retry = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (e.code === 'RATE_LIMITED' && retry) void reply.header('retry-after', String(retry));
    return reply.status(e.status).send(body);
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0] ?? ''}` }),
  );
}
