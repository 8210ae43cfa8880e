// The health alerts' sentences on the supervisor's health page and alert banner, as catalogue entries
// (merged into MESSAGE_CATALOGUE in kiosk-message.ts). Main derives them from the alert's kind, its
// provider and the counts it measured; each says what happened and what the supervisor does next.
// Parameters are a provider's name, a count, megabytes: never personal data.
type AlertEntry = { en: string; params: Record<string, 'text' | 'number'> };

const none = {} as const;

export const ALERT_MESSAGES = {
  alert_provider_auth: {
    en: '{{provider}} refused the kiosk\'s credentials, so sending to it is paused. Check the credentials, then resume it here.',
    params: { provider: 'text' },
  },
  alert_provider_down: {
    en: '{{provider}} is failing; the kiosk pauses calls to it and tries again by itself. If this lasts, check the branch network or call support.',
    params: { provider: 'text' },
  },
  alert_disk_low: {
    en: 'Only {{freeMb}} MB of disk space is free; below {{floorMb}} MB the kiosk takes no new captures. Ask IT to free space on the kiosk.',
    params: { freeMb: 'number', floorMb: 'number' },
  },
  alert_needs_attention: { en: 'Verifications waiting for a supervisor: {{count}}. Open them from the list and decide each one.', params: { count: 'number' } },
  alert_audit_forwarding: {
    en: "Audit records cannot be sent to the bank's log server. The kiosk keeps them and sends them once it works again; tell IT support.",
    params: none,
  },
  alert_supervisor_lockout: {
    en: 'Supervisor PIN entry was locked after too many wrong PINs (lockout {{count}} since the last successful login). If no supervisor mistyped, someone may be guessing PINs: tell security.',
    params: { count: 'number' },
  },
  alert_store_failure: {
    en: 'The kiosk could not write its database, a backup or an anchor copy. Check again in a few minutes; if it stays, call support.',
    params: none,
  },
  alert_integrity: { en: "A check of the kiosk's records found damage or a change. Call support before anything is deleted.", params: none },
  alert_possible_duplicate: {
    en: "{{provider}} may have received a verification twice (a call was repeated). Check it on the provider's portal, then dismiss this alert with a reason.",
    params: { provider: 'text' },
  },
  alert_provider_delete_failed: {
    en: "The kiosk could not have {{provider}} delete a verification's data. Ask the provider's support to delete it, then dismiss this alert with a reason.",
    params: { provider: 'text' },
  },
} as const satisfies Record<string, AlertEntry>;

export type AlertMessageKey = keyof typeof ALERT_MESSAGES;
