// Entry of the analysis worker when the kiosk runs from TypeScript sources (tsx, vitest): registers tsx's
// loader inside the worker thread, then loads the worker. The built app runs out/main/analysis-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-worker.ts');
