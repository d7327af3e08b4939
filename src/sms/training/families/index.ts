// Every synthetic family, in a fixed order (the order is part of the corpus's determinism).

import type { Family } from '../family.js';
import { deliveryLures } from './delivery-lures.js';
import { bankLures, carrierLures, cardLures, genericLures, govLures, onlineAccountLures, utilityLures } from './account-lures.js';
import { benefitScam, callbackScam, recruitment, spamFamilies } from './fraud.js';
import { bankNotices, cardNotices, otpCodes } from './legit-codes.js';
import { appointmentNotices, carrierNotices, deliveryNotices, ecommerceNotices, schoolNotices, serviceNotices, shopBulk, workNotices } from './legit-notices.js';
import { moneyChat, personalChat } from './legit-chat.js';

export const FAMILIES: readonly Family[] = [
  deliveryLures, carrierLures, bankLures, cardLures, onlineAccountLures, govLures, utilityLures, genericLures,
  callbackScam, benefitScam,
  recruitment,
  ...spamFamilies,
  otpCodes, cardNotices, bankNotices, carrierNotices, ecommerceNotices, deliveryNotices, serviceNotices, appointmentNotices, schoolNotices, shopBulk, workNotices,
  personalChat, moneyChat,
];
