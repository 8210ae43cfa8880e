// What the kiosk is doing now for a verification, in the teller's words (sync.step.* strings).
// Adapters record steps named for what was COMPLETED ('session_created', 'document_uploaded:<id>',
// 'recognition_submitted') or for a call about to go out ('create_session_intent'); the teller
// needs the activity under way, which follows from the last step recorded.
export type SyncActivity = 'create_session' | 'upload' | 'start_analysis' | 'poll' | 'fetch_result' | 'unknown';

const AFTER_STEP: ReadonlyArray<readonly [RegExp, SyncActivity]> = [
  [/^create_session(_intent)?$/, 'create_session'],
  [/^session_created$/, 'upload'],
  [/^(upload|document_uploaded)(_intent)?(:.*)?$/, 'upload'],
  // ZOLOZ sends the images with its recognition request.
  [/^recognize_intent$/, 'upload'],
  [/^start_analysis(_intent)?$/, 'start_analysis'],
  [/^(analysis_started|recognition_submitted|recognition_done|poll)$/, 'poll'],
  [/^fetch_result$/, 'fetch_result'],
];

export function syncActivity(step: string | null | undefined): SyncActivity {
  if (!step) return 'unknown';
  return AFTER_STEP.find(([pattern]) => pattern.test(step))?.[1] ?? 'unknown';
}
