// Typed calls for the ZOLOZ ID-recognition APIs over the signed gateway. Each call validates its
// request before anything is sent (bad input never leaves the kiosk), classifies `result` codes
// into ProviderError kinds, and validates the reply schema.
import type { z } from 'zod';
import { ProviderError } from '../provider';
import type { ZolozGateway } from './gateway';
import { errorForResult } from './result-codes';
import {
  AsyncCheckResultRequest,
  AsyncCheckResultResponse,
  AsyncRecognizeRequest,
  AsyncRecognizeResponse,
  CheckResultRequest,
  CheckResultResponse,
  Envelope,
  FaceCompareRequest,
  FaceCompareResponse,
  InitializeRequest,
  InitializeResponse,
  PrivacyDeleteRequest,
  PrivacyDeleteResponse,
  RecognizeRequest,
  RecognizeResponse,
  recognitionView,
  type DocRecognitionFields,
} from './schemas';

export const ZOLOZ_API = {
  recognize: '/api/v1/zoloz/idrecognition/recognize',
  asyncRecognize: '/api/v1/zoloz/idrecognition/asyncrecognize',
  asyncCheckResult: '/api/v1/zoloz/idrecognition/asynccheckresult',
  initialize: '/api/v1/zoloz/idrecognition/initialize',
  checkResult: '/api/v1/zoloz/idrecognition/checkresult',
  faceCompare: '/api/v1/zoloz/facecompare/compare',
  privacyDelete: '/api/v1/zoloz/privacyinfo/delete',
  authTest: '/api/v1/zoloz/authentication/test',
} as const;

/**
 * 5 MB per image side. ZOLOZ does not say whether the limit applies to the raw bytes or the base64
 * text, so the stricter reading is enforced: the base64 string itself (≈ 3.75 MB of JPEG).
 */
export const MAX_IMAGE_BASE64_CHARS = 5 * 1024 * 1024;

type CallOptions = { signal?: AbortSignal };

export type PollResult =
  | { status: 'processing'; raw: unknown }
  | { status: 'done'; transactionId: string | null; recognition: DocRecognitionFields; raw: unknown };

export interface ZolozClient {
  recognize(req: RecognizeRequest, o?: CallOptions): Promise<{ transactionId: string | null; recognition: DocRecognitionFields; raw: unknown }>;
  asyncRecognize(req: AsyncRecognizeRequest, o?: CallOptions): Promise<{ transactionId: string; raw: unknown }>;
  asyncCheckResult(req: AsyncCheckResultRequest, o?: CallOptions): Promise<PollResult>;
  initialize(req: InitializeRequest, o?: CallOptions): Promise<{ transactionId: string; clientCfg: string | null; raw: unknown }>;
  checkResult(req: CheckResultRequest, o?: CallOptions): Promise<PollResult>;
  faceCompare(req: FaceCompareRequest, o?: CallOptions): Promise<{ samePerson: boolean | null; score: number | null; raw: unknown }>;
  /** privacyinfo/delete: ZOLOZ's `result` block as answered (for the audit trail). */
  privacyDelete(req: PrivacyDeleteRequest, o?: CallOptions): Promise<{ resultStatus: string; resultCode: string; resultMessage: string | null }>;
  /** `authentication/test` echoes the JSON it receives: a side-effect-free signing/encryption check. */
  authTest(payload: Record<string, unknown>, o?: CallOptions): Promise<unknown>;
}

export function createZolozClient(gateway: ZolozGateway): ZolozClient {
  async function send<S extends z.ZodType>(uri: string, requestSchema: z.ZodType, req: unknown, replySchema: S, o: CallOptions = {}): Promise<{ reply: z.infer<S>; resultCode: string; raw: unknown }> {
    const checked = requestSchema.safeParse(req);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new ProviderError('invalid', `The ZOLOZ request was not sent: ${issue.path.join('.') || 'request'}: ${issue.message}.`, { local: true });
    }
    const api = uri.slice(uri.lastIndexOf('/zoloz/') + 7);
    const reply = await gateway.call(uri, checked.data as object, o);
    const envelope = Envelope.safeParse(reply.body);
    if (!envelope.success) {
      throw new ProviderError('schema', `The ZOLOZ reply to ${api} has no valid "result" block.`, { status: reply.status, rawBody: reply.text.slice(0, 4_000) });
    }
    const failure = errorForResult(envelope.data.result, { api, rawBody: reply.text.slice(0, 4_000) });
    if (failure) throw failure;
    const parsed = replySchema.safeParse(reply.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ProviderError('schema', `The ZOLOZ reply to ${api} does not match the expected shape at "${issue.path.join('.')}": ${issue.message}.`, {
        status: reply.status,
        rawBody: reply.text.slice(0, 4_000),
      });
    }
    return { reply: parsed.data, resultCode: envelope.data.result.resultCode, raw: reply.body };
  }

  function checkImages(req: { frontPageImage: string; backPageImage?: string | undefined }): void {
    for (const [side, image] of [['front', req.frontPageImage], ['back', req.backPageImage]] as const) {
      if (image !== undefined && image.length > MAX_IMAGE_BASE64_CHARS) {
        throw new ProviderError('invalid', `The ${side} image is larger than ZOLOZ accepts (5 MB). Scan it again at a lower resolution.`, { local: true });
      }
    }
  }

  return {
    async recognize(req, o) {
      checkImages(req);
      const { reply, raw } = await send(ZOLOZ_API.recognize, RecognizeRequest, req, RecognizeResponse, o);
      return { transactionId: reply.transactionId ?? null, recognition: recognitionView(reply), raw };
    },
    async asyncRecognize(req, o) {
      checkImages(req);
      const { reply, raw } = await send(ZOLOZ_API.asyncRecognize, AsyncRecognizeRequest, req, AsyncRecognizeResponse, o);
      if (!reply.transactionId) throw new ProviderError('schema', 'ZOLOZ accepted asyncrecognize but returned no transactionId.', { rawBody: JSON.stringify(raw).slice(0, 4_000) });
      return { transactionId: reply.transactionId, raw };
    },
    async asyncCheckResult(req, o) {
      const { reply, resultCode, raw } = await send(ZOLOZ_API.asyncCheckResult, AsyncCheckResultRequest, req, AsyncCheckResultResponse, o);
      if (resultCode === 'PROCESSING') return { status: 'processing', raw };
      return { status: 'done', transactionId: reply.transactionId ?? req.transactionId, recognition: recognitionView(reply), raw };
    },
    async initialize(req, o) {
      const { reply, raw } = await send(ZOLOZ_API.initialize, InitializeRequest, req, InitializeResponse, o);
      if (!reply.transactionId) throw new ProviderError('schema', 'ZOLOZ accepted initialize but returned no transactionId.');
      return { transactionId: reply.transactionId, clientCfg: reply.clientCfg ?? null, raw };
    },
    async checkResult(req, o) {
      const { reply, resultCode, raw } = await send(ZOLOZ_API.checkResult, CheckResultRequest, req, CheckResultResponse, o);
      if (resultCode === 'PROCESSING') return { status: 'processing', raw };
      if (!reply.extInfo) throw new ProviderError('schema', 'ZOLOZ checkresult succeeded but returned no extInfo.', { rawBody: JSON.stringify(raw).slice(0, 4_000) });
      return { status: 'done', transactionId: req.transactionId, recognition: reply.extInfo, raw };
    },
    async faceCompare(req, o) {
      const { reply, raw } = await send(ZOLOZ_API.faceCompare, FaceCompareRequest, req, FaceCompareResponse, o);
      return { samePerson: reply.samePerson ?? null, score: reply.score ?? null, raw };
    },
    async privacyDelete(req, o) {
      const { reply } = await send(ZOLOZ_API.privacyDelete, PrivacyDeleteRequest, req, PrivacyDeleteResponse, o);
      return { resultStatus: reply.result.resultStatus, resultCode: reply.result.resultCode, resultMessage: reply.result.resultMessage ?? null };
    },
    async authTest(payload, o) {
      const reply = await gateway.call(ZOLOZ_API.authTest, payload, o);
      // The echo has no result block of its own; a gateway rejection does.
      const envelope = Envelope.safeParse(reply.body);
      if (envelope.success) {
        const failure = errorForResult(envelope.data.result, { api: 'authentication/test', rawBody: reply.text.slice(0, 4_000) });
        if (failure) throw failure;
      }
      return reply.body;
    },
  };
}
