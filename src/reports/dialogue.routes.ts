// The 7726 dialogue over HTTP: the carrier's SMS gateway posts each message a subscriber sends to the short code
// (POST /v1/reports/7726/inbound with the member's key); the hub answers with the replies to send (and sends them
// through the configured gateway webhook, if any) and stores every completed report. A timer completes reports
// whose reporter never sent the sender's number.
import type { FastifyPluginAsync } from 'fastify';
import { AppError, RateLimiter, requireRole, type Clock, type Logger } from '../core/index.js';
import { classifySender } from '../text/index.js';
import type { CompletedReport, ReportDialogue } from './dialogue/dialogue.js';
import type { SmsGateway } from './dialogue/gateway.js';
import type { ReportsService } from './reports.service.js';

export interface DialogueRoutesOptions {
  dialogue: ReportDialogue;
  reports: ReportsService;
  gateway: SmsGateway | null;
  clock: Clock;
  logger: Logger;
  /** How often timed-out dialogues are completed, ms. */
  tickMs?: number;
  /** Messages one reporter may send to the short code per hour (bursts of the same number). */
  reporterPerHour: number;
}

export const dialogueRoutes: FastifyPluginAsync<DialogueRoutesOptions> = async (app, opts) => {
  // Which member's gateway each open dialogue came through, so a timed-out report is stored under it.
  const memberOf = new Map<string, string>();
  const perReporter = new RateLimiter({ perSecond: opts.reporterPerHour / 3600, burst: opts.reporterPerHour });

  const store = async (completed: CompletedReport[], fallbackMember: string | null): Promise<void> => {
    const byMember = new Map<string, CompletedReport[]>();
    for (const c of completed) {
      const member = memberOf.get(c.reporter) ?? fallbackMember;
      memberOf.delete(c.reporter);
      if (!member) continue;
      byMember.set(member, [...(byMember.get(member) ?? []), c]);
    }
    for (const [memberId, list] of byMember) {
      await opts.reports.submit(
        list.map((c) => ({ body: c.body, sender: c.sender, reporter: c.reporter, receivedAt: c.receivedAt, reference: c.reference })),
        { memberId, channel: '7726' },
      );
    }
  };

  const timer = setInterval(() => {
    const steps = opts.dialogue.onTick(opts.clock.now());
    const completed = steps.flatMap((s) => s.completed);
    if (completed.length > 0) store(completed, null).catch((e: unknown) => opts.logger.error({ err: e }, 'storing timed-out 7726 reports failed'));
  }, opts.tickMs ?? 15_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.post<{ Body: { from: string; text: string } }>('/v1/reports/7726/inbound', {
    schema: {
      summary: 'A message a subscriber sent to the report short code (from the carrier gateway); returns the replies to send', tags: ['reports'],
      security: [{ bearer: [] }],
      body: { type: 'object', additionalProperties: false, required: ['from', 'text'], properties: { from: { type: 'string', minLength: 1, maxLength: 64 }, text: { type: 'string' } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member']);
    const reporter = classifySender(req.body.from).normalized ?? req.body.from.trim();
    const wait = perReporter.take(reporter, opts.clock.now());
    if (wait > 0) throw new AppError('RATE_LIMITED', 'this reporter has sent too many messages to the short code; try later', { retryAfterSeconds: Math.ceil(wait / 1000) });
    memberOf.set(reporter, who.memberId);
    const step = opts.dialogue.onMessage(reporter, req.body.text, opts.clock.now());
    // Stored before anything is answered: a reference is only sent for a report that is durably kept.
    await store(step.completed, who.memberId);
    if (opts.gateway) {
      for (const r of step.replies) {
        await opts.gateway.send(r.to, r.text).catch((e: unknown) => req.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'reply through the SMS gateway failed'));
      }
    }
    return { replies: step.replies, completed: step.completed.map((c) => c.reference) };
  });
};
