// The reasons main composes from a provider's verdict codes (ZOLOZ recognition errors and spoof checks,
// a field that differs between the zones, ZignSec's failed fields), as catalogue entries merged into
// MESSAGE_CATALOGUE in kiosk-message.ts. Parameters are the provider's codes and field names only; a
// provider's own free text (an error description) is never put into a translated sentence.
// The `sync_*` entries are why the last attempt to send a verification failed (the sync's last error), derived
// from the failure's kind, HTTP status and provider code (main/sync/error-sentence.ts); the English message
// with its details stays in the store and the audit for support.
// A code the kiosk has no sentence for is `_unlisted`: a key ending in `_other` (or `_one`, `_many`) would be
// taken by i18next for a plural form.
type ProviderEntry = { en: string; params: Record<string, 'text' | 'number'> };

const none = {} as const;

export const PROVIDER_MESSAGES = {
  // ZOLOZ recognitionErrorCode.
  reason_zoloz_blur: { en: 'The photo is blurred: scan again.', params: none },
  reason_zoloz_no_required_id: {
    en: 'The expected document was not found in the image: check the document type and scan again.',
    params: none,
  },
  reason_zoloz_no_face: { en: 'No portrait was found on the document: scan the page with the photo again.', params: none },
  reason_zoloz_not_real_doc: { en: 'This does not look like a genuine document: check the original by hand.', params: none },
  reason_zoloz_unknown: { en: 'The document could not be read: scan again, or check it by hand.', params: none },
  reason_zoloz_unlisted: { en: 'ZOLOZ could not verify the document (code {{code}}): scan again, or check it by hand.', params: { code: 'text' } },
  // ZOLOZ spoof checks answered N.
  reason_spoof_tamper: { en: 'The document looks altered: check the original by hand.', params: none },
  reason_spoof_material: {
    en: 'The document looks like a copy (for example a black-and-white print): ask for the original document.',
    params: none,
  },
  reason_spoof_screen: { en: 'The image looks like a photo of a screen: scan the physical document.', params: none },
  reason_spoof_security: { en: 'The security features of the card could not be confirmed: check the original by hand.', params: none },
  reason_spoof_information: {
    en: "The card's details break the issuer's rules (for example the ID number format): check them by hand.",
    params: none,
  },
  reason_spoof_unlisted: { en: 'The check {{check}} failed: check the original document by hand.', params: { check: 'text' } },
  // A field read differently in the zones of the document.
  reason_zone_mismatch: { en: 'The field {{field}} differs between the zones of the document: compare them by hand.', params: { field: 'text' } },
  // ZignSec's failed fields.
  reason_field_document_number: {
    en: 'Document number: the number read from the document did not pass verification. Check it on the document by hand.',
    params: none,
  },
  reason_field_document_number_check: { en: 'Document number check digit does not match. Check the document number by hand.', params: none },
  reason_field_birth_check: { en: 'Date of birth check digit does not match. Check the date of birth by hand.', params: none },
  reason_field_expiry_check: { en: 'Date of expiry check digit does not match. Check the date of expiry by hand.', params: none },
  reason_field_personal_check: { en: 'Personal number check digit does not match. Check the personal number by hand.', params: none },
  reason_field_final_check: {
    en: 'Final check digit of the machine-readable zone does not match. Check the document by hand, or scan it again.',
    params: none,
  },
  reason_field_no_validity: { en: 'Remaining validity: the document has no validity left. Ask for a valid document.', params: none },
  reason_field_expiry: { en: 'Date of expiry: could not be verified. Check it on the document by hand.', params: none },
  reason_field_birth: { en: 'Date of birth: could not be verified. Check it on the document by hand.', params: none },
  reason_field_mrz: { en: 'Machine-readable zone: could not be read correctly. Scan the document again.', params: none },
  reason_field_unlisted: { en: 'The field {{field}} did not pass verification. Check it on the document by hand.', params: { field: 'text' } },
  // ZignSec's document or selfie analysis failed, or its decision came without a reason. The provider's own
  // cause stays in the English message (logs, raw answer), not in the translated sentence.
  reason_document_not_read: { en: '{{provider}} could not read the document in the image. Scan the document again.', params: { provider: 'text' } },
  reason_selfie_not_read: { en: "{{provider}} could not compare the customer's face. Take the selfie again.", params: { provider: 'text' } },
  reason_no_stated_reason: {
    en: '{{provider}} gave no reason for its decision. Check the document by hand, or call a supervisor.',
    params: { provider: 'text' },
  },
  // Why the last attempt to send a verification failed (the sync's last error).
  sync_no_answer: { en: '{{provider}} could not be reached or did not answer in time. The kiosk tries again by itself; nothing needs to be done.', params: { provider: 'text' } },
  sync_provider_busy: { en: '{{provider}} asked the kiosk to wait before sending more. The kiosk tries again by itself; nothing needs to be done.', params: { provider: 'text' } },
  sync_provider_trouble: {
    en: '{{provider}} had a temporary problem (HTTP {{status}}). The kiosk tries again by itself; nothing needs to be done.',
    params: { provider: 'text', status: 'number' },
  },
  sync_provider_code_retry: {
    en: '{{provider}} could not finish the request this time (code {{code}}). The kiosk tries again by itself; nothing needs to be done.',
    params: { provider: 'text', code: 'text' },
  },
  sync_reply_unverified: {
    en: "{{provider}}'s reply could not be trusted (its signature did not verify), so it was not read. The kiosk tries again; if this keeps happening, call support.",
    params: { provider: 'text' },
  },
  sync_credentials_refused: {
    en: "{{provider}} refused the kiosk's credentials, so sending to it is paused. A supervisor must check its settings and resume it.",
    params: { provider: 'text' },
  },
  sync_session_restarted: {
    en: "{{provider}} no longer had this verification's session, so the kiosk sends it again from the start. Nothing needs to be done.",
    params: { provider: 'text' },
  },
  sync_rejected: { en: '{{provider}} refused the request (HTTP {{status}}). A supervisor must review this verification.', params: { provider: 'text', status: 'number' } },
  sync_rejected_code: { en: '{{provider}} refused the request (code {{code}}). A supervisor must review this verification.', params: { provider: 'text', code: 'text' } },
  sync_rejected_plain: { en: '{{provider}} refused the request. A supervisor must review this verification.', params: { provider: 'text' } },
  sync_still_processing: { en: '{{provider}} is still working on this verification after many checks. A supervisor must review it.', params: { provider: 'text' } },
  sync_too_many_attempts: {
    en: 'Too many attempts were made in this {{provider}} transaction. Cancel this verification and start a new one.',
    params: { provider: 'text' },
  },
  sync_reply_not_understood: { en: "The kiosk could not read {{provider}}'s reply. A supervisor must review this verification.", params: { provider: 'text' } },
  sync_kiosk_stopped: {
    en: 'The kiosk stopped sending this verification to {{provider}}: it cannot be sent as it is. A supervisor must review it.',
    params: { provider: 'text' },
  },
  sync_progress_unreadable: { en: "The kiosk's saved progress of this verification cannot be read. A supervisor must review it.", params: none },
  sync_assisted_not_finished: {
    en: "The customer did not finish {{provider}}'s page. Cancel this verification and start a new one, scanning the document at the kiosk.",
    params: { provider: 'text' },
  },
  sync_store_failed: {
    en: "The kiosk could not save this verification's progress (the disk may be full or failing). It tries again by itself; if this keeps happening, call support.",
    params: none,
  },
  sync_unexpected: {
    en: 'Something went wrong in the kiosk while sending this verification. It tries again by itself; if this keeps happening, call support.',
    params: none,
  },
} as const satisfies Record<string, ProviderEntry>;
