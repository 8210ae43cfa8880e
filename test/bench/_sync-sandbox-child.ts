// (Underscore: a helper process, not a benchmark; test/bench/run.ts skips it.)
// Runs the ZignSec sandbox in its own process for the drain benchmark, so the sandbox's memory (it
// keeps every uploaded image) does not count as the kiosk's. Prints its URL on stdout.
import { startZignSecSandbox } from '../../main/sandbox/zignsec/server';

const sandbox = await startZignSecSandbox({ apiKey: process.env.BENCH_API_KEY ?? '', analysisDelayMs: 0 });
process.stdout.write(`${sandbox.url}\n`);
process.on('SIGTERM', () => void sandbox.close().then(() => process.exit(0)));
