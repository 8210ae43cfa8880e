// Live preview with guidance and auto-capture. One preview session per kiosk:
// frames come from the camera at a steady rate, each is analysed in the analysis worker (never on the main
// loop), and sent to the renderer as a previewFrame event with its verdict and the card's corners. After
// `autoCaptureFrames` passing frames in a row, the full-resolution still is taken through the same capture
// path as the teller's capture button. Stills and preview never fight over a camera: a still pauses the
// preview (pauseFor) until it is done.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PreviewError, PreviewInfo } from '../../shared/contract-capture';
import type { CaptureSide, CaptureSummary, DocumentType } from '../../shared/domain';
import { KioskError, isKioskError } from '../errors';
import { englishText, kioskMessage } from '../../shared/kiosk-message';
import type { KioskEvents } from '../events';
import type { AnalysisClient } from './analysis-client';
import type { CaptureDevice, PreviewFeed } from './device';
import { DEVICE_GONE_MESSAGE } from './devices';
import type { PreviewFrameInput } from './device';
import type { FrameAnalysis } from './frame-analysis';

export const NO_PREVIEW_MESSAGE = kioskMessage('preview_none');

export interface PreviewServiceOptions {
  devices: { find(deviceId: string): Promise<CaptureDevice | null> };
  events: KioskEvents;
  analysis: Pick<AnalysisClient, 'analyse' | 'close'>;
  /** The manual capture path (kiosk service `capture`): auto-capture stores the still exactly as a click does. */
  capture: (request: { verificationId: string; side: CaptureSide; deviceId: string }) => Promise<CaptureSummary>;
  /** Passing frames in a row before auto-capture (default 4: about half a second at 8 frames/s). */
  autoCaptureFrames?: number;
  /** Target frame rate (default 8 frames/s; a preview slower than 5 frames/s feels stuck). */
  fps?: number;
  /** An unattended preview stops after this long (default 2 minutes), so a forgotten screen does not keep the camera on. */
  maxDurationMs?: number;
  /** Camera errors in a row before the preview gives up (default 2: one glitch is tolerated). */
  maxFailures?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, e?: unknown) => void;
}

export interface StartPreviewRequest {
  verificationId: string;
  side: CaptureSide;
  deviceId: string;
  documentType: DocumentType;
  autoCapture?: boolean | undefined;
}

interface Session {
  id: string;
  request: StartPreviewRequest;
  feed: PreviewFeed;
  abort: AbortController;
  /** Grabs and analyses in progress; a still waits for them before it uses the camera. */
  inFlight: Set<Promise<unknown>>;
  done: Promise<void>;
  ended: boolean;
}

export class PreviewService {
  private current: Session | null = null;
  private pauseDepth = 0;
  private resumeWaiters: (() => void)[] = [];
  private closed = false;
  private readonly needed: number;

  constructor(private readonly opts: PreviewServiceOptions) {
    this.needed = opts.autoCaptureFrames ?? 4;
  }

  async start(request: StartPreviewRequest): Promise<PreviewInfo> {
    if (this.closed) throw new KioskError('device_error', kioskMessage('device_kiosk_stopping'));
    const device = await this.opts.devices.find(request.deviceId);
    if (!device) throw new KioskError('device_error', DEVICE_GONE_MESSAGE);
    if (device.info.kind !== 'camera' || !device.openPreview) throw new KioskError('device_error', NO_PREVIEW_MESSAGE);
    this.stop(undefined, 'replaced');
    const feed = await device.openPreview({ documentType: request.documentType, side: request.side });
    const session: Session = {
      id: `pv-${randomUUID()}`,
      request,
      feed,
      abort: new AbortController(),
      inFlight: new Set(),
      done: Promise.resolve(),
      ended: false,
    };
    // A start racing another start: the later one wins.
    this.stop(undefined, 'replaced');
    this.current = session;
    session.done = this.run(session).catch((e: unknown) => this.opts.log?.('error', 'live preview loop failed', e));
    return { previewId: session.id, autoCaptureFrames: this.needed, autoCapture: request.autoCapture ?? true };
  }

  /** Stops the running preview (only if it is `previewId`, when given). */
  stop(previewId?: string, reason: 'requested' | 'replaced' | 'timeout' | 'closed' = 'requested'): boolean {
    const s = this.current;
    if (!s || (previewId !== undefined && s.id !== previewId)) return false;
    this.end(s);
    s.abort.abort();
    this.emitState(s, { state: 'stopped', reason });
    return true;
  }

  /**
   * Runs `fn` (a full-resolution still) with the preview paused: no new frame is grabbed, and grabs in
   * progress finish first, so fswebcam never finds its own camera busy. Re-entrant: auto-capture's still
   * goes through here too while the loop that started it is waiting, not grabbing.
   */
  async pauseFor<T>(fn: () => Promise<T>): Promise<T> {
    this.pauseDepth++;
    try {
      const s = this.current;
      if (s) await Promise.allSettled([...s.inFlight]);
      return await fn();
    } finally {
      this.pauseDepth--;
      if (this.pauseDepth === 0) for (const wake of this.resumeWaiters.splice(0)) wake();
    }
  }

  get running(): string | null {
    return this.current?.id ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = this.current;
    this.stop(undefined, 'closed');
    if (s) await s.done;
    await this.opts.analysis.close();
  }

  private end(s: Session): void {
    s.ended = true;
    if (this.current === s) this.current = null;
  }

  private track<T>(s: Session, p: Promise<T>): Promise<T> {
    s.inFlight.add(p);
    const untrack = () => s.inFlight.delete(p);
    p.then(untrack, untrack);
    return p;
  }

  private async run(s: Session): Promise<void> {
    const { signal } = s.abort;
    const period = 1000 / (this.opts.fps ?? 8);
    const maxFailures = this.opts.maxFailures ?? 2;
    const started = Date.now();
    const checkCard = s.request.side !== 'selfie';
    const autoCapture = s.request.autoCapture ?? true;
    let seq = 0;
    let passing = 0;
    let failures = 0;
    // The next frame is grabbed while the current one is analysed (a camera run and an analysis overlap).
    let next: Promise<PreviewFrameInput> | null = null;
    const grab = () => {
      const p = this.track(s, s.feed.next(signal));
      p.catch(() => {}); // observed below; a prefetch dropped by a pause must not be an unhandled rejection
      return p;
    };

    while (!s.ended) {
      if (Date.now() - started > (this.opts.maxDurationMs ?? 120_000)) {
        this.stop(s.id, 'timeout');
        return;
      }
      if (this.pauseDepth > 0) {
        next = null; // a frame grabbed before the still is stale
        await new Promise<void>((wake) => this.resumeWaiters.push(wake));
        continue;
      }
      const t0 = Date.now();
      let frame: FrameAnalysis;
      try {
        const raw = await (next ?? grab());
        next = !s.ended && this.pauseDepth === 0 ? grab() : null;
        frame = await this.track(s, this.opts.analysis.analyse(raw, checkCard, s.request.documentType));
        failures = 0;
      } catch (e) {
        next = null;
        if (s.ended) return;
        if (++failures < maxFailures) continue;
        this.opts.log?.('warn', 'live preview stopped after camera errors', e);
        this.end(s);
        s.abort.abort();
        this.emitState(s, { state: 'failed', error: this.errorShape(e) });
        return;
      }
      if (s.ended) return;
      passing = frame.verdict.ok ? passing + 1 : 0;
      seq++;
      this.opts.events.emit('previewFrame', {
        previewId: s.id,
        verificationId: s.request.verificationId,
        side: s.request.side,
        seq,
        jpeg: `data:image/jpeg;base64,${Buffer.from(frame.jpeg).toString('base64')}`,
        width: frame.width,
        height: frame.height,
        quality: frame.verdict,
        corners: frame.corners,
        passing: Math.min(passing, this.needed),
        needed: this.needed,
      });
      if (autoCapture && passing >= this.needed && this.pauseDepth === 0) {
        await this.autoCapture(s);
        return;
      }
      const wait = period - (Date.now() - t0);
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => {});
    }
  }

  private async autoCapture(s: Session): Promise<void> {
    this.end(s); // the side is being captured: this preview is over whatever happens next
    s.abort.abort();
    this.emitState(s, { state: 'capturing' });
    const { verificationId, side, deviceId } = s.request;
    try {
      const capture = await this.opts.capture({ verificationId, side, deviceId });
      this.emitState(s, { state: 'captured', capture });
    } catch (e) {
      this.emitState(s, { state: 'failed', error: this.errorShape(e) });
    }
  }

  /** The failure as the contract's error: the English sentence and, when it has one, the catalogue key. */
  private errorShape(e: unknown): PreviewError {
    if (isKioskError(e)) return e.sentence ? { code: e.code, message: e.userMessage, sentence: e.sentence } : { code: e.code, message: e.userMessage };
    const sentence = kioskMessage('preview_camera_stopped');
    return { code: 'device_error', message: englishText(sentence), sentence };
  }

  private emitState(
    s: Session,
    state: { state: 'capturing' | 'captured' | 'failed' | 'stopped'; capture?: CaptureSummary; error?: PreviewError; reason?: 'requested' | 'replaced' | 'timeout' | 'closed' },
  ): void {
    this.opts.events.emit('previewState', { previewId: s.id, verificationId: s.request.verificationId, side: s.request.side, ...state });
  }
}
