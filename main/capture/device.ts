// The capture seam: every scanner and camera (SANE, WIA, fswebcam, specimen) behind one interface.
import type { Device, DocumentType, CaptureSide } from '../../shared/domain';

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

export interface CaptureDevice {
  readonly info: Device;
  capture(request: CaptureRequest): Promise<CapturedImage>;
}

/** A source of devices (one per backend); `list` re-enumerates (devices come and go). */
export interface DeviceSource {
  readonly name: string;
  list(): Promise<CaptureDevice[]>;
}
