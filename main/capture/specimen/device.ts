// Training-mode devices: a specimen scanner (clean 300 dpi pages) and a specimen camera (webcam-like frames).
// Each capture draws a fresh synthetic document for the requested document type and side, so the whole
// kiosk flow works on a machine with no hardware. Devices are marked `specimen: true` for the UI banner.
import type { Device, DocumentType, CaptureSide } from '../../../shared/domain';
import type { CaptureDevice, CapturedImage, CaptureRequest, DeviceSource, PreviewFeed } from '../device';
import { generateSelfie, generateSpecimen, randomSpecimenSpec, type MrzFormat, type RandomSpecimenOptions, type SelfieOptions, type Specimen, type SpecimenSpec } from './generate';
import { renderWebcamFrame, type WebcamVariant } from './webcam';
import { generateLicenceBack, type LicenceBarcodeOptions } from './licence';
import { OcrBFontError } from './ocr-b-check';
import { KioskError } from '../../errors';
import { kioskMessage } from '../../../shared/kiosk-message';

export const SPECIMEN_SCANNER_ID = 'specimen:scanner';
export const SPECIMEN_CAMERA_ID = 'specimen:camera';

const FORMAT_FOR: Record<DocumentType, MrzFormat> = {
  passport: 'TD3',
  id_card: 'TD1',
  drivers_license: 'TD1',
  other: 'TD2',
};

/**
 * A specimen page, or a teller-facing error when the MRZ typeface is missing from this installation (the
 * cause keeps the technical detail for the log): a page drawn in a fallback font would only ever give
 * "MRZ not read".
 */
async function drawSpecimen(spec: SpecimenSpec): Promise<Specimen> {
  try {
    return await generateSpecimen(spec);
  } catch (e) {
    if (e instanceof OcrBFontError) throw new KioskError('device_error', kioskMessage('specimen_font_missing'), { cause: e });
    throw e;
  }
}

/** The specimen spec for one document type and side (passport front = the data page). */
export function specimenSpecFor(documentType: DocumentType, side: CaptureSide, seed: number, opts: RandomSpecimenOptions = {}): SpecimenSpec {
  const spec = randomSpecimenSpec(seed, { ...opts, format: FORMAT_FOR[documentType], side: side === 'back' ? 'back' : 'front' });
  if (documentType === 'drivers_license') return { ...spec, title: 'DRIVING LICENCE', documentCode: 'DL' };
  return spec;
}

export interface SpecimenDeviceOptions {
  /** Seed of the first capture; each capture uses the next seed (default: time-based, so documents vary). */
  seed?: number;
  /**
   * Options for every specimen (expired, broken check digit...), e.g. to train tellers on rejections.
   * Read at each capture, so a test may change it between captures.
   */
  specimen?: RandomSpecimenOptions;
  /** How the selfie is drawn ('shaded' faces for face-presence tests). Read at each capture. */
  selfie?: SelfieOptions;
  /** Driving-licence backs carry a PDF417 with AAMVA data (instead of the default MRZ back). */
  licenceBarcode?: LicenceBarcodeOptions;
  /** Webcam-like degradation for the camera (default: a mild, realistic frame). */
  cameraVariant?: WebcamVariant;
  /** The specimen camera's live preview, phase by phase (default SPECIMEN_PREVIEW_SCRIPT). */
  previewScript?: readonly PreviewPhase[];
}

/** A stretch of the specimen camera's live preview: `frames` frames rendered with `variant` (640 × 360). */
export interface PreviewPhase {
  frames: number;
  variant: WebcamVariant;
}

/**
 * What a teller does at the counter, as preview frames: empty desk, the card slid in half out of view,
 * moving (blurred), caught by the ceiling light, then held still. Each problem gets its instruction in
 * turn, and the settled frames pass, so the training kiosk demonstrates guidance and auto-capture.
 */
export const SPECIMEN_PREVIEW_SCRIPT: readonly PreviewPhase[] = [
  { frames: 4, variant: { offsetX: 2 } },
  { frames: 4, variant: { offsetX: 0.42, rotationDeg: 8, blurSigma: 0.4 } },
  { frames: 5, variant: { rotationDeg: 6, blurSigma: 1.6, offsetX: 0.04 } },
  { frames: 5, variant: { rotationDeg: 3, glare: 0.9, blurSigma: 0.4 } },
  { frames: Number.POSITIVE_INFINITY, variant: { rotationDeg: 2, blurSigma: 0.4 } },
];

/** The variant of preview frame `index` (0-based) under `script`. */
export function previewVariantAt(script: readonly PreviewPhase[], index: number): WebcamVariant {
  let left = index;
  for (const phase of script) {
    if (left < phase.frames) return phase.variant;
    left -= phase.frames;
  }
  return script.at(-1)?.variant ?? {};
}

abstract class SpecimenDevice implements CaptureDevice {
  abstract readonly info: Device;
  /** Front and back of one card share a seed, so both sides describe the same (synthetic) person. */
  private seed: number;
  private lastSideSeen = new Set<CaptureSide>();

  constructor(protected readonly opts: SpecimenDeviceOptions) {
    this.seed = opts.seed ?? Math.floor(Date.now() / 1000);
  }

  protected nextSeed(side: CaptureSide): number {
    // A side seen again means a new document: move on to the next synthetic person.
    if (this.lastSideSeen.has(side)) {
      this.seed++;
      this.lastSideSeen.clear();
    }
    this.lastSideSeen.add(side);
    return this.seed;
  }

  /** The seed the next capture of `side` will use, without moving on. */
  protected peekSeed(side: CaptureSide): number {
    return this.lastSideSeen.has(side) ? this.seed + 1 : this.seed;
  }

  protected abort(signal?: AbortSignal): void {
    signal?.throwIfAborted();
  }

  abstract capture(request: CaptureRequest): Promise<CapturedImage>;

  /** Training selfies are shaded faces: the face-presence detector finds them, as it would a real customer. */
  protected selfieOptions(): SelfieOptions {
    return this.opts.selfie ?? { style: 'shaded' };
  }
}

class SpecimenScanner extends SpecimenDevice {
  readonly info: Device = { id: SPECIMEN_SCANNER_ID, kind: 'scanner', label: 'Specimen scanner (training)', specimen: true };

  async capture(request: CaptureRequest): Promise<CapturedImage> {
    this.abort(request.signal);
    const seed = this.nextSeed(request.side);
    if (request.side === 'selfie') return generateSelfie(seed, undefined, undefined, this.selfieOptions());
    // A licence back carries its PDF417 (AAMVA) barcode, as real ones do.
    if (request.documentType === 'drivers_license' && request.side === 'back') {
      const back = await generateLicenceBack(specimenSpecFor('drivers_license', 'back', seed, this.opts.specimen), this.opts.licenceBarcode ?? {});
      return { jpeg: back.jpeg, width: back.width, height: back.height };
    }
    const s = await drawSpecimen(specimenSpecFor(request.documentType, request.side, seed, this.opts.specimen));
    return { jpeg: s.jpeg, width: s.width, height: s.height };
  }
}

class SpecimenCamera extends SpecimenDevice {
  readonly info: Device = { id: SPECIMEN_CAMERA_ID, kind: 'camera', label: 'Specimen camera (training)', specimen: true };

  async capture(request: CaptureRequest): Promise<CapturedImage> {
    this.abort(request.signal);
    const seed = this.nextSeed(request.side);
    // The selfie fills a 1280 x 720 frame (the customer faces the camera); documents lie on the desk.
    if (request.side === 'selfie') return generateSelfie(seed, 1280, 720, this.selfieOptions());
    const doc = await drawSpecimen(specimenSpecFor(request.documentType, request.side, seed, { ...this.opts.specimen, dpi: 220 }));
    const frame = await renderWebcamFrame(doc.jpeg, { seed, ...(this.opts.cameraVariant ?? { rotationDeg: 2, blurSigma: 0.6, noise: 4 }) });
    return { jpeg: frame.jpeg, width: frame.width, height: frame.height };
  }

  /**
   * Preview frames are rendered by the analysis worker from one document made here (at a low dpi: the
   * document covers ~350 px of a 640 px frame). The still is a fresh full-resolution capture, as with a
   * real camera, so it shows the next synthetic person only when capture() moves the seed on.
   */
  async openPreview(request: CaptureRequest): Promise<PreviewFeed> {
    const seed = this.peekSeed(request.side);
    if (request.side === 'selfie') {
      const selfie = await generateSelfie(seed, 640, 360, this.selfieOptions());
      return { next: async (signal) => (signal?.throwIfAborted(), { kind: 'jpeg', jpeg: selfie.jpeg }) };
    }
    const doc = await drawSpecimen(specimenSpecFor(request.documentType, request.side, seed, { ...this.opts.specimen, dpi: 110 }));
    const script = this.opts.previewScript ?? SPECIMEN_PREVIEW_SCRIPT;
    let index = 0;
    return {
      next: async (signal) => {
        signal?.throwIfAborted();
        const variant = { seed, noise: 4, ...previewVariantAt(script, index++) };
        return { kind: 'specimen', document: doc.jpeg, variant };
      },
    };
  }
}

export class SpecimenSource implements DeviceSource {
  readonly name = 'specimen';
  private readonly devices: CaptureDevice[];

  constructor(opts: SpecimenDeviceOptions = {}) {
    this.devices = [new SpecimenScanner(opts), new SpecimenCamera(opts)];
  }

  async list(): Promise<CaptureDevice[]> {
    return this.devices;
  }
}
