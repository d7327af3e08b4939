// Assembles the SMS module from its ports: loads reference data into the store, reads the brand catalogue and
// sender registry back (so operator changes apply), loads the classifier and builds engine and service.
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { createPseudonymizer, type Clock, type Config, type Database, type EventBus, type Logger } from '../core/index.js';
import { BrandMatcher } from './brand.js';
import { Classifier } from './classifier/index.js';
import { builtinBrands, builtinSenders } from './reference-data.js';
import { SenderRegistry } from './sender-registry.js';
import { BrandsRepository, SendersRepository } from './senders.repository.js';
import { SendersService } from './senders.service.js';
import { SmsService } from './sms.service.js';
import { VerdictEngine, type IndicatorLookup } from './verdict-engine.js';

export interface SmsModuleDeps {
  db: Kysely<Database>;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  indicators: IndicatorLookup;
  engine: Readonly<Config['engine']>;
  /** Key of the sender pseudonyms on verdict events. */
  pseudonymKey: string;
}

export interface SmsModule {
  engine: VerdictEngine;
  service: SmsService;
  brands: BrandMatcher;
  senders: SenderRegistry;
  /** Registry management (the API and CLI): store, this process's registry, other processes over the bus. */
  sendersService: SendersService;
}

export async function createSmsModule(deps: SmsModuleDeps): Promise<SmsModule> {
  const now = deps.clock.now();
  const brandsRepo = new BrandsRepository(deps.db);
  const sendersRepo = new SendersRepository(deps.db);
  const addedBrands = await brandsRepo.insertMissing(builtinBrands(), now);
  const addedSenders = await sendersRepo.insertMissing(builtinSenders(now, builtinBrands()));
  if (addedBrands + addedSenders > 0) deps.logger.info({ addedBrands, addedSenders }, 'reference data loaded');

  const brandSeeds = await brandsRepo.all();
  const brands = new BrandMatcher(brandSeeds);
  const brandIds: ReadonlySet<string> = new Set(brandSeeds.map((b) => b.id));
  const senders = new SenderRegistry();
  senders.load(await sendersRepo.all());
  const classifier = Classifier.load(deps.engine.modelPath);
  const engine = new VerdictEngine({
    brands, senders, indicators: deps.indicators, classifier, policies: deps.engine.policies,
    maxBodyChars: deps.engine.maxBodyChars, clock: deps.clock,
  });
  const service = new SmsService(engine, deps.bus, deps.logger, deps.metrics, deps.engine.maxBatch, deps.clock, createPseudonymizer(deps.pseudonymKey));
  const sendersService = new SendersService({
    repository: sendersRepo, registry: senders, bus: deps.bus, clock: deps.clock, logger: deps.logger,
    brandIds: () => brandIds,
  });
  await sendersService.start();
  return { engine, service, brands, senders, sendersService };
}
