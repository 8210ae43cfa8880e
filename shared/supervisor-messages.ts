// The sentences of the supervisor area and of recovery, as catalogue entries (merged into
// MESSAGE_CATALOGUE in kiosk-message.ts). Each says what happened and what the supervisor does next.
// Parameters are a verification state, a point in time, a count, a data file's name: never a name, PIN
// or document data.
type SupervisorEntry = { en: string; params: Record<string, 'state' | 'datetime' | 'number' | 'text'> };

const none = {} as const;

export const SUPERVISOR_MESSAGES = {
  // Sign-in and the roster.
  supervisor_session_ended: { en: 'Your supervisor session has ended. Enter your PIN again to continue.', params: none },
  supervisor_already_set_up: { en: 'Supervisors are already set up on this kiosk. Log in with your PIN.', params: none },
  supervisor_pin_format: { en: 'A supervisor PIN is 4 to 12 digits. Choose another PIN.', params: none },
  supervisor_setup_locked: { en: 'Setup is locked after too many wrong entries until {{until}}. Try again after that.', params: { until: 'datetime' } },
  supervisor_setup_code_wrong: {
    en: 'That setup code is not right. IT finds it in the file supervisor-setup-code.txt in the kiosk data folder.',
    params: none,
  },
  supervisor_name_taken: { en: 'A supervisor with that name already exists. Choose another name.', params: none },
  supervisor_add_locked: {
    en: 'PIN entry is locked after too many wrong PINs until {{until}}. Add the supervisor after that.',
    params: { until: 'datetime' },
  },
  supervisor_pin_unusable: { en: 'That PIN cannot be used. Choose a different PIN.', params: none },
  supervisor_name_length: { en: 'A supervisor name is 1 to 64 characters. Enter the name again.', params: none },
  supervisor_name_characters: {
    en: 'A supervisor name may hold only visible letters, digits, spaces and punctuation. Enter the name again.',
    params: none,
  },
  // Decisions on a verification.
  review_reason_short: { en: 'Write a reason of at least a few words; it is kept in the audit log.', params: none },
  review_nothing_to_retry: { en: 'This verification is {{state}}, so there is nothing to retry. Refresh the list and check its state.', params: { state: 'state' } },
  review_override_gone_decision: {
    en: 'That override request is no longer open. Refresh the verification and check its decision.',
    params: none,
  },
  review_override_gone: { en: 'That override request is no longer open. Refresh the verification.', params: none },
  review_purge_needed: {
    en: 'This verification is {{state}}; its images are still needed. Cancel it or wait for the result, then purge.',
    params: { state: 'state' },
  },
  review_override_replaced: {
    en: 'That override request was discarded or replaced while the PIN was checked. Nothing was changed; refresh the verification and check its decision.',
    params: none,
  },
  review_decision_not_now: {
    en: 'This verification is {{state}}, so its decision cannot be set now. Wait for the provider, or cancel it.',
    params: { state: 'state' },
  },
  review_decision_same: { en: 'This verification is already {{state}}. Refresh it to see the current decision.', params: { state: 'state' } },
  review_date_invalid: { en: 'A date in the filter is not valid. Pick the date again.', params: none },
  // Alerts.
  alert_not_dismissable: { en: 'That alert is not open any more or cannot be dismissed this way. Refresh the page.', params: none },
  alert_resolved_by_cause: { en: 'That alert is not open or is resolved by fixing its cause. Refresh the page.', params: none },
  alert_needs_dismissal: {
    en: 'This alert is dismissed with a reason and your PIN (Dismiss), once the case is settled.',
    params: none,
  },
  // Exports.
  export_dates_order: { en: 'Choose a start date before the end date, then export again.', params: none },
  export_too_many_rows: { en: 'That range holds more than {{max}} rows. Export a shorter date range.', params: { max: 'number' } },
  // Recovery of a stopped kiosk.
  recovery_not_needed: { en: 'The kiosk is running; there is nothing to recover. Refresh the page.', params: none },
  recovery_choose_backup: { en: 'Choose the backup to restore from the list.', params: none },
  recovery_backup_gone: { en: 'That backup is not in the backup folder any more. Refresh the list and choose again.', params: none },
  recovery_database_damaged: {
    en: 'The database is damaged, so its current state cannot be accepted. Restore it from a backup or call support.',
    params: none,
  },
  recovery_busy: { en: 'A recovery action is already running. Wait a moment and refresh.', params: none },
  recovery_no_setup: {
    en: 'The kiosk has stopped on its database. A supervisor set up before can log in; otherwise call support.',
    params: none,
  },
  recovery_nothing_waiting: { en: 'There is no recovery action waiting for confirmation. Refresh the page.', params: none },
  recovery_request_changed: { en: 'The request changed while the PIN was checked. Look at it again and confirm.', params: none },
  recovery_stopped: {
    en: 'The kiosk has stopped: its record of verifications needs a supervisor before it can take new ones. Call your supervisor (Supervisor, at the bottom of the screen).',
    params: none,
  },
  // What the start-up checks found (main/recovery/finding.ts); the store's detailed English diagnosis
  // stays beside it for support.
  recovery_finding_damaged: {
    en: 'The kiosk database {{file}} is damaged, so the kiosk cannot open it. Restore it from a checked backup below, or call support.',
    params: { file: 'text' },
  },
  recovery_finding_rolled_back: {
    en: 'The kiosk database {{file}} is missing {{missingRows}} audit row(s) recorded earlier: an older copy is in place. Restore a newer backup, or accept the loss with a reason and your PIN.',
    params: { file: 'text', missingRows: 'number' },
  },
  recovery_finding_replaced: {
    en: 'The kiosk database {{file}} was replaced by another copy: its audit rows differ from the ones recorded. Restore a checked backup, or accept the current state with a reason and your PIN.',
    params: { file: 'text' },
  },
} as const satisfies Record<string, SupervisorEntry>;

export type SupervisorMessageKey = keyof typeof SUPERVISOR_MESSAGES;
