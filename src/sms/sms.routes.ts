// HTTP routes of the SMS module: one verdict, or a batch of up to `engine.maxBatch`.
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../core/index.js';
import { policyQueryJsonSchema, smsInputJsonSchema } from './sms.schema.js';
import type { SmsService } from './sms.service.js';
import type { Policy, SmsInput } from './verdict.js';

export interface SmsRoutesOptions {
  sms: SmsService;
  maxBatch: number;
  /** Most body characters in one batch. */
  maxBatchChars: number;
}

const reason = { type: 'object', properties: { code: { type: 'string' }, weight: { type: 'number' }, detail: { type: 'string' } } };
const verdictSchema = {
  type: 'object',
  properties: {
    id: { type: ['string', 'null'] }, policy: { type: 'string' }, action: { type: 'string', enum: ['allow', 'warn', 'block'] },
    score: { type: 'number' }, category: { type: 'string' }, brand: { type: ['string', 'null'] }, family: { type: ['string', 'null'] },
    fingerprint: { type: 'string' }, reasons: { type: 'array', items: reason },
    indicators: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string' }, value: { type: 'string' }, role: { type: 'string' },
          match: { type: ['object', 'null'], properties: { id: { type: 'string' }, verdict: { type: 'string' }, confidence: { type: 'number' }, source: { type: 'string' } } },
        },
      },
    },
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
  },
};

export const smsRoutes: FastifyPluginAsync<SmsRoutesOptions> = async (app, opts) => {
  app.post<{ Body: SmsInput; Querystring: { policy?: Policy } }>('/v1/sms/verdict', {
    schema: {
      summary: 'Classify one SMS', tags: ['sms'],
      querystring: policyQueryJsonSchema, body: smsInputJsonSchema, response: { 200: verdictSchema },
    },
  }, async (req) => opts.sms.classify(req.body, req.query.policy ?? 'network'));

  app.post<{ Body: { messages: SmsInput[] }; Querystring: { policy?: Policy } }>('/v1/sms/verdicts', {
    // The item limit is checked before validating items, so an oversized batch is refused whole and cheaply.
    preValidation: async (req) => {
      const body = req.body as { messages?: unknown } | null;
      if (!body || !Array.isArray(body.messages)) return;
      if (body.messages.length > opts.maxBatch) {
        throw new AppError('BATCH_TOO_LARGE', `the batch holds ${body.messages.length} messages; the limit is ${opts.maxBatch} — split it and retry`, { limit: opts.maxBatch, received: body.messages.length });
      }
      let chars = 0;
      for (const m of body.messages as Array<{ body?: unknown }>) if (typeof m?.body === 'string') chars += m.body.length;
      if (chars > opts.maxBatchChars) {
        throw new AppError('BATCH_TOO_LARGE', `the batch holds ${chars} body characters; the limit is ${opts.maxBatchChars} — split it and retry`, { limitChars: opts.maxBatchChars, receivedChars: chars });
      }
    },
    schema: {
      summary: `Classify up to ${opts.maxBatch} SMS; items the engine refuses come back as { id, error }`, tags: ['sms'],
      querystring: policyQueryJsonSchema,
      body: { type: 'object', additionalProperties: false, required: ['messages'], properties: { messages: { type: 'array', items: smsInputJsonSchema } } },
      response: { 200: { type: 'object', properties: { verdicts: { type: 'array', items: verdictSchema } } } },
    },
  }, async (req) => ({ verdicts: opts.sms.classifyBatch(req.body.messages, req.query.policy ?? 'network') }));
};
