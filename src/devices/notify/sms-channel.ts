// SMS notices through the carrier's SMS gateway (the same port the 7726 dialogue uses). The text is short,
// Japanese, and carries no link: a genuine notice must not look like the smishing it warns about, so it names the
// carrier's official site or app and a phone number instead (templates.ts).
import type { SmsGateway } from '../../reports/index.js';
import type { NoticeChannel, NoticeContact, RenderedNotice } from './channel.js';
import { deliveryError, NoticeDeliveryError } from './delivery-error.js';

export class SmsChannel implements NoticeChannel {
  readonly name = 'sms' as const;

  /** `gateway` sends from the carrier's registered notice sender (config notify.smsSender). */
  constructor(private readonly gateway: SmsGateway) {}

  async send(notice: RenderedNotice, contact: NoticeContact): Promise<{ messageId?: string }> {
    try {
      await this.gateway.send(contact.line, notice.sms);
      return {};
    } catch (e) {
      // SmsGatewayError messages name neither recipient nor text and say whether a retry can help; any other error
      // keeps only its code.
      const o = e as { message?: unknown; retryable?: unknown; name?: unknown };
      if (o.name === 'SmsGatewayError' && typeof o.message === 'string') {
        throw new NoticeDeliveryError(`sms-gateway ${o.message.slice(0, 80)}`, o.retryable !== false, { cause: e });
      }
      throw deliveryError(e, 'sms-gateway');
    }
  }
}
