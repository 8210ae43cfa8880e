// The core's event bus: services publish contract events here; both hosts subscribe and forward
// (IPC webContents.send / server-sent events). Payloads are the contract's event schemas.
import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../shared/contract';

export class KioskEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open renderer (and every SSE client) is one listener per event.
    this.emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
