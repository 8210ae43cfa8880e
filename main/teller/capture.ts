// The teller's capture of one side: a still from the chosen device (a camera's cut down to the card and
// straightened), its quality verdict (with the framing checks a camera needs), stored with a preview,
// then the kiosk's own reading of the document (precheck) and the comparison with the other side already
// captured (side-check.ts), so the teller sees all of it before submitting.
import type { CaptureSide, CaptureSummary, Device, DocumentType, Verification } from '../../shared/domain';
import type { CallRequest } from '../../shared/contract';
import type { CaptureExtras } from '../capture/capture-extras';
import type { DeviceRegistry } from '../capture/devices';
import { makePreview } from '../capture/image-input';
import type { AssessOptions } from '../capture/quality-verdict';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { PrecheckService } from '../precheck/service';
import { checkDiskFloor } from '../store/disk';
import type { Store } from '../store/store';
import type { VerificationLookup } from './lookup';
import type { SideCheck } from './side-check';

export interface CaptureSideDeps {
  store: Store;
  devices: Pick<DeviceRegistry, 'capture' | 'list'>;
  /** The image to keep (a camera still cut down to the card) and its quality verdict. */
  prepareStill: CaptureExtras['prepareStill'];
  precheck: Pick<PrecheckService, 'checkCapture'>;
  /** Compares a front or back with the other side already captured (same side twice, another document). */
  sideCheck: Pick<SideCheck, 'check'>;
  lookup: VerificationLookup;
  /** Tells the renderer the verification changed (with its sides: the MRZ just read may route it to a provider that needs more). */
  published: (verificationId: string) => void;
  dataDir: string;
  minFreeBytes: number;
}

/**
 * Cameras get the framing checks (document found, not cropped) that a flatbed never needs. A selfie is
 * a face, not a document: only light, focus and contrast apply to it.
 */
export function qualityOptions(side: CaptureSide, deviceKind: Device['kind'], documentType: DocumentType): AssessOptions {
  // Only scanners and cameras take pictures (a chip reader is listed beside them, never captured from).
  return side === 'selfie' ? { kind: 'scanner', checkGlare: false } : { kind: deviceKind === 'camera' ? 'camera' : 'scanner', documentType };
}

export function createCaptureSide(deps: CaptureSideDeps) {
  return async ({ verificationId, side, deviceId }: CallRequest<'capture'>): Promise<CaptureSummary> => {
    const v: Verification = deps.lookup(verificationId, false);
    if (v.state !== 'capturing') {
      throw new KioskError('conflict', kioskMessage('submitted_scan_new'));
    }
    checkDiskFloor(deps.dataDir, deps.minFreeBytes);
    const still = await deps.devices.capture(deviceId, { documentType: v.documentType, side });
    const kind = (await deps.devices.list()).find((d) => d.id === deviceId)?.kind ?? 'scanner';
    const { image, quality } = await deps.prepareStill(still, qualityOptions(side, kind, v.documentType));
    const preview = await makePreview(image.jpeg);
    const summary = deps.store.putCapture({ verificationId, side, deviceId, jpeg: image.jpeg, preview, width: image.width, height: image.height, quality });
    const checked = await deps.precheck.checkCapture({ documentType: v.documentType, side, captureId: summary.id, jpeg: image.jpeg, verificationId });
    const sides = await deps.sideCheck.check({ verificationId, side, captureId: summary.id, jpeg: image.jpeg, quality, precheck: checked });
    deps.published(verificationId);
    return {
      ...summary,
      ...(sides ? { quality: sides.quality } : {}),
      preview: `data:image/jpeg;base64,${preview.toString('base64')}`,
      ...(checked ? { precheck: checked } : {}),
    };
  };
}
