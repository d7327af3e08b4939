// The carrier's SMS gateway as a port: the dialogue's replies leave through it. The HTTP webhook adapter is
// the one every carrier can offer today; an SMPP adapter comes with the SMS firewall.
import { AppError } from '../../core/index.js';

export interface SmsGateway {
  /** Sends one SMS from the report short code to `to`. Resolves once the gateway has accepted it. */
  send(to: string, text: string): Promise<void>;
}

export interface HttpWebhookGatewayOptions {
  /** The carrier's endpoint; http or https. */
  url: string;
  /** Sent as `from`; default '7726'. */
  shortCode?: string;
  /** Time allowed for the gateway to answer, in ms; default 5,000. */
  timeoutMs?: number;
  /** Extra request headers, such as the credential the carrier issues. Never included in error messages. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * A failed send. A plain Error rather than an AppError: it never reaches an API response, and the caller's
 * choice is to log it and perhaps retry. `retryable` is true for timeouts, network errors, 429 and 5xx; false
 * for other answers (a 4xx or a redirect means the request or the configured URL is wrong).
 * Messages name neither the recipient nor the text, so logging them leaks no subscriber data.
 */
export class SmsGatewayError extends Error {
  readonly status: number | null;
  readonly retryable: boolean;

  constructor(message: string, status: number | null, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SmsGatewayError';
    this.status = status;
    this.retryable = retryable;
  }
}

/** POSTs `{ to, from, text }` as JSON to the carrier's webhook; any 2xx answer means accepted. */
export class HttpWebhookGateway implements SmsGateway {
  private readonly url: string;
  private readonly shortCode: string;
  private readonly timeoutMs: number;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(options: HttpWebhookGatewayOptions) {
    const bad: string[] = [];
    let url: URL | null = null;
    try {
      url = new URL(options.url);
    } catch {
      bad.push('url is not a URL');
    }
    if (url !== null && url.protocol !== 'http:' && url.protocol !== 'https:') bad.push('url must be http or https');
    this.url = url?.href ?? '';
    this.shortCode = options.shortCode ?? '7726';
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.headers = options.headers ?? {};
    if (!Number.isSafeInteger(this.timeoutMs) || this.timeoutMs <= 0) bad.push('timeoutMs must be a positive integer');
    // The URL itself may carry a token, so the details say what is wrong but do not repeat it.
    if (bad.length > 0) throw new AppError('CONFIG_INVALID', 'invalid SMS gateway options', { errors: bad });
  }

  async send(to: string, text: string): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ to, from: this.shortCode, text }),
        signal: AbortSignal.timeout(this.timeoutMs),
        // Following a redirect would resend the subscriber's number to wherever it points; a 3xx is a
        // misconfigured URL and fails below like any other non-2xx answer.
        redirect: 'manual',
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      const message = timedOut ? `SMS gateway did not answer within ${this.timeoutMs} ms` : 'SMS gateway unreachable';
      throw new SmsGatewayError(message, null, true, { cause: e });
    }
    // The answer body is not used; release the connection for reuse.
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) {
      const retryable = res.status === 429 || res.status >= 500;
      throw new SmsGatewayError(`SMS gateway answered HTTP ${res.status}`, res.status, retryable);
    }
  }
}
