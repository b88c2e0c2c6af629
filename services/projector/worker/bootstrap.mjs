// Entry of the read-model worker when the hub runs from TypeScript sources (tsx, vitest): a
// worker thread does not inherit the parent's loader, so register tsx here, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./readModelWorker.ts');
