// Worker thread of `tdk test`: runs one test contract per message and posts its result back.
import { parentPort, workerData } from 'node:worker_threads';
import { contextFromInit, type WorkerInit } from './runner.js';
import { runSuite } from './suite.js';
import type { TestArtifact } from './test-inspector.js';

const init = workerData as WorkerInit;
const context = contextFromInit(init);
parentPort!.on('message', (artifact: TestArtifact) => {
  parentPort!.postMessage(runSuite(artifact, context, init.options));
});
