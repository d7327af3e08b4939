// The sim module: a deterministic traffic simulator for demos, benchmarks and detection-quality measurement. It
// models a subscriber population over several carriers, everyday person-to-person and A2P traffic with a daily
// rhythm, heavy but legitimate senders, and MoqHao / KeepSpy infections that spread through the SMS they send,
// with the ground truth kept apart from what the network sees. See docs/simulator.md.
export { Simulation, simulate } from './simulation.js';
export { SIM_DEFAULTS, MAX_DAYS, MAX_SUBSCRIBERS, resolveOptions, type SimOptions, type ResolvedOptions } from './options.js';
export { writeSimulation, writeDirectory, readMeta, readTruth, readMessages, prepareOutDir, SIM_FILES, type WriteOptions } from './writer.js';
export { CARRIERS, OTHER_CARRIER, type Population } from './population.js';
export type { Carrier, LineCarrier, Family, HeavyProfile, HeavyLegitTruth, InfectedTruth, MessageLabel, Route, SimCounts, SimMessage, SimMeta, SmsRecord, TruthRecord } from './types.js';
