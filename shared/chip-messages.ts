// The sentences of a document chip read (ICAO eMRTD), as catalogue entries (merged into
// MESSAGE_CATALOGUE in kiosk-message.ts): what the read found, or exactly what failed. The next step for
// a fraud signal ("do not proceed — call a supervisor") is the screen's, beside the sentence. The one
// parameter is the signing state's country code, never anything read from the document.
type ChipEntry = { en: string; params: Record<string, 'country'> };

const none = {} as const;

export const CHIP_MESSAGES = {
  chip_verified: { en: 'Chip verified by {{country}}: the data on the chip was signed by the issuing state.', params: { country: 'country' } },
  chip_verified_training: {
    en: 'Chip verified by {{country}} — TRAINING: signed by a training certificate, not by a state.',
    params: { country: 'country' },
  },
  chip_verified_revocation_unknown: {
    en: "Chip verified by {{country}}, but whether its signing certificate has been revoked is unknown: the kiosk's revocation list is out of date.",
    params: { country: 'country' },
  },
  chip_revocation_refused: {
    en: "This bank accepts a chip only when the revocation of the certificate that signed it has been checked, and the kiosk's revocation list (CRL) from the issuing state is missing or out of date. Ask support to install the current list and read the chip again, or call your supervisor.",
    params: none,
  },
  chip_differs: { en: "The chip's data differs from the printed page: the page may have been altered.", params: none },
  chip_altered: { en: 'The data on the chip does not match what the issuing state signed: the chip data has been altered.', params: none },
  chip_signature_invalid: { en: "The issuing state's signature on the chip data is not valid.", params: none },
  chip_signer_not_trusted: { en: "The chip's signature does not chain to a trusted state certificate.", params: none },
  chip_signer_expired: { en: 'The certificate that signed the chip data was not valid when it signed it.', params: none },
  chip_signer_revoked: { en: 'The certificate that signed the chip data has been revoked by the issuing state.', params: none },
  chip_sod_malformed: { en: "The chip's security data is malformed, so its data cannot be trusted.", params: none },
  chip_clone_check_failed: { en: 'The clone check failed: the chip did not prove it is the original chip of this document.', params: none },
  chip_access_denied: {
    en: "The chip refused the access key from the kiosk's reading. Scan the page with the machine-readable zone again, or type the fields from the document.",
    params: none,
  },
  chip_access_denied_typed: {
    en: 'The chip refused the typed access key. Check the document number, date of birth and expiry date against the document and type them again.',
    params: none,
  },
  chip_interrupted: {
    en: 'The card moved away from the reader before the chip was read. Place it on the reader again, keep it still, and read again.',
    params: none,
  },
  chip_unreadable: { en: 'The chip could not be read. Try once more; if it fails again, continue without the chip.', params: none },
  chip_no_document: { en: 'No document is on the chip reader. Place the passport or card on the reader, then read again.', params: none },
  chip_reader_unavailable: { en: 'No chip reader is available on this kiosk. Continue without the chip, or call your supervisor.', params: none },
  chip_no_exact_mrz: {
    en: "The kiosk has no exact reading of this document's machine-readable zone, so it cannot open the chip. Scan the page again, or type the document number, date of birth and expiry date.",
    params: none,
  },
  chip_training_passports_only: { en: 'The training chip reader holds passports only: scan a passport to practise a chip read.', params: none },
  chip_not_capturing: { en: 'The chip can only be read while the document is being captured.', params: none },
  chip_not_working: { en: 'The chip result is shown only while you are working on this verification.', params: none },
  chip_training_only: { en: 'Placing a virtual passport on the reader is for training kiosks only.', params: none },
  chip_verified_locally: {
    en: "Chip verified on this kiosk by {{country}} while the provider cannot be reached. The provider still receives the verification, and its answer decides the outcome.",
    params: { country: 'country' },
  },
  chip_date_of_birth_future: { en: 'The date of birth is in the future. Type it as printed on the document.', params: none },
} as const satisfies Record<string, ChipEntry>;
