// The SMS module: the verdict engine (rules, indicators, brand catalogue, sender registry and the trained
// classifier), its HTTP routes, and the training and evaluation tools behind `mamoru train` and `npm run eval`.
export { BrandMatcher, type Brand, type BrandSeed } from './brand.js';
export { builtinAllowList, builtinBrands, builtinSenders, REFERENCE_SOURCE } from './reference-data.js';
export { SenderRegistry, type SenderRegistration } from './sender-registry.js';
export { parseSmsInput } from './sms.schema.js';
export { createSmsModule, type SmsModule, type SmsModuleDeps } from './sms.module.js';
export { smsRoutes } from './sms.routes.js';
export { sendersRoutes, senderCsvLine, SENDERS_CSV_HEADER, type SendersRoutesOptions } from './senders.routes.js';
export { SendersService, type SenderInput, type SenderFilter } from './senders.service.js';
export { SmsService, type BatchItemError, type MessageKeys } from './sms.service.js';
export { templateFingerprint, templateOf } from './fingerprint.js';
export { VerdictEngine, type IndicatorLookup, type IndicatorMatch, type TextScorer } from './verdict-engine.js';
export type { Action, Category, Family, Policy, Reason, Route, SmsInput, Verdict, VerdictIndicator } from './verdict.js';
export { evaluateSet, type SetReport, type PolicyFigures } from './evaluate.js';
export { Classifier, serializeModel, trainFromCorpus, DEFAULT_TRAIN_SEED } from './classifier/index.js';
export { buildRealCorpus, CORPUS_FILES, DEFAULT_CORPUS_SEED, generateCorpus, loadCorpus, readRealRecords, writeCorpusFiles, type CorpusExample } from './training/index.js';
