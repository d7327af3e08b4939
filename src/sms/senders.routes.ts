// The sender registry over HTTP: aggregators and the hub list and register 0005 numbers and sender ids; the hub's
// analysts vet them. Export as JSON, JSONL or CSV. Changes are audited and used by the verdict engine at once.
import type { FastifyPluginAsync } from 'fastify';
import { requireRole, type AuditLog } from '../core/index.js';
import type { SenderInput, SendersService } from './senders.service.js';
import type { RegisteredSenderType, SenderRegistration, Vetting } from './sender-registry.js';

export interface SendersRoutesOptions { senders: SendersService; audit: AuditLog; maxBatch: number }

const CSV_HEADER = 'sender,sender_type,owner,brand_id,vetting,official_domains,updated_at';
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const senderCsvLine = (r: SenderRegistration): string =>
  [r.sender, r.senderType, r.owner, r.brandId ?? '', r.vetting, r.officialDomains.join(' '), new Date(r.updatedAt).toISOString()].map(csvCell).join(',');
export const SENDERS_CSV_HEADER = CSV_HEADER;

export const sendersRoutes: FastifyPluginAsync<SendersRoutesOptions> = async (app, opts) => {
  app.get<{ Querystring: { vetting?: Vetting; owner?: string; brand?: string; type?: RegisteredSenderType; format?: 'json' | 'jsonl' | 'csv' } }>('/v1/senders', {
    schema: {
      summary: 'The sender registry (0005 numbers and sender ids), filtered; format json, jsonl or csv for export', tags: ['sms'], security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          vetting: { type: 'string', enum: ['vetted', 'pending', 'revoked'] }, owner: { type: 'string', maxLength: 200 }, brand: { type: 'string', maxLength: 100 },
          type: { type: 'string', enum: ['common', 'alphanumeric', 'phone', 'shortcode'] }, format: { type: 'string', enum: ['json', 'jsonl', 'csv'] },
        },
      },
    },
  }, async (req, reply) => {
    requireRole(req.principal, ['member', 'analyst']);
    const q = req.query;
    const rows = opts.senders.list({ vetting: q.vetting, owner: q.owner, brandId: q.brand, type: q.type });
    if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').send(`${[CSV_HEADER, ...rows.map(senderCsvLine)].join('\n')}\n`);
    if (q.format === 'jsonl') return reply.type('application/x-ndjson').send(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : ''));
    return { senders: rows };
  });

  app.post<{ Body: { senders: SenderInput[] } }>('/v1/senders', {
    schema: {
      summary: 'Register or update senders (members: pending registrations of their own; analysts: anything, vetting included); audited', tags: ['sms'], security: [{ bearer: [] }],
      body: {
        type: 'object', additionalProperties: false, required: ['senders'],
        properties: {
          senders: {
            type: 'array', minItems: 1, maxItems: opts.maxBatch,
            items: {
              type: 'object', additionalProperties: false, required: ['sender', 'owner'],
              properties: {
                sender: { type: 'string', minLength: 1, maxLength: 32 }, owner: { type: 'string', minLength: 1, maxLength: 200 },
                brandId: { type: ['string', 'null'], maxLength: 100 }, vetting: { type: 'string', enum: ['vetted', 'pending', 'revoked'] },
                officialDomains: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 3, maxLength: 253 } },
              },
            },
          },
        },
      },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member', 'analyst']);
    const stored = await opts.senders.upsert(req.body.senders, who.role === 'analyst' || who.role === 'admin');
    await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: 'senders.upsert', target: `senders:${stored.length}`, purpose: 'sender registry', details: { senders: stored.map((s) => `${s.sender}:${s.vetting}`).slice(0, 100) } });
    return { senders: stored };
  });

  app.delete<{ Params: { sender: string } }>('/v1/senders/:sender', {
    schema: {
      summary: 'Remove a registration (revoking, with vetting "revoked", keeps the record); audited', tags: ['sms'], security: [{ bearer: [] }],
      params: { type: 'object', required: ['sender'], properties: { sender: { type: 'string', minLength: 1, maxLength: 32 } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const removed = await opts.senders.remove(req.params.sender);
    await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: 'senders.remove', target: `sender:${req.params.sender}`, purpose: 'sender registry', details: { removed } });
    return { removed };
  });
};
