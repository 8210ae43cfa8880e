// The emulated ZOLOZ APIs behind the gateway check: request validation with the documented
// result codes, transactions kept in memory, PROCESSING before results, and privacy deletion.
import { randomBytes } from 'node:crypto';
import type { Analyzer, AnalysisVerdict } from './analysis';

export type ApiReply = Record<string, unknown> & { result: { resultStatus: 'S' | 'F' | 'U'; resultCode: string; resultMessage: string } };

const ok = (extra: Record<string, unknown> = {}, code = 'SUCCESS', message = 'success'): ApiReply => ({ result: { resultStatus: 'S', resultCode: code, resultMessage: message }, ...extra });
const fail = (code: string, message: string): ApiReply => ({ result: { resultStatus: 'F', resultCode: code, resultMessage: message } });

interface Transaction {
  id: string;
  bizId: string;
  flow: 'async' | 'sdk';
  /** PROCESSING answers left before the result. SDK flows stay PROCESSING until completeSdkCapture. */
  pollsLeft: number;
  verdict: Promise<AnalysisVerdict> | null;
  pages: string[];
  docType: string | null;
  autoDocCategory: string[] | null;
  deleted: boolean;
  /** H5 mode (metaInfo MOB_H5): where the page sends the customer's browser when done or interrupted. */
  h5?: { completeCallbackUrl: string | null; interruptCallbackUrl: string | null };
}

const MAX_IMAGE = 5 * 1024 * 1024;
const EXTRA_KINDS = new Set(['DOC_FRONT_ANGLE', 'DOC_FRONT_FLASH', 'DOC_BACK_ANGLE', 'DOC_BACK_FLASH', 'CROPPED_FACE_FROM_DOC']);

type Body = Record<string, unknown>;
const str = (b: Body, k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);

function transactionId(): string {
  // Same shape as ZOLOZ's samples: G000000005FID + date + serial.
  const d = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return `G000000005FID${d}${BigInt('0x' + randomBytes(8).toString('hex')).toString().padStart(20, '0').slice(0, 18)}`;
}

function decodeImage(b: Body, key: string, required: boolean): Buffer | null | ApiReply {
  const v = b[key];
  if (v === undefined || v === null || v === '') return required ? fail('PARAM_MISSING', `${key} is missing`) : null;
  if (typeof v !== 'string') return fail('PARAM_ILLEGAL', `${key} must be a base64 string`);
  if (v.length > MAX_IMAGE) return fail('PARAM_ILLEGAL', `${key} exceeds 5MB`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return fail('PARAM_ILLEGAL', `${key} is not base64`);
  const bytes = Buffer.from(v, 'base64');
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const png = bytes.subarray(0, 4).toString('latin1') === '\x89PNG';
  const bmp = bytes.subarray(0, 2).toString('latin1') === 'BM';
  if (!jpeg && !png && !bmp) return fail('PARAM_ILLEGAL', `${key} must be a JPG, PNG or BMP image`);
  return bytes;
}
const isReply = (x: unknown): x is ApiReply => !!x && typeof x === 'object' && 'result' in x;

function bizIdError(b: Body): ApiReply | null {
  const bizId = str(b, 'bizId');
  if (!bizId) return fail('PARAM_MISSING', 'bizId is missing');
  if (Buffer.byteLength(bizId) > 32) return fail('PARAM_ILLEGAL', 'bizId exceeds 32 bytes');
  return null;
}

function selectorError(b: Body): ApiReply | null {
  const auto = ['autoDocTypes', 'autoDocCategory', 'autoDocCountryCode'].filter((k) => b[k] !== undefined);
  if (b.docType !== undefined && auto.length > 0) return fail('PARAM_ILLEGAL', `docType and ${auto[0]} are mutually exclusive`);
  if (b.docType === undefined && auto.length === 0) return fail('PARAM_MISSING', 'docType is missing');
  if (b.docType !== undefined && (typeof b.docType !== 'string' || b.docType === '' || b.docType.length > 32)) return fail('PARAM_ILLEGAL', 'docType is illegal');
  for (const k of auto) if (!Array.isArray(b[k])) return fail('PARAM_ILLEGAL', `${k} must be a list`);
  return null;
}

function recognitionFields(v: AnalysisVerdict, extras: string[]): Record<string, unknown> {
  const extraImages: Record<string, string> = {};
  if (extras.includes('CROPPED_FACE_FROM_DOC') && v.croppedFace && v.recognitionResult === 'Y') extraImages.CROPPED_FACE_FROM_DOC = v.croppedFace;
  return {
    certType: v.certType,
    docCategory: v.docCategory,
    docEdition: v.docEdition,
    recognitionResult: v.recognitionResult,
    recognitionErrorCode: v.recognitionErrorCode,
    recognitionErrorDescription: v.recognitionErrorDescription,
    ocrResult: v.ocrResult,
    ocrResultDetail: v.ocrResultDetail,
    spoofResult: v.spoofResult,
    ...(Object.keys(extraImages).length ? { extraImages } : {}),
  };
}

function extraList(b: Body): string[] | ApiReply {
  const list = b.extraImageControlList;
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || !EXTRA_KINDS.has(x))) return fail('PARAM_ILLEGAL', 'extraImageControlList is illegal');
  return list as string[];
}

export interface ApiState {
  handle(api: string, body: Body): Promise<ApiReply>;
  /** Training/test hook standing in for ZOLOZ's SDK capture of an initialize transaction. */
  completeSdkCapture(transactionId: string, images: { front: Buffer; back?: Buffer }): boolean;
  /** The H5 callbacks of an initialize transaction in H5 mode still open for capture; null otherwise. */
  h5Transaction(transactionId: string): { bizId: string; completeCallbackUrl: string | null; interruptCallbackUrl: string | null; pages: number } | null;
  transactionCount(): number;
  deletedCount(): number;
}

export function createApiState(options: { analyze: Analyzer; processingPolls: number; compareFaces?: (a: Buffer, b: Buffer) => Promise<{ samePerson: boolean; score: number }> }): ApiState {
  const txs = new Map<string, Transaction>();

  async function recognize(b: Body, flow: 'async' | 'sync'): Promise<ApiReply | Transaction> {
    const e = bizIdError(b) ?? selectorError(b);
    if (e) return e;
    const front = decodeImage(b, 'frontPageImage', true);
    if (isReply(front)) return front;
    const back = decodeImage(b, 'backPageImage', false);
    if (isReply(back)) return back;
    const docType = str(b, 'docType') ?? null;
    const autoDocCategory = Array.isArray(b.autoDocCategory) ? (b.autoDocCategory as string[]) : null;
    const tx: Transaction = {
      id: transactionId(),
      bizId: str(b, 'bizId')!,
      flow: flow === 'sync' ? 'async' : flow,
      pollsLeft: flow === 'sync' ? 0 : options.processingPolls,
      verdict: options.analyze({ front: front!, back, docType, autoDocCategory }),
      pages: [front!.toString('base64'), ...(back ? [back.toString('base64')] : [])],
      docType,
      autoDocCategory,
      deleted: false,
    };
    tx.verdict!.catch(() => undefined);
    txs.set(tx.id, tx);
    return tx;
  }

  const handlers: Record<string, (b: Body) => Promise<ApiReply>> = {
    'authentication/test': async (b) => b as ApiReply,
    'idrecognition/recognize': async (b) => {
      const tx = await recognize(b, 'sync');
      if (isReply(tx)) return tx;
      return ok({ transactionId: tx.id, ...recognitionFields(await tx.verdict!, []) });
    },
    'idrecognition/asyncrecognize': async (b) => {
      const tx = await recognize(b, 'async');
      if (isReply(tx)) return tx;
      return ok({ transactionId: tx.id });
    },
    'idrecognition/asynccheckresult': async (b) => {
      const id = str(b, 'transactionId');
      if (!id) return fail('PARAM_MISSING', 'transactionId is missing');
      const extras = extraList(b);
      if (isReply(extras)) return extras;
      const tx = txs.get(id);
      if (!tx || tx.flow !== 'async' || tx.deleted) return fail('PARAM_ILLEGAL', 'transactionId not found');
      if (tx.pollsLeft > 0) {
        tx.pollsLeft -= 1;
        return ok({ transactionId: tx.id }, 'PROCESSING', 'It is still under processing');
      }
      return ok({ transactionId: tx.id, ...recognitionFields(await tx.verdict!, extras) });
    },
    'idrecognition/initialize': async (b) => {
      const e = bizIdError(b) ?? selectorError(b);
      if (e) return e;
      const metaInfo = str(b, 'metaInfo');
      if (!metaInfo) return fail('PARAM_MISSING', 'metaInfo is missing');
      if (metaInfo.length > 512) return fail('PARAM_ILLEGAL', 'metaInfo exceeds 512');
      const userId = str(b, 'userId');
      if (!userId) return fail('PARAM_MISSING', 'userId is missing');
      const tx: Transaction = {
        id: transactionId(),
        bizId: str(b, 'bizId')!,
        flow: 'sdk',
        pollsLeft: Number.POSITIVE_INFINITY,
        verdict: null,
        pages: [],
        docType: str(b, 'docType') ?? null,
        autoDocCategory: Array.isArray(b.autoDocCategory) ? (b.autoDocCategory as string[]) : null,
        deleted: false,
      };
      if (metaInfo === 'MOB_H5') {
        // h5ModeConfig is documented for H5 mode but not as required: without callbacks the page just ends.
        const cfg = (b.h5ModeConfig && typeof b.h5ModeConfig === 'object' ? b.h5ModeConfig : {}) as Body;
        const url = (k: string): string | null => (typeof cfg[k] === 'string' ? (cfg[k] as string) : null);
        tx.h5 = { completeCallbackUrl: url('completeCallbackUrl'), interruptCallbackUrl: url('interruptCallbackUrl') };
      }
      txs.set(tx.id, tx);
      return ok({ transactionId: tx.id, clientCfg: JSON.stringify({ sandbox: true, transactionId: tx.id, h5: tx.h5 !== undefined }) });
    },
    'idrecognition/checkresult': async (b) => {
      const e = bizIdError(b);
      if (e) return fail('INVALID_ARGUMENT', e.result.resultMessage);
      const id = str(b, 'transactionId');
      if (!id) return fail('INVALID_ARGUMENT', 'transactionId is missing');
      if (b.isReturnImage !== undefined && b.isReturnImage !== 'Y' && b.isReturnImage !== 'N') return fail('INVALID_ARGUMENT', 'isReturnImage must be Y or N');
      const extras = extraList(b);
      if (isReply(extras)) return fail('INVALID_ARGUMENT', extras.result.resultMessage);
      const tx = txs.get(id);
      if (!tx || tx.flow !== 'sdk' || tx.deleted || tx.bizId !== b.bizId) return fail('INVALID_ARGUMENT', 'transactionId not found for this bizId');
      // checkresult is idempotent: PROCESSING until the (emulated) SDK capture finished, then the
      // same result every time. No extInfo unless resultStatus is S with a result.
      if (!tx.verdict) return ok({}, 'PROCESSING', 'user has not completed the flow');
      const v = await tx.verdict;
      const { docCategory: _c, ...fields } = recognitionFields(v, extras);
      return ok({ extInfo: { ...fields, ...(b.isReturnImage === 'N' ? {} : { imageContent: tx.pages }) } });
    },
    'facecompare/compare': async (b) => {
      const e = bizIdError(b);
      if (e) return e;
      const faces: Buffer[] = [];
      for (const k of ['face1', 'face2']) {
        const f = b[k] as Body | undefined;
        if (!f || typeof f !== 'object') return fail('PARAM_MISSING', `${k} is missing`);
        const img = decodeImage(f, 'content', true);
        if (isReply(img)) return fail(img.result.resultCode, `${k}.${img.result.resultMessage}`);
        faces.push(img!);
      }
      const cmp = options.compareFaces ? await options.compareFaces(faces[0]!, faces[1]!) : { samePerson: true, score: 92.5 };
      return ok({ transactionId: transactionId(), samePerson: cmp.samePerson, score: cmp.score });
    },
    'privacyinfo/delete': async (b) => {
      const e = bizIdError(b);
      if (e) return e;
      const id = str(b, 'transactionId');
      if (!id) return fail('PARAM_MISSING', 'transactionId is missing');
      const tx = txs.get(id);
      if (!tx || tx.bizId !== b.bizId) return fail('PARAM_ILLEGAL', 'transactionId not found for this bizId');
      tx.deleted = true;
      tx.pages = [];
      tx.verdict = null;
      return ok();
    },
  };

  return {
    async handle(api, body) {
      const h = handlers[api];
      if (!h) return fail('NO_INTERFACE_DEF', 'interface not defined');
      return h(body);
    },
    completeSdkCapture(id, images) {
      const tx = txs.get(id);
      if (!tx || tx.flow !== 'sdk' || tx.deleted) return false;
      tx.pages = [images.front.toString('base64'), ...(images.back ? [images.back.toString('base64')] : [])];
      tx.verdict = options.analyze({ front: images.front, back: images.back ?? null, docType: tx.docType, autoDocCategory: tx.autoDocCategory });
      tx.verdict.catch(() => undefined);
      tx.pollsLeft = 0;
      return true;
    },
    h5Transaction(id) {
      const tx = txs.get(id);
      if (!tx || tx.flow !== 'sdk' || tx.deleted || !tx.h5) return null;
      return { bizId: tx.bizId, ...tx.h5, pages: tx.pages.length };
    },
    transactionCount: () => txs.size,
    deletedCount: () => [...txs.values()].filter((t) => t.deleted).length,
  };
}
