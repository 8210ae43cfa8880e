// Public surface of the ZOLOZ provider for the composition root (main/kiosk.ts) and the sync worker.
export { createZolozAdapter, supports, bizIdFor, authFromConfig, zolozTransactionsOf, type ZolozAdapter, type ZolozAdapterOptions, type ZolozProgress, type ZolozTransactionRef, type PrivacyDeleteAnswer } from './adapter';
export { createZolozClient, ZOLOZ_API, MAX_IMAGE_BASE64_CHARS, type ZolozClient, type PollResult } from './client';
export { createZolozGateway, DEFAULT_USER_AGENT, type ZolozGateway, type ZolozAuth, type GatewayOptions, type GatewayReply, type FetchLike } from './gateway';
export { DEFAULT_DOC_TYPES, PASSPORT_MRZ, PASSPORT_MRZ_VIZ, docSelectorFor, describeCertType, type ZolozDocTypeEntry, type DocSelector } from './doc-types';
export { mapRecognitionToOutcome, RECOGNITION_ERRORS, SPOOF_CHECKS, type SelfieComparison } from './outcome';
export { errorForResult } from './result-codes';
export { zolozBaseUrl, ZOLOZ_HOSTS } from './hosts';
export { loadPrivateKey, loadPublicKey, ZolozKeyError } from './keys';
