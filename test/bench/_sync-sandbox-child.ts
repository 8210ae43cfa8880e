// (Underscore: a helper process, not a benchmark; test/bench/run.ts skips it.)
// Runs the ZignSec sandbox in its own process for the drain benchmark, so the sandbox's memory (it
// keeps every uploaded image) does not count as the kiosk's. Prints its URL on stdout.
//
// BENCH_JUDGE=default uses the sandbox's own judge, which decodes every uploaded image to check it
// (~90 ms of CPU per 1.4 MP image here). On the kiosk's two cores that emulated provider-side
// analysis competes with the kiosk itself, which never happens with the real ZignSec, so the drain
// benchmark's headline run judges without decoding: BENCH_JUDGE=signature (the default) checks each
// image's JPEG signature; BENCH_JUDGE=header (the headline until 2026-11-23) also has libvips read
// each header, which cost the sandbox ~1.5 ms of CPU per verification, taken from the same two cores.
import sharp from 'sharp';
import { defaultJudge, type Judge } from '../../main/sandbox/zignsec/judge';
import { startZignSecSandbox } from '../../main/sandbox/zignsec/server';

const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

const fastJudge = (readHeaders: boolean): Judge => async (docs, context) => {
  // A sanity check without decoding (signature, or libvips reading the header), then the default
  // judge's verdict wording for good images.
  for (const d of docs) if (!d.jpeg.subarray(0, 3).equals(JPEG_SIGNATURE)) throw new Error(`bench sandbox: ${d.documentType} is not a JPEG`);
  if (readHeaders) await Promise.all(docs.map((d) => sharp(d.jpeg).metadata()));
  const verdict = await defaultJudge([], context);
  const idDocs = docs.filter((d) => d.documentType !== 'Selfie');
  const selfies = docs.filter((d) => d.documentType === 'Selfie');
  return {
    document: context.analysisTypes.includes('document') && idDocs.length
      ? { result: 'ACCEPTED', reason: null, error: null, documentTypeName: 'Identity card (training sandbox)', failedFields: [], fields: [], identity: null }
      : verdict.document,
    selfie: context.analysisTypes.includes('selfie') && selfies.length
      ? { result: 'ACCEPTED', confidence: null, message: 'Training sandbox: selfie accepted without face comparison' }
      : verdict.selfie,
  };
};

const sandbox = await startZignSecSandbox({
  apiKey: process.env.BENCH_API_KEY ?? '',
  analysisDelayMs: 0,
  ...(process.env.BENCH_JUDGE === 'default' ? {} : { judge: fastJudge(process.env.BENCH_JUDGE === 'header') }),
});
process.stdout.write(`${sandbox.url}\n`);
process.on('SIGTERM', () => void sandbox.close().then(() => process.exit(0)));
