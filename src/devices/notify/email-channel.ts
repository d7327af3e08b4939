// E-mail notices over SMTP (nodemailer). One plain-text part, Japanese first then English, no links and no
// attachments (see templates.ts for why). The subject is Japanese.
import nodemailer, { type Transporter } from 'nodemailer';
import type { NoticeChannel, NoticeContact, RenderedNotice } from './channel.js';
import { NoticeDeliveryError } from './delivery-error.js';

export interface EmailChannelOptions {
  host: string;
  port: number;
  /** TLS from the start (465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  pass?: string;
  /** The From header, e.g. `"○○モバイル" <notice@example.jp>`. */
  from: string;
  /** Time allowed to connect, to get the greeting, and for each socket read, ms; default 10,000. */
  timeoutMs?: number;
}

export class EmailChannel implements NoticeChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(opts: EmailChannelOptions) {
    const timeout = opts.timeoutMs ?? 10_000;
    this.from = opts.from;
    this.transport = nodemailer.createTransport({
      host: opts.host,
      port: opts.port,
      secure: opts.secure,
      ...(opts.user ? { auth: { user: opts.user, pass: opts.pass ?? '' } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(notice: RenderedNotice, contact: NoticeContact): Promise<{ messageId?: string }> {
    if (contact.email === null) throw new NoticeDeliveryError('email no-address', false);
    try {
      const info = (await this.transport.sendMail({
        from: this.from,
        to: contact.email,
        subject: notice.subject,
        text: notice.text,
        headers: {
          // RFC 3834: an automatic message, so auto-responders do not answer it.
          'Auto-Submitted': 'auto-generated',
          'X-Mamoru-Notice': notice.reference,
        },
      })) as { messageId?: string };
      return info.messageId ? { messageId: info.messageId } : {};
    } catch (e) {
      // nodemailer's messages can quote the server's answer, which may repeat the recipient's address; only the
      // code and the SMTP status are kept. A 5xx answer is permanent (e.g. unknown mailbox): retrying cannot help.
      const o = e as { code?: unknown; responseCode?: unknown };
      const status = typeof o.responseCode === 'number' ? o.responseCode : null;
      const code = typeof o.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(o.code) ? o.code : 'error';
      throw new NoticeDeliveryError(`smtp ${status ?? code}`, status === null || status < 500, { cause: e });
    }
  }

  /** Closes pooled connections (none unless pooling is added); safe to call more than once. */
  close(): void {
    this.transport.close();
  }
}
