// A worker thread of run.ts. Plain JavaScript, like bin/touchpoint.js, because it must
// register tsx before it can load the TypeScript module it runs (a worker does not
// inherit the main thread's loader). An exception ends the thread and reaches run.ts
// as its 'error' event.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { module, name, args } = workerData;
const exported = (await import(module))[name];
if (typeof exported !== 'function') throw new Error(`${module} has no function ${name}`);
parentPort.postMessage(await exported(...args));
