// Entry of the face worker when the kiosk runs from TypeScript sources (tsx, vitest): registers tsx's
// loader inside the worker thread, then loads the worker. The built app runs out/main/face-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./face-worker.ts');
