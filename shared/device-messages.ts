// The sentences of scanners, cameras, the live preview and image intake, as catalogue entries (merged
// into MESSAGE_CATALOGUE in kiosk-message.ts). Each says what happened and what the teller does next.
// Parameters are a device's label, a program's name, a driver's error code and numbers: never
// anything read from a document.
type DeviceEntry = { en: string; params: Record<string, 'text' | 'number'> };

const none = {} as const;

export const DEVICE_MESSAGES = {
  // Any device.
  device_gone: { en: 'That scanner or camera is no longer connected. Choose another device and try again.', params: none },
  device_failed: { en: '{{device}} failed while capturing. Try again, or choose another device.', params: { device: 'text' } },
  device_kiosk_stopping: { en: 'The kiosk is shutting down. Wait for it to restart, then capture again.', params: none },
  // Scanners (SANE, WIA, NAPS2).
  scanner_cannot_selfie: { en: "A scanner cannot take the customer's photo. Choose a camera for this step.", params: none },
  scanner_busy: { en: '{{device}} is already scanning. Wait for the scan to finish, then try again.', params: { device: 'text' } },
  scan_cancelled: { en: 'The scan was cancelled. Scan again when ready.', params: none },
  scanner_cancelled_on_device: { en: 'The scan was cancelled on the scanner. Scan again when the document is in place.', params: none },
  scanner_timeout: {
    en: 'The scanner did not finish within {{seconds}} seconds. Check that it is switched on and connected, then scan again.',
    params: { seconds: 'number' },
  },
  scanner_software_missing: {
    en: 'The scanner software ({{software}}) is not installed on this computer. Ask IT to install it, or choose another device.',
    params: { software: 'text' },
  },
  scanner_no_answer: { en: 'The scanner software gave no answer. Scan again; if it keeps happening, restart the kiosk.', params: none },
  scanner_failed: { en: 'The scanner failed unexpectedly. Scan again; if it keeps happening, switch the scanner off and on.', params: none },
  scanner_error_code: {
    en: 'The scanner reported an error (code {{code}}). Scan again; if it keeps happening, switch the scanner off and on.',
    params: { code: 'text' },
  },
  scanner_no_image: {
    en: 'The scanner returned no image. Check that the document is in place and scan again; if it keeps happening, switch the scanner off and on.',
    params: none,
  },
  scanner_not_opened: {
    en: 'The scanner could not be opened. It may be unplugged or switched off. Check it, then choose it again from the device list.',
    params: none,
  },
  scanner_not_found: { en: 'No scanner was found. Check that the scanner is plugged in and switched on, then choose it again.', params: none },
  scanner_jammed: { en: "The scanner's document feeder is jammed. Open the feeder, remove the document carefully and scan again.", params: none },
  scanner_no_document: { en: 'There is no document in the scanner. Place the document in the scanner and scan again.', params: none },
  scanner_document_problem: { en: 'The scanner reports a problem with the document. Straighten it in the feeder and scan again.', params: none },
  scanner_double_feed: { en: 'The scanner took more than one page at once. Feed one document at a time and scan again.', params: none },
  scanner_no_feeder: { en: 'This scanner has no document feeder. Place the document on the glass and scan again.', params: none },
  scanner_cover_open: { en: 'The scanner cover is open. Close the cover and scan again.', params: none },
  scanner_busy_other_job: { en: 'The scanner is busy with another job. Wait a moment, then scan again.', params: none },
  scanner_in_use: { en: 'The scanner is in use by another program. Close the other program, then scan again.', params: none },
  scanner_warming_up: { en: 'The scanner is warming up. Wait a few seconds, then scan again.', params: none },
  scanner_offline: { en: 'The scanner is offline. Check that it is switched on and connected, then scan again.', params: none },
  scanner_stopped_responding: { en: 'The scanner stopped responding. Check its cable and power, then scan again.', params: none },
  scanner_needs_attention: { en: 'The scanner needs attention. Check its display or lights, then scan again.', params: none },
  scanner_lamp_off: { en: "The scanner's lamp is off. Switch the scanner off and on, then scan again.", params: none },
  scanner_no_memory: { en: 'The scanner ran out of memory. Switch the scanner off and on, then scan again.', params: none },
  scanner_access_denied: { en: 'This computer is not allowed to use the scanner. Ask IT to give the kiosk access to it.', params: none },
  scanner_driver_unsupported: {
    en: 'The scanner software on this computer cannot use this scanner. Ask IT to check the scanner driver.',
    params: none,
  },
  scanner_driver_error: { en: 'The scanner driver reported an error. Switch the scanner off and on, then scan again.', params: none },
  // Cameras (fswebcam, imagesnap, CommandCam).
  camera_busy: { en: '{{device}} is already taking a picture. Wait a moment, then try again.', params: { device: 'text' } },
  capture_cancelled: { en: 'The capture was cancelled. Capture again when ready.', params: none },
  camera_unplugged: { en: 'The camera is no longer connected. Check its cable, then choose it again from the device list.', params: none },
  camera_none_found: { en: 'No camera was found. Check that the camera is plugged in, then choose it again from the device list.', params: none },
  camera_in_use: {
    en: 'The camera is in use by another program. Close the other program (for example a video call), then try again.',
    params: none,
  },
  camera_no_picture: { en: 'The camera sent no picture. Check that it is connected and not covered, then try again.', params: none },
  camera_not_camera: { en: 'That device is not a camera the kiosk can use. Choose another device from the list.', params: none },
  camera_timeout: { en: 'The camera did not answer in time. Unplug it and plug it in again, then try again.', params: none },
  camera_denied: { en: 'This computer is not allowed to use the camera. Ask IT to give the kiosk access to it.', params: none },
  camera_denied_mac: {
    en: 'macOS is not letting the kiosk use the camera. Ask IT to allow it under System Settings, Privacy & Security, Camera.',
    params: none,
  },
  camera_denied_windows: {
    en: 'Windows is not letting the kiosk use the camera. Ask IT to turn on camera access under Settings, Privacy, Camera.',
    params: none,
  },
  camera_software_missing: {
    en: 'The camera software ({{software}}) is not installed on this computer. Ask IT to install it, or use a scanner.',
    params: { software: 'text' },
  },
  // The live picture.
  preview_none: { en: 'This device has no live picture. Use the capture button to scan the document.', params: none },
  preview_unavailable: { en: 'The live camera picture is not available on this kiosk. Use the capture button instead.', params: none },
  preview_stopped: { en: 'The live camera picture stopped. Press “Try again”, or use the capture button.', params: none },
  preview_camera_stopped: { en: 'The camera stopped sending pictures. Check that it is connected, then press “Try again”.', params: none },
  preview_unreadable: { en: 'The camera picture could not be read. Check the camera, then try again.', params: none },
  // Training documents.
  specimen_font_missing: {
    en: 'Training documents cannot be drawn: the MRZ typeface (OCR-B) is missing from this installation. Reinstall the kiosk.',
    params: none,
  },
  // Images as they come from a device or a file.
  image_empty: { en: 'The image is empty (0 bytes). Scan or capture the document again.', params: none },
  image_too_many_bytes: {
    en: 'The image is {{sizeMb}} MB, more than the {{limitMb}} MB limit. Scan again at 300 dpi, which is enough for identity documents.',
    params: { sizeMb: 'number', limitMb: 'number' },
  },
  image_not_image: {
    en: 'The file is not an image the kiosk can read. Scan or capture the document again, or import a JPEG or PNG file.',
    params: none,
  },
  image_gif: {
    en: 'GIF images are not accepted because they lose the detail needed to check a document. Scan again, or import a JPEG or PNG file.',
    params: none,
  },
  image_format: { en: 'The file is a {{format}} image, which the kiosk cannot use. Scan again, or import a JPEG or PNG file.', params: { format: 'text' } },
  image_too_large: {
    en: 'The image is too large to process safely ({{width}} × {{height}} pixels). Scan again at 300 dpi, which is enough for identity documents.',
    params: { width: 'number', height: 'number' },
  },
  image_too_small: {
    en: 'The image is only {{width}} × {{height}} pixels, too small to read the document. Scan at 300 dpi or move the camera closer, then try again.',
    params: { width: 'number', height: 'number' },
  },
  image_damaged: { en: 'The image is damaged or incomplete (the file may have been cut off). Scan or capture the document again.', params: none },
} as const satisfies Record<string, DeviceEntry>;

export type DeviceMessageKey = keyof typeof DEVICE_MESSAGES;
