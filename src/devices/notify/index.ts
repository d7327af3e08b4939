// Notification of owners of infected handsets: the InfectionNotifier (consent first, at most one notice per line
// per 7 days unless the evidence grows, unique claims so two workers never send the same notice, retries, and the
// 72-hour follow-up that proposes a temporary SMS sending limit to the operator queue), its channels (e-mail over
// SMTP, SMS through the carrier gateway, a daily letter CSV for the print shop), the Japanese notice texts, and
// the operator-queue routes.
export type { NoticeChannel, NoticeChannelName, NoticeContact, NoticeFacts, RenderedNotice } from './channel.js';
export { NoticeDeliveryError } from './delivery-error.js';
export { EmailChannel, type EmailChannelOptions } from './email-channel.js';
export { SmsChannel } from './sms-channel.js';
export { csvCell, LETTER_COLUMNS, LetterBatch, type LetterBatchOptions } from './letter-batch.js';
export { noticeReference, renderNotice, SMS_TARGET_CHARS, type NoticeTemplateInput, type NoticeTexts } from './templates.js';
export {
  badCaseReason, InfectionNotifier, NOTIFIER_ACTOR, type FollowUpResult, type InfectionNotifierOptions, type NoticeOutcome,
  type NoticeSkipReason, type NotifierConsent, type NotifierDirectory, type NotifierPolicy,
} from './notifier.js';
export { NoticesRepository, type ActionState, type DeviceAction, type NoticeStatus, type StoredNotice } from './notices.repository.js';
export { deviceActionsRoutes, type DeviceActionsRoutesOptions } from './actions.routes.js';
export { createInfectionNotifier, type CreateNotifierDeps } from './compose-notifier.js';
