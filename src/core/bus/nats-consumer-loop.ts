// One fetch loop over one JetStream consumer: pulls messages (a bounded batch ahead), hands them over one at a
// time, and keeps going through reconnects and consumer failures with back-off until it is stopped. It never
// throws: a transport failure is logged at warn and retried, so a bus outage cannot crash the process.
import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '../logger.js';

export interface ConsumerLoopOptions {
  /** Fields that identify the loop in log lines (subject, group, partition). */
  label: Record<string, unknown>;
  /** Returns the consumer to read, creating it if needed; called at start and again after every failure. */
  open: () => Promise<Consumer>;
  /** Handles one message, acknowledging it or not; must not reject. */
  deliver: (m: JsMsg, loop: ConsumerLoop) => Promise<void>;
  /** What to do with a message that was fetched ahead but arrives after stop was requested. */
  leave: (m: JsMsg) => void;
  /** Reopen (and so re-create) the consumer when the server reports it gone: right for durable consumers;
   * ordered consumers re-create themselves. */
  reopenWhenGone: boolean;
  /** Messages pulled ahead of the handler. */
  prefetch: number;
  logger: Logger;
  /** True once the connection is closed for good: the loop ends instead of retrying. */
  connectionClosed: () => boolean;
}

const MAX_BACKOFF_MS = 10_000;

function backoffMs(attempt: number): number {
  const base = Math.min(250 * 2 ** Math.min(attempt - 1, 10), MAX_BACKOFF_MS);
  return base / 2 + Math.random() * (base / 2);
}

export class ConsumerLoop {
  private stopping = false;
  private messages: ConsumerMessages | undefined;
  private wake: (() => void) | undefined;
  private done: Promise<void> = Promise.resolve();
  /** The message being handled and since when (ms, monotonic), so a long handler can be kept alive. */
  current: { msg: JsMsg; since: number } | undefined;

  constructor(private readonly o: ConsumerLoopOptions) {}

  start(): this {
    this.done = this.run();
    return this;
  }

  get stopRequested(): boolean {
    return this.stopping;
  }

  private async run(): Promise<void> {
    for (let attempt = 0; !this.stopping && !this.o.connectionClosed(); attempt++) {
      if (attempt > 0) await this.sleep(backoffMs(attempt));
      if (this.stopping) break;
      try {
        const consumer = await this.o.open();
        if (this.stopping) break;
        const messages = await consumer.consume({ max_messages: this.o.prefetch });
        this.messages = messages;
        if (this.stopping) void messages.close().catch(() => undefined);
        void this.watch(messages);
        for await (const m of messages) {
          if (this.stopping) {
            this.o.leave(m);
            continue;
          }
          this.current = { msg: m, since: performance.now() };
          await this.o.deliver(m, this);
          this.current = undefined;
          attempt = 0;
        }
        if (!this.stopping && !this.o.connectionClosed()) this.o.logger.warn(this.o.label, 'event bus consumer ended; reopening it');
      } catch (err) {
        this.current = undefined;
        if (this.stopping || this.o.connectionClosed()) break;
        this.o.logger.warn({ ...this.o.label, err }, 'event bus consumer failed; retrying');
      }
    }
  }

  /** Logs what the client reports about the consumer; reopens a durable consumer the server lost. */
  private async watch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const s of messages.status()) {
        if (s.type === 'heartbeats_missed') this.o.logger.warn({ ...this.o.label, missed: s.count }, 'event bus consumer missed heartbeats');
        else if (s.type === 'consumer_not_found' || s.type === 'consumer_deleted' || s.type === 'stream_not_found') {
          if (this.stopping) continue;
          this.o.logger.warn({ ...this.o.label, status: s.type }, 'event bus consumer is gone on the server');
          if (this.o.reopenWhenGone) void messages.close().catch(() => undefined);
        }
      }
    } catch {
      // The status iterator ends with the messages; nothing to report.
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** Stops fetching without waiting: messages already fetched go to `leave`, the running delivery finishes. */
  requestStop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.wake?.();
    void this.messages?.close().catch(() => undefined);
  }

  /** Stops fetching and resolves when the running delivery has finished. */
  stop(): Promise<void> {
    this.requestStop();
    return this.done;
  }
}
