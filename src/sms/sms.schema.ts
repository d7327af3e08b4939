// Input validation for one SMS and for a batch, defined once with zod: the CLI parses with it directly and the
// HTTP routes use its JSON Schema form (Fastify validates with that, rejecting unknown fields).
import { z } from 'zod';
import { AppError } from '../core/index.js';
import type { SmsInput } from './verdict.js';

export const smsInputSchema = z
  .object({
    id: z.string().min(1).max(128).optional(),
    from: z.string().max(64).nullable().optional(),
    to: z.string().max(64).nullable().optional(),
    // Length is checked by the engine so an over-long body gets its own 413 code, not a generic 400.
    body: z.string(),
    route: z.enum(['handset', 'aggregator', 'international']).optional(),
    receivedAt: z
      .union([z.string().max(64).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'must be an ISO 8601 date-time with a time zone'), z.number().int().nonnegative()])
      .optional(),
  })
  .strict();

export const policyQuerySchema = z.object({ policy: z.enum(['network', 'client']).optional() }).strict();

export const batchSchema = z.object({ messages: z.array(smsInputSchema).min(1) }).strict();

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
  return rest;
}

export const smsInputJsonSchema = jsonSchema(smsInputSchema);
export const policyQueryJsonSchema = jsonSchema(policyQuerySchema);

/** Parse one untrusted value (a CLI input line) into an SmsInput, or throw AppError with field details. */
export function parseSmsInput(value: unknown): SmsInput {
  const r = smsInputSchema.safeParse(value);
  if (!r.success) {
    const details = r.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message }));
    throw new AppError('VALIDATION_FAILED', `invalid message: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
  }
  return r.data;
}
