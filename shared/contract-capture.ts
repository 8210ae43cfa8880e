// Capture extras: live preview, auto-capture, device changes, the remembered device.
// Each entry: callName: { request: zod schema (z.strictObject), response: zod schema }; events: name: payload schema.
// Add the call's name to preload/api.ts PRELOAD_CALLS (PRELOAD_EVENTS for events) as well.
import { z } from 'zod';
import { CaptureSide, CaptureSummary, Device, QualityVerdict } from './domain';
import { DeviceId, Id } from './contract-base';
import { KioskMessage } from './kiosk-message';

/** Preview sessions are minted by main; the renderer only echoes the id back. */
export const PreviewId = z.string().regex(/^pv-[A-Za-z0-9-]{1,60}$/);

export const PreviewInfo = z.object({
  previewId: PreviewId,
  /** Consecutive passing frames that trigger auto-capture. */
  autoCaptureFrames: z.number().int().min(1),
  autoCapture: z.boolean(),
});
export type PreviewInfo = z.infer<typeof PreviewInfo>;

const Point = z.tuple([z.number(), z.number()]);

export const PreviewFrame = z.object({
  previewId: PreviewId,
  verificationId: Id,
  side: CaptureSide,
  /** Frame number within the session, from 1. */
  seq: z.number().int().min(1),
  /** data:image/jpeg;base64,… at most 640 px wide (~30–60 KB). */
  jpeg: z
    .string()
    .max(400_000)
    .regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/=]+$/),
  width: z.number().int().min(1).max(640),
  height: z.number().int().min(1).max(640),
  quality: QualityVerdict,
  /** Card corners as fractions of the frame (top-left, top-right, bottom-right, bottom-left), null if not found. */
  corners: z.array(Point).length(4).nullable(),
  /** Consecutive passing frames so far, and how many start the auto-capture (the countdown). */
  passing: z.number().int().min(0),
  needed: z.number().int().min(1),
});
export type PreviewFrame = z.infer<typeof PreviewFrame>;

/** Why a preview failed: the English sentence, and the same sentence as a catalogue key the screen translates. */
export const PreviewError = z.object({ code: z.string(), message: z.string(), sentence: KioskMessage.optional() });
export type PreviewError = z.infer<typeof PreviewError>;

/** Session life: capturing = auto-capture is taking the full-resolution still; then captured or failed. */
export const PreviewState = z.object({
  previewId: PreviewId,
  verificationId: Id,
  side: CaptureSide,
  state: z.enum(['capturing', 'captured', 'failed', 'stopped']),
  capture: CaptureSummary.optional(),
  /** failed: the teller's sentence (camera unplugged, in use…). */
  error: PreviewError.optional(),
  /** stopped: why (the teller left, another preview started, or it ran too long unattended). */
  reason: z.enum(['requested', 'replaced', 'timeout', 'closed']).optional(),
});
export type PreviewState = z.infer<typeof PreviewState>;

export const DevicePreference = z.object({
  /** The device chosen last on this kiosk (any kind), and the last one of each kind. */
  lastDeviceId: z.string().nullable(),
  scanner: z.string().nullable(),
  camera: z.string().nullable(),
});
export type DevicePreference = z.infer<typeof DevicePreference>;

export const captureCalls = {
  /** Starts the live preview of a camera (replacing any running one); frames arrive as previewFrame events. */
  startPreview: {
    request: z.strictObject({ verificationId: Id, side: CaptureSide, deviceId: DeviceId, autoCapture: z.boolean().optional() }),
    response: PreviewInfo,
  },
  /** Stops the preview (the given one, or whichever runs). */
  stopPreview: { request: z.strictObject({ previewId: PreviewId.optional() }), response: z.object({ stopped: z.boolean() }) },
  getDevicePreference: { request: z.strictObject({}), response: DevicePreference },
  /** Remembers the teller's device choice for this kiosk; the id must be a listed device. */
  setDevicePreference: { request: z.strictObject({ deviceId: DeviceId }), response: DevicePreference },
  /**
   * While the scan screen is open (active: true, repeated at least every 30 s) main re-enumerates devices
   * every few seconds and sends devicesChanged when the list changes. Returns the current list.
   */
  watchDevices: { request: z.strictObject({ active: z.boolean() }), response: z.array(Device) },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const captureEvents = {
  previewFrame: PreviewFrame,
  previewState: PreviewState,
  devicesChanged: z.object({ devices: z.array(Device) }),
} as const satisfies Record<string, z.ZodType>;
