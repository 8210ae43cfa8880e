// The core's event bus: services publish contract events here; both hosts subscribe and forward
// (IPC webContents.send / server-sent events). Payloads are the contract's event schemas.
import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../shared/contract';

export class KioskEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Each host subscribes once per event (the IPC host, the web host's stream hub, which fans out to
    // its capped streams itself); tests and benches add a few watchers. Far more means a leak, and
    // Node's warning should say so.
    this.emitter.setMaxListeners(16);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
