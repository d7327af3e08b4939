// The report hub (7726-style): intake of reported scam SMS from every channel, de-duplication, storage with
// reporters as pseudonyms, and the search members and analysts use. (Campaign clustering, indicators from
// reports and TAXII sharing build on it.)
export { ReportsRepository, type ReportQuery, type StoredReport } from './reports.repository.js';
export { reportsRoutes, type ReportsRoutesOptions } from './reports.routes.js';
export { ReportsService, type ReportChannel, type ReportInput, type ReportReceipt } from './reports.service.js';
export { confidenceOf, ReportIndicators, REPORTS_SOURCE, type ReportEvidence } from './report-indicators.js';
export { dialogueRoutes, type DialogueRoutesOptions } from './dialogue.routes.js';
export { ReportDialogue, type CompletedReport, type DialogueStep } from './dialogue/dialogue.js';
export { HttpWebhookGateway, type SmsGateway } from './dialogue/gateway.js';
export { parseForwarded } from './dialogue/forwarded.js';
export { CampaignClusterer, type ClusterItem } from './campaigns/campaigns.js';
export { campaignRoutes, type CampaignRoutesOptions } from './campaigns/campaigns.routes.js';
export { webFormRoutes, type WebFormRoutesOptions } from './web-form.routes.js';
export { maskForSharing } from './masking.js';
export { provenanceRoutes } from './provenance.routes.js';
