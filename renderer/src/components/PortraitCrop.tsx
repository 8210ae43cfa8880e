import type { CaptureSummary } from '../../../shared/domain';

/**
 * The document's portrait cut from the kiosk's own scan of the photo page (the face the precheck found
 * there, with a margin), large enough to compare with the person at the counter. Drawn as a background
 * crop: the image is not copied or re-encoded.
 */
export function PortraitCrop({ capture, alt, testId }: { capture: CaptureSummary; alt: string; testId?: string }) {
  const face = capture.precheck?.face;
  if (!capture.preview || !face?.ok || face.target !== 'document_portrait' || !face.largest) return null;
  const { x, y, width, height } = face.largest;
  const margin = 0.35;
  const w = Math.min(1, width * (1 + 2 * margin));
  const h = Math.min(1, height * (1 + 2 * margin));
  const left = Math.max(0, Math.min(1 - w, x - width * margin));
  const top = Math.max(0, Math.min(1 - h, y - height * margin));
  const pct = (v: number) => `${(v * 100).toFixed(3)}%`;
  return (
    <div
      className="portrait portrait-crop"
      role="img"
      aria-label={alt}
      data-testid={testId}
      style={{
        aspectRatio: `${w * capture.width} / ${h * capture.height}`,
        backgroundImage: `url("${capture.preview}")`,
        backgroundSize: `${pct(1 / w)} ${pct(1 / h)}`,
        backgroundPosition: `${w < 1 ? pct(left / (1 - w)) : '0%'} ${h < 1 ? pct(top / (1 - h)) : '0%'}`,
      }}
    />
  );
}
