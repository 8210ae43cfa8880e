// Wire schemas for the ZOLOZ APIs the kiosk uses. Tolerant of added fields and of new
// certType/docCategory values (ZOLOZ's compatibility policy adds them without notice); strict on
// the few fields the adapter relies on (result, transactionId, recognitionResult when present).
import { z } from 'zod';

export const ResultStatus = z.enum(['S', 'F', 'U']);
export const ApiResult = z.looseObject({
  resultStatus: ResultStatus,
  resultCode: z.string().min(1),
  resultMessage: z.string().optional(),
});
export type ApiResult = z.infer<typeof ApiResult>;

/** Only `result` is guaranteed on every reply, including errors. */
export const Envelope = z.looseObject({ result: ApiResult });

/** Map<String,String> on the wire; numbers/nulls are tolerated and stringified by the mapper. */
const StringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const OcrResultDetail = z.looseObject({
  name: z.string(),
  source: z.string().optional(),
  value: z.union([z.string(), z.number(), z.null()]).optional(),
});
export type OcrResultDetail = z.infer<typeof OcrResultDetail>;

/** `Y` | `N`; an empty string is what checkresult sends for "no decision" (seed: recognitionErrorCode ""). */
const YesNo = z.union([z.enum(['Y', 'N']), z.literal('')]);

/** The document-recognition fields shared by checkresult's extInfo and the (async)recognize replies. */
export const DocRecognitionFields = z.looseObject({
  certType: z.string().optional(),
  docCategory: z.string().optional(),
  docEdition: z.union([z.number(), z.string()]).optional(),
  imageContent: z.array(z.string()).optional(),
  ocrResult: StringMap.optional(),
  ocrResultDetail: z.record(z.string(), OcrResultDetail).optional(),
  spoofResult: StringMap.optional(),
  recognitionResult: YesNo.optional(),
  recognitionErrorCode: z.string().nullable().optional(),
  recognitionErrorDescription: z.string().nullable().optional(),
  extraImages: z.record(z.string(), z.string()).optional(),
});
export type DocRecognitionFields = z.infer<typeof DocRecognitionFields>;

// ---- requests ---------------------------------------------------------------------------------

export const EXTRA_IMAGE_KINDS = ['DOC_FRONT_ANGLE', 'DOC_FRONT_FLASH', 'DOC_BACK_ANGLE', 'DOC_BACK_FLASH', 'CROPPED_FACE_FROM_DOC'] as const;
export const ExtraImageKind = z.enum(EXTRA_IMAGE_KINDS);
export type ExtraImageKind = z.infer<typeof ExtraImageKind>;

export const AUTO_DOC_CATEGORIES = ['PASSPORT', 'DRIVING_LICENSE', 'ID_CARD', 'RESIDENCE_PERMIT', 'VISA', 'ALL'] as const;

/** bizId ≤ 32 bytes; docType XOR an autoDoc* selector (ZOLOZ: mutually exclusive with docType). */
const DocSelector = {
  docType: z.string().min(1).max(32).optional(),
  autoDocTypes: z.array(z.string()).max(200).optional(),
  autoDocCategory: z.array(z.enum(AUTO_DOC_CATEGORIES)).optional(),
  autoDocCountryCode: z.array(z.string()).max(300).optional(),
};
const BizId = z.string().min(1).refine((s) => Buffer.byteLength(s, 'utf8') <= 32, 'bizId must be at most 32 bytes');

function selectorIsValid(r: { docType?: string | undefined; autoDocTypes?: unknown; autoDocCategory?: unknown; autoDocCountryCode?: unknown }): boolean {
  const auto = r.autoDocTypes !== undefined || r.autoDocCategory !== undefined || r.autoDocCountryCode !== undefined;
  return r.docType !== undefined ? !auto : auto;
}
const SELECTOR_MESSAGE = 'Give either docType or autoDocTypes/autoDocCategory/autoDocCountryCode, not both and not neither.';

export const RecognizeRequest = z
  .object({
    bizId: BizId,
    ...DocSelector,
    frontPageImage: z.string().min(1),
    backPageImage: z.string().min(1).optional(),
    operationMode: z.string().max(32).optional(),
    productConfig: z.record(z.string(), z.unknown()).optional(),
  })
  .refine(selectorIsValid, SELECTOR_MESSAGE);
export type RecognizeRequest = z.infer<typeof RecognizeRequest>;

export const AsyncRecognizeRequest = z
  .object({
    bizId: BizId,
    ...DocSelector,
    frontPageImage: z.string().min(1),
    backPageImage: z.string().min(1).optional(),
    operationMode: z.string().max(32).optional(),
    sceneCode: z.string().max(64).optional(),
    productConfig: z.record(z.string(), z.unknown()).optional(),
  })
  .refine(selectorIsValid, SELECTOR_MESSAGE);
export type AsyncRecognizeRequest = z.infer<typeof AsyncRecognizeRequest>;

export const AsyncCheckResultRequest = z.object({
  transactionId: z.string().min(1).max(64),
  extraImageControlList: z.array(ExtraImageKind).optional(),
});
export type AsyncCheckResultRequest = z.infer<typeof AsyncCheckResultRequest>;

export const InitializeRequest = z
  .object({
    bizId: BizId,
    metaInfo: z.string().min(1).max(512),
    userId: z.string().min(1).max(64),
    ...DocSelector,
    pages: z.string().max(32).optional(),
    serviceLevel: z.string().optional(),
    operationMode: z.string().optional(),
    productConfig: z.record(z.string(), z.unknown()).optional(),
    h5ModeConfig: z.record(z.string(), z.unknown()).optional(),
  })
  .refine(selectorIsValid, SELECTOR_MESSAGE);
export type InitializeRequest = z.infer<typeof InitializeRequest>;

/** Exactly the seed's checkresult request: bizId, transactionId, isReturnImage (Y default), extraImageControlList. */
export const CheckResultRequest = z.object({
  bizId: BizId,
  transactionId: z.string().min(1).max(64),
  isReturnImage: z.enum(['Y', 'N']).optional(),
  extraImageControlList: z.array(ExtraImageKind).optional(),
});
export type CheckResultRequest = z.infer<typeof CheckResultRequest>;

export const FaceCompareRequest = z.object({
  bizId: BizId,
  face1: z.object({ content: z.string().min(1), rect: z.string().optional() }),
  face2: z.object({ content: z.string().min(1), rect: z.string().optional() }),
});
export type FaceCompareRequest = z.infer<typeof FaceCompareRequest>;

export const PrivacyDeleteRequest = z.object({ bizId: BizId, transactionId: z.string().min(1).max(64) });
export type PrivacyDeleteRequest = z.infer<typeof PrivacyDeleteRequest>;

// ---- replies ----------------------------------------------------------------------------------

/** recognize is flat (no extInfo); transactionId is present on success. */
export const RecognizeResponse = DocRecognitionFields.extend({ result: ApiResult, transactionId: z.string().optional() });
export type RecognizeResponse = z.infer<typeof RecognizeResponse>;

export const AsyncRecognizeResponse = z.looseObject({ result: ApiResult, transactionId: z.string().min(1).optional() });
export type AsyncRecognizeResponse = z.infer<typeof AsyncRecognizeResponse>;

/**
 * asynccheckresult: `PROCESSING` with status S while running. The public doc lists the fields flat
 * (certType, docCategory, docEdition, recognitionResult, ...) and is truncated after them, so an
 * `extInfo` wrapper like checkresult's is accepted too.
 */
export const AsyncCheckResultResponse = DocRecognitionFields.extend({
  result: ApiResult,
  transactionId: z.string().optional(),
  extInfo: DocRecognitionFields.optional(),
});
export type AsyncCheckResultResponse = z.infer<typeof AsyncCheckResultResponse>;

export const InitializeResponse = z.looseObject({ result: ApiResult, transactionId: z.string().optional(), clientCfg: z.string().optional() });
export type InitializeResponse = z.infer<typeof InitializeResponse>;

/** checkresult: extInfo present only when resultStatus = S (seed). */
export const CheckResultResponse = z.looseObject({ result: ApiResult, extInfo: DocRecognitionFields.optional() });
export type CheckResultResponse = z.infer<typeof CheckResultResponse>;

export const FaceCompareResponse = z.looseObject({
  result: ApiResult,
  transactionId: z.string().optional(),
  samePerson: z.boolean().optional(),
  score: z.number().optional(),
});
export type FaceCompareResponse = z.infer<typeof FaceCompareResponse>;

export const PrivacyDeleteResponse = z.looseObject({ result: ApiResult });
export type PrivacyDeleteResponse = z.infer<typeof PrivacyDeleteResponse>;

/** Merges flat fields and an `extInfo` wrapper into one view (extInfo wins where both exist). */
export function recognitionView(reply: DocRecognitionFields & { extInfo?: DocRecognitionFields | undefined }): DocRecognitionFields {
  const { extInfo, ...flat } = reply as DocRecognitionFields & { extInfo?: DocRecognitionFields };
  return { ...flat, ...(extInfo ?? {}) };
}
