// A captured image full screen: zoom (buttons, +/- keys, the mouse wheel), pan (drag, arrow keys),
// reset (0), close (Escape or the button). A modal <dialog> over the whole window, which also asks
// the browser for real full screen where it allows it.
import { useEffect, useId, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';

const MIN = 1;
const MAX = 8;

export function ImageViewer({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // Real full screen where the browser grants it (a user gesture opened this); the dialog fills the window anyway.
    d?.requestFullscreen?.().catch(() => undefined);
    return () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      d?.close();
    };
  }, []);

  const zoomBy = (f: number) => setZoom((z) => Math.min(MAX, Math.max(MIN, Math.round(z * f * 100) / 100)));
  const move = (dx: number, dy: number) => setPan((p) => ({ x: p.x + dx, y: p.y + dy }));
  const reset = () => {
    setZoom(1);
    setPan({ x: 0, y: 0 });
  };

  return (
    <dialog
      ref={ref}
      className="image-viewer"
      aria-labelledby={titleId}
      data-testid="image-viewer"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        const step = 60;
        if (e.key === '+' || e.key === '=') zoomBy(1.25);
        else if (e.key === '-') zoomBy(0.8);
        else if (e.key === '0') reset();
        else if (e.key === 'ArrowLeft') move(step, 0);
        else if (e.key === 'ArrowRight') move(-step, 0);
        else if (e.key === 'ArrowUp') move(0, step);
        else if (e.key === 'ArrowDown') move(0, -step);
        else return;
        e.preventDefault();
      }}
    >
      <div className="viewer-bar">
        <h2 id={titleId} className="viewer-title">
          {alt}
        </h2>
        <span className="viewer-zoom" aria-live="polite" data-testid="viewer-zoom">
          {t('supervisor.viewer.zoom', { percent: Math.round(zoom * 100) })}
        </span>
        <Button variant="secondary" onClick={() => zoomBy(0.8)} disabled={zoom <= MIN} data-testid="viewer-zoom-out">
          {t('supervisor.viewer.zoomOut')}
        </Button>
        <Button variant="secondary" onClick={() => zoomBy(1.25)} disabled={zoom >= MAX} data-testid="viewer-zoom-in">
          {t('supervisor.viewer.zoomIn')}
        </Button>
        <Button variant="secondary" onClick={reset}>
          {t('supervisor.viewer.reset')}
        </Button>
        <Button variant="primary" onClick={onClose} data-testid="viewer-close" autoFocus>
          {t('supervisor.close')}
        </Button>
      </div>
      <p className="hint viewer-help">{t('supervisor.viewer.help')}</p>
      <div
        className="viewer-stage"
        onWheel={(e) => zoomBy(e.deltaY < 0 ? 1.1 : 0.9)}
        onPointerDown={(e: ReactPointerEvent) => {
          drag.current = { x: e.clientX, y: e.clientY };
          (e.target as Element).setPointerCapture?.(e.pointerId);
        }}
        onPointerMove={(e: ReactPointerEvent) => {
          if (!drag.current) return;
          move(e.clientX - drag.current.x, e.clientY - drag.current.y);
          drag.current = { x: e.clientX, y: e.clientY };
        }}
        onPointerUp={() => (drag.current = null)}
      >
        <img src={src} alt={alt} draggable={false} style={{ transform: `translate(${pan.x}px, ${pan.y}px) scale(${zoom})` }} data-testid="viewer-image" />
      </div>
    </dialog>
  );
}
