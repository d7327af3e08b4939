// The text module: normalisation and extraction that every other module shares. It turns a raw message body
// or sender into canonical values — normalised text, links, phone numbers, sender type, messenger contacts,
// lookalike skeletons — so that rules, indicators and reports all compare like with like. Pure functions, no
// I/O, safe on any input (they never throw), and fast enough for the per-message verdict path.
export { normalizeText, foldForMatch } from './normalize.js';
export { extractUrls, type ExtractedUrl } from './url-extract.js';
export { parseHost } from './host.js';
export { skeleton } from './skeleton.js';
export { editDistance } from './edit-distance.js';
export { parsePhone, type PhoneInfo, type PhoneKind } from './phone.js';
export { extractPhones } from './phone-extract.js';
export { classifySender, type SenderInfo, type SenderType } from './sender.js';
export { extractMessengerIds, type MessengerId, type MessengerService } from './messenger.js';
