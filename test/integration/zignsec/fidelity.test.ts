// Sandbox fidelity: every key of every spec example appears, at the same place, in the sandbox's reply
// to the same call (the sandbox may add keys, never drop documented ones).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { type Judge, defaultJudge } from '../../../main/sandbox/zignsec/judge';
import { specimenImage } from './helpers';

const KEY = 'fidelity-key';
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/zignsec', `${name}.json`), 'utf8'));

/** Objects whose keys are data (the document's own field names), not structure. */
const DATA_KEYED = new Set(['fields']);

/** Paths of the spec example missing from the reply (arrays compared by their first element). */
function missingKeys(spec: unknown, reply: unknown, path = '$'): string[] {
  if (DATA_KEYED.has(path.split('.').at(-1)!)) return [];
  if (Array.isArray(spec)) {
    if (spec.length === 0 || !Array.isArray(reply) || reply.length === 0) return [];
    return missingKeys(spec[0], reply[0], `${path}[0]`);
  }
  if (spec && typeof spec === 'object') {
    if (reply === null || reply === undefined) return [];
    if (typeof reply !== 'object') return [`${path} (not an object)`];
    return Object.entries(spec).flatMap(([k, v]) =>
      k in (reply as object) ? missingKeys(v, (reply as Record<string, unknown>)[k], `${path}.${k}`) : [`${path}.${k}`],
    );
  }
  return [];
}

// The sandbox lists text fields and crops only when its judge read them: use one that does.
const readingJudge: Judge = async (docs, ctx) => {
  const v = await defaultJudge(docs, ctx);
  v.document.fields = [{ name: 'Document_Number', mrz: 'X1', visual: 'X1', barcode: null }];
  v.document.identity = { firstName: 'A', lastName: 'B', dateOfBirth: '1990-01-01', gender: 'F', personalNumber: null, documentNumber: 'X1', nationality: 'UTO', countryCode: null, issuerState: 'Utopia', expirationDate: '2030-01-01' };
  v.document.imageParts = [{ type: 201, name: 'Portrait', jpeg: docs[0]!.jpeg }];
  v.selfie = { result: 'DECLINED', confidence: 0.1, message: 'Percent of similarity 10.00%' };
  return v;
};

let sb: ZignSecSandbox;
beforeAll(async () => {
  sb = await startZignSecSandbox({ apiKey: KEY, analysisDelayMs: 100, judge: readingJudge });
});
afterAll(() => sb.close());

describe('sandbox replies carry every documented key', () => {
  it('across the whole flow', async () => {
    const call = async (method: string, path: string, body?: RequestInit['body'], json = true): Promise<unknown> => {
      const res = await fetch(`${sb.url}/v3/eid/scanningsessions${path}`, {
        method,
        headers: { authorization: KEY, ...(json && body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body } : {}),
      });
      expect(res.ok).toBe(true);
      return res.json();
    };
    const created = (await call('POST', '', JSON.stringify({ locale: 'en' }))) as { session_id: string };
    expect(missingKeys(fixture('create-session-response'), created)).toEqual([]);
    const id = created.session_id;
    const upload = async (type: string) => {
      const form = new FormData();
      form.append('document', new Blob([new Uint8Array(await specimenImage())], { type: 'image/jpeg' }), `${type}.jpg`);
      return call('POST', `/${id}/documents?documentType=${type}&reference=${type}`, form, false);
    };
    await upload('Passport');
    expect(missingKeys(fixture('add-documents-response'), await upload('Selfie'))).toEqual([]);
    const started = await call('POST', `/${id}/analyses?timeZoneOffset=-60`, JSON.stringify({ analysis_types: ['document', 'selfie'] }));
    expect(missingKeys(fixture('start-analysis-response'), started)).toEqual([]);
    expect(missingKeys(fixture('analysis-status-processing'), await call('GET', `/${id}/analysisStatus`))).toEqual([]);
    let status: { total_process_state: string };
    do {
      await new Promise((r) => setTimeout(r, 30));
      status = (await call('GET', `/${id}/analysisStatus`)) as typeof status;
    } while (status.total_process_state === 'Processing');
    expect(missingKeys(fixture('analysis-summary-declined'), status)).toEqual([]);
    expect(missingKeys(fixture('scanning-session-declined'), await call('GET', `/${id}/analyses`))).toEqual([]);
    const ui = await call('POST', `/${id}/ui/analyses`, JSON.stringify({ analysis_types: ['document'] }));
    expect(missingKeys(fixture('ui-analyses-response'), ui)).toEqual([]);
  });
});
