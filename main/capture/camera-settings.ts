// What fswebcam is asked for when it takes a picture: size, warm-up frames, JPEG quality, palette. Its own
// module because both the camera (camera.ts) and the preview frames it hands the analysis worker
// (device.ts PreviewFrameInput) carry it.
/** Palettes fswebcam accepts that matter for webcams and test sources. */
export const PALETTES = ['MJPEG', 'JPEG', 'YUYV', 'UYVY', 'RGB24', 'BGR24', 'YUV420P', 'GREY'] as const;
export type Palette = (typeof PALETTES)[number];

export interface CameraSettings {
  width: number;
  height: number;
  /** Frames thrown away before the one kept, so exposure and white balance settle (warm-up). */
  skipFrames: number;
  jpegQuality: number;
  palette?: Palette | undefined;
}

export const DEFAULT_CAMERA_SETTINGS: CameraSettings = { width: 1920, height: 1080, skipFrames: 5, jpegQuality: 92 };
