// Every JSON example of the spec (extracted verbatim into test/fixtures/zignsec by
// extract-spec-examples.ts) must parse with our schemas; tolerance and strictness are checked too.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AnalysisResult,
  AnalysisStatus,
  AnalysisSummary,
  CreateSessionRequest,
  ScanningSession,
  Session,
  StartAnalysisRequest,
  UiAnalysisResponse,
  ApiErrors,
} from '../../../main/providers/zignsec/schemas';

const dir = join(import.meta.dirname, '../../fixtures/zignsec');
const text = (name: string): string => readFileSync(join(dir, `${name}.json`), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(text(name));

const SCHEMA_OF: Record<string, z.ZodType> = {
  'create-session-response': Session,
  'add-documents-response': Session,
  'start-analysis-response': AnalysisResult,
  'ui-analyses-response': UiAnalysisResponse,
  'analysis-status-processing': AnalysisStatus,
  'analysis-summary-declined': AnalysisSummary,
  'scanning-session-declined': ScanningSession,
  'request-create-session': CreateSessionRequest,
  'request-start-analysis': StartAnalysisRequest,
  'request-ui-analyses': StartAnalysisRequest,
};

describe('spec JSON examples', () => {
  it('are all extracted and each has a schema', () => {
    const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(names.sort()).toEqual(Object.keys(SCHEMA_OF).sort());
  });

  it('fixtures are byte-identical to the spec blocks', () => {
    const spec = readFileSync(join(dir, 'zignsec-id-scan-v3.examples.md'), 'utf8');
    for (const name of Object.keys(SCHEMA_OF).filter((n) => !n.startsWith('request-'))) expect(spec).toContain(text(name).trimEnd());
  });

  for (const [name, schema] of Object.entries(SCHEMA_OF)) {
    it(`${name} parses verbatim`, () => {
      const r = schema.safeParse(fixture(name));
      expect(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3))).toBe(true);
    });
  }

  it('keeps the values we rely on', () => {
    const s = ScanningSession.parse(fixture('scanning-session-declined'));
    expect(s.total_result).toBe('DECLINED');
    expect(s.analysis_details?.[0]?.analysis_id).toBe(14598);
    expect(s.analysis_details?.[0]?.document_analysis_details?.found_text_fields).toHaveLength(31);
    expect(s.analysis_details?.[0]?.document_analysis_details?.found_image_parts?.map((p) => p.name)).toEqual(['Signature', 'Portrait']);
    expect(s.analysis_summary?.id_document_summary?.fields?.Document_Number).toBe('EK000001');
    expect(s.analysis_summary?.selfie_summary?.max_confidence).toBe(0.0315);
    expect(s.identity_english?.first_name).toBe('IVAN');
    expect(s.documents?.map((d) => d.id)).toEqual([16228, 16229]);
    const st = AnalysisResult.parse(fixture('start-analysis-response'));
    expect(st.total_process_state).toBe('Processing');
    expect(st.document_analysis_result).toBe('ANALYSING');
    expect(st.selfie_analysis_details?.resolution).toBe('NONE');
  });
});

describe('tolerance', () => {
  it('keeps fields the provider adds', () => {
    const s = Session.parse({ ...fixture('create-session-response'), brand_new: { a: 1 } }) as Record<string, unknown>;
    expect(s.brand_new).toEqual({ a: 1 });
    const docs = Session.parse({ ...fixture('add-documents-response') }).documents;
    const withRef = Session.parse({ ...fixture('add-documents-response'), documents: [{ ...docs[0], reference: 'cap-1' }] });
    expect((withRef.documents[0] as Record<string, unknown>).reference).toBe('cap-1');
  });

  it('maps an unknown enum value to an explicit unknown that keeps the raw value', () => {
    const st = AnalysisStatus.parse({ ...fixture('analysis-status-processing'), total_process_state: 'Queued' });
    expect(st.total_process_state).toEqual({ unknown: 'Queued' });
    const s = ScanningSession.parse({ ...fixture('scanning-session-declined'), total_result: 'MANUAL_REVIEW' });
    expect(s.total_result).toEqual({ unknown: 'MANUAL_REVIEW' });
  });

  it('reads the result spellings seen on the wire as one value', () => {
    for (const raw of ['NotRequested', 'NOT_REQUESTED', 'Not Requested']) {
      const r = AnalysisResult.parse({ ...fixture('start-analysis-response'), expert_analysis_result: raw });
      expect(r.expert_analysis_result).toBe('NOT_REQUESTED');
    }
  });

  it('is strict on what we rely on', () => {
    const { session_id: _s, ...noId } = fixture('create-session-response');
    expect(Session.safeParse(noId).success).toBe(false);
    expect(Session.safeParse({ ...fixture('add-documents-response'), documents: [{ file_name: 'x.jpg' }] }).success).toBe(false);
    const { total_process_state: _t, ...noState } = fixture('analysis-status-processing');
    expect(AnalysisStatus.safeParse(noState).success).toBe(false);
    const { total_result: _r, ...noResult } = fixture('scanning-session-declined');
    expect(ScanningSession.safeParse(noResult).success).toBe(false);
    expect(UiAnalysisResponse.safeParse({ id: 'x', errors: [] }).success).toBe(false);
  });

  it('parses the documented error shape', () => {
    const e = ApiErrors.parse({ errors: [{ code: 'SESSION_NOT_FOUND', description: 'gone' }] });
    expect(e.errors[0]?.code).toBe('SESSION_NOT_FOUND');
  });
});
