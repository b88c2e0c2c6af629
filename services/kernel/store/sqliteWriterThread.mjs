// Entry of the SQLite writer thread when the hub runs from TypeScript sources (see threadEntry.mjs).
import { importThreadBody } from '../threadEntry.mjs';

await importThreadBody(new URL('./sqliteWriterThread.ts', import.meta.url).href);
