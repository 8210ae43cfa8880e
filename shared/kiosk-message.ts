// The sentences main sends the teller's screen, as a stable key with parameters. The renderer shows them
// in the teller's language (locales `message.<key>`); main keeps the English text below for logs, the
// CLI and any screen without a translation. Parameters carry codes and numbers only, never personal
// data: a side, a country code, a state, a provider's name, a count.
import { z } from 'zod';
import { ALERT_MESSAGES } from './alert-messages';
import { CHIP_MESSAGES } from './chip-messages';
import { DEVICE_MESSAGES } from './device-messages';
import { PROVIDER_MESSAGES } from './provider-messages';
import { SUPERVISOR_MESSAGES } from './supervisor-messages';
// Kept free of domain.ts (which imports this file for its outcome reasons): the sides and states are
// checked by shape here and named by the renderer from its own locale keys.

/**
 * How the screen shows a parameter: `sides` is a comma-separated list of capture sides (named in the
 * teller's language and joined as a list), `country` an ISO 3166-1 alpha-3 code (named by the browser),
 * `state` a verification state, `date` an ISO yyyy-mm-dd date (written out in the language), `number` a
 * number, `datetime` an ISO 8601 instant (written out in the language, the log keeps the ISO text); `text`
 * is shown as it is (a provider's name, a field path).
 */
export type ParamKind = 'text' | 'number' | 'sides' | 'country' | 'state' | 'date' | 'datetime';

type Entry = { en: string; params: Record<string, ParamKind> };

const none = {} as const;

export const MESSAGE_CATALOGUE = {
  // The host's own refusals.
  no_such_action: { en: 'That kiosk action does not exist.', params: none },
  bad_request: { en: 'The request was not valid. Go back and try again.', params: none },
  bad_request_field: { en: 'The request was not valid ({{field}}). Go back and try again.', params: { field: 'text' } },
  internal: { en: 'Something went wrong in the kiosk. Try again; if it keeps happening, call your supervisor.', params: none },
  // Verifications that are gone or past the step asked for.
  verification_gone: { en: 'That verification no longer exists. Start a new one.', params: none },
  verification_not_found: { en: 'That verification was not found. Go back to the list and open it again.', params: none },
  submitted_scan_new: { en: 'This verification has already been submitted. Start a new one to scan again.', params: none },
  submitted_follow: { en: 'This verification has already been submitted. Open it from the list to follow its progress.', params: none },
  submitted_no_images: {
    en: 'This verification has already been submitted, so no more images can be added. Start a new verification to capture again.',
    params: none,
  },
  state_not_now: { en: 'This verification is {{state}}, so that cannot be done now. Refresh the list and check its state.', params: { state: 'state' } },
  list_position: { en: 'The list position is not valid. Go back to the first page and try again.', params: none },
  // Submit refusals.
  sides_missing: { en: 'Still to capture: {{sides}}. Capture the missing images, then submit again.', params: { sides: 'sides' } },
  sides_unusable: { en: 'These images cannot be read: {{sides}}. Scan them again before you submit.', params: { sides: 'sides' } },
  sides_poor: {
    en: 'These images are poor: {{sides}}. Scan them again, or choose “send anyway” for them before you submit.',
    params: { sides: 'sides' },
  },
  chip_required: {
    en: "This bank requires the document's chip to be read and verified before it is sent. Read the chip on the chip reader; if it cannot be verified, call your supervisor.",
    params: none,
  },
  chip_off: { en: 'Chip reading is turned off on this kiosk. Continue without the chip.', params: none },
  // "Scan again" on a not-verified result.
  scan_again_not_found: { en: 'The earlier verification was not found. Start a new verification with the customer notice.', params: none },
  scan_again_not_failed: { en: 'Scan again is only for a document that was not verified. Start a new verification with the customer notice.', params: none },
  scan_again_other_type: {
    en: 'Scan again uses the same document type. To use another document, start a new verification with the customer notice.',
    params: none,
  },
  precheck_expired_blocked: { en: 'This document has expired, so it cannot be submitted. Ask the customer for a valid document.', params: none },
  precheck_expired_needs_reason: {
    en: 'This document has expired. Ask the customer for a valid document, or type the reason for submitting it anyway; the reason is recorded.',
    params: none,
  },
  precheck_unreadable_blocked: {
    en: 'The kiosk could not read and confirm the machine-readable lines, so the document cannot be submitted. Scan it again; if it still fails, ask your supervisor.',
    params: none,
  },
  precheck_unreadable_needs_reason: {
    en: 'The kiosk could not read and confirm the machine-readable lines. Scan the document again, or type the reason for submitting it anyway; the reason is recorded.',
    params: none,
  },
  // Issuing country.
  country_unknown: { en: 'That is not a country the kiosk knows. Choose the issuing country from the list.', params: none },
  country_locked: { en: 'This verification has already been submitted, so its issuing country can no longer change.', params: none },
  country_needed: { en: 'The issuing country of the document is needed. Choose it on the review screen, then submit again.', params: none },
  country_mismatch: {
    en: "The issuing country you chose ({{chosen}}) is not the one the document's machine-readable zone shows ({{read}}). Confirm the country on the review screen, then submit again.",
    params: { chosen: 'country', read: 'country' },
  },
  // Providers.
  provider_not_set_up: { en: 'That identity provider is not set up on this kiosk. Choose another, or ask your supervisor.', params: none },
  assisted_unreachable: {
    en: '{{provider}} cannot be reached right now. Scan the document at the kiosk instead; it will be sent as soon as the branch is online.',
    params: { provider: 'text' },
  },
  assisted_auth: {
    en: "{{provider}} refused the kiosk's credentials; a supervisor must check them. Scan the document at the kiosk instead; it will be sent as soon as the branch is online.",
    params: { provider: 'text' },
  },
  assisted_not_offered: { en: "This kiosk does not offer the provider's own page for this verification. Scan the document at the kiosk instead.", params: none },
  assisted_too_late: {
    en: "{{provider}}'s own page can only be used before anything is scanned for this customer. Finish this verification at the kiosk, or choose the document again.",
    params: { provider: 'text' },
  },
  assisted_document_not_taken: {
    en: '{{provider}} cannot check this document on its own page. Scan the document at the kiosk instead; it will be sent as soon as the branch is online.',
    params: { provider: 'text' },
  },
  assisted_page_failed: {
    en: "{{provider}}'s page could not be shown. A supervisor can cancel this verification; start a new one and scan the document at the kiosk.",
    params: { provider: 'text' },
  },
  // Reasons behind a provider's decision (the provider's own free-text reasons stay as they come).
  reason_field_expired: { en: 'Date of expiry: the document expired on {{date}}', params: { date: 'date' } },
  reason_expired_on: { en: 'The document expired on {{date}}', params: { date: 'date' } },
  reason_document_expired: { en: 'The document has expired: ask for a valid document.', params: none },
  reason_selfie_low_match: { en: 'Selfie: the face matches the document photo by only {{similarity}}%', params: { similarity: 'number' } },
  reason_selfie_mismatch: { en: 'Selfie: the face does not match the document photo', params: none },
  reason_face_mismatch: { en: 'The customer does not match the document photo: check their face against the document by hand.', params: none },
  reason_analysis_failed: {
    en: '{{provider}} could not complete the analysis (an error on their side). Submit the verification again.',
    params: { provider: 'text' },
  },
  // The disk.
  disk_low: {
    en: "The kiosk's disk is almost full ({{freeMb}} MB free, {{neededMb}} MB needed), so no new captures can be taken. Finished verifications are kept safe; call your supervisor to free space.",
    params: { freeMb: 'number', neededMb: 'number' },
  },
  disk_full: {
    en: "The kiosk's disk is full, so this could not be saved. Everything saved before is kept safe; call your supervisor to free space, then try again.",
    params: none,
  },
  disk_io: {
    en: 'The kiosk could not write to its disk (a disk error), so this could not be saved. Everything saved before is kept; call your supervisor or support.',
    params: none,
  },
  // Scanners, cameras, the live picture and image intake (device-messages.ts).
  ...DEVICE_MESSAGES,
  // The supervisor area and recovery (supervisor-messages.ts).
  ...SUPERVISOR_MESSAGES,
  // The health alerts (alert-messages.ts).
  ...ALERT_MESSAGES,
  // A document chip read (chip-messages.ts).
  ...CHIP_MESSAGES,
  // Reasons composed from a provider's verdict codes (provider-messages.ts).
  ...PROVIDER_MESSAGES,
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof MESSAGE_CATALOGUE;
export const MESSAGE_KEYS = Object.keys(MESSAGE_CATALOGUE) as [MessageKey, ...MessageKey[]];
export const MessageKey = z.enum(MESSAGE_KEYS);

type ParamsOf<K extends MessageKey> = { [P in keyof (typeof MESSAGE_CATALOGUE)[K]['params']]: string | number };

const ParamValue = z.union([z.string().max(200), z.number().finite()]);

/** A sentence as a key and its parameters: exactly the parameters the catalogue names for that key. */
export const KioskMessage = z
  .strictObject({ key: MessageKey, params: z.record(z.string().regex(/^[a-z][A-Za-z]{0,30}$/), ParamValue) })
  .superRefine((m, ctx) => {
    const want = Object.keys(MESSAGE_CATALOGUE[m.key].params).sort();
    const got = Object.keys(m.params).sort();
    if (want.join(',') !== got.join(',')) ctx.addIssue({ code: 'custom', path: ['params'], message: `${m.key} takes ${want.join(', ') || 'no parameters'}` });
  });
export type KioskMessage = z.infer<typeof KioskMessage>;

/** A message with the parameters its key takes (checked by the compiler). */
export function kioskMessage<K extends MessageKey>(key: K, ...params: keyof ParamsOf<K> extends never ? [] : [ParamsOf<K>]): KioskMessage {
  return { key, params: (params[0] ?? {}) as Record<string, string | number> };
}

type CaptureSide = 'front' | 'back' | 'selfie';
const ENGLISH_SIDE: Record<CaptureSide, string> = {
  front: 'the front of the document',
  back: 'the back of the document',
  selfie: "the customer's photo (selfie)",
};

/** A `sides` parameter from a list of sides (and back: the renderer names each one). */
export const sidesParam = (sides: readonly CaptureSide[]): string => sides.join(',');
export function sidesOfParam(value: string | number): CaptureSide[] {
  return String(value)
    .split(',')
    .filter((s): s is CaptureSide => s in ENGLISH_SIDE);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function englishParam(kind: ParamKind, value: string | number): string {
  switch (kind) {
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
      return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}` : String(value);
    }
    case 'sides': {
      const words = sidesOfParam(value).map((s) => ENGLISH_SIDE[s]);
      return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`;
    }
    case 'state':
      return String(value).replace(/_/g, ' ');
    default:
      return String(value);
  }
}

/** The English sentence of a message: for logs, the CLI, and a screen without a translation. */
export function englishText(message: KioskMessage): string {
  const entry: Entry = MESSAGE_CATALOGUE[message.key];
  return entry.en.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => {
    const value = message.params[name];
    const kind = entry.params[name];
    return value === undefined || kind === undefined ? '' : englishParam(kind, value);
  });
}
