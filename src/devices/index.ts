// The devices module: finds subscriber lines that behave like malware-infected handsets (DESIGN §2) from the SMS
// verdict events, keeps cases with checkable evidence, and hands them to the notifier (consent first).
export type { CaseEvidence, CaseReason, CaseState, DeviceCase } from './case.js';
export { InfectionDetector, type CaseChange, type DetectorOptions, type DetectorStats, type LineSnapshot } from './detector/detector.js';
export { SLOT_BYTES } from './detector/line-table.js';
export { CasesRepository, type CaseQuery } from './cases.repository.js';
export { DevicesWorker, type CaseListener, type DevicesWorkerOptions } from './worker.js';
export { evaluateDevices, fileSource, type DevicesEvalResult, type EvalDeps, type EvalSource, type FamilyFigures } from './eval.js';
export { devicesRoutes, type DevicesRoutesOptions } from './devices.routes.js';
export * from './notify/index.js';
