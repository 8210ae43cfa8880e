// The capture seam: every scanner and camera (SANE, WIA, fswebcam, specimen) behind one interface.
import type { Device, DocumentType, CaptureSide } from '../../shared/domain';
import type { CameraSettings } from './camera-settings';
import type { WebcamVariant } from './specimen/webcam';

export interface CaptureRequest {
  documentType: DocumentType;
  side: CaptureSide;
  signal?: AbortSignal;
}

export interface CapturedImage {
  /** JPEG bytes, already validated and normalised (see capture/image-input.ts). */
  jpeg: Buffer;
  width: number;
  height: number;
}

/**
 * What a device hands the preview: a camera JPEG; an fswebcam run to make (in the worker: starting a
 * process costs the calling thread a fork, which would otherwise land on the main loop every frame); or,
 * for the specimen camera, a document to place in a frame.
 */
export type PreviewFrameInput =
  | { kind: 'jpeg'; jpeg: Uint8Array }
  | { kind: 'fswebcam'; binary: string; source: string; settings: CameraSettings; timeoutMs: number }
  | { kind: 'specimen'; document: Uint8Array; variant: WebcamVariant };

/** A stream of low-resolution frames for the live preview (cameras only; see preview.ts). */
export interface PreviewFeed {
  /** The next frame; rejects with a KioskError sentence when the camera fails. */
  next(signal?: AbortSignal): Promise<PreviewFrameInput>;
}

export interface CaptureDevice {
  readonly info: Device;
  capture(request: CaptureRequest): Promise<CapturedImage>;
  /** Cameras that can stream a live preview; scanners have none. */
  openPreview?(request: CaptureRequest): Promise<PreviewFeed>;
}

/** A source of devices (one per backend); `list` re-enumerates (devices come and go). */
export interface DeviceSource {
  readonly name: string;
  list(): Promise<CaptureDevice[]>;
}
