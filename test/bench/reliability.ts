// `npm run bench:reliability`: the crash campaign at full size: ≥300 SIGKILLs of the kiosk core
// (store + sync worker + ZignSec adapter in a child process) against the ZignSec sandbox, then the
// counts: verifications by final state, missing captures, integrity_check, audit chain, and every
// provider step the sandbox saw repeated.
//   npx tsx test/bench/reliability.ts [kills] [seed] [verifications]
import { pathToFileURL } from 'node:url';
import { runCrashCampaign, type CampaignResult } from '../integration/sync/support/crash-campaign';

export async function benchReliability(kills = 300, seed = 20261122, total = 200): Promise<CampaignResult> {
  return runCrashCampaign({ kills, seed, total, log: (l) => console.log(l) });
}

export function printReliability(r: CampaignResult): void {
  console.log(`reliability: ${r.kills} SIGKILLs (${r.killedMidSync} while talking to the provider), ${r.verifications} verifications`);
  console.log(`  final states           ${JSON.stringify(r.byState)}`);
  console.log(`  missing/damaged captures ${r.missingCaptures}`);
  console.log(`  integrity_check        ${r.integrity}`);
  console.log(`  audit chain            ${r.audit.ok ? `ok (${r.audit.count} rows)` : `BROKEN at row ${r.audit.brokenAt}`}`);
  console.log(`  sandbox calls          ${JSON.stringify(r.sandbox)}`);
  console.log(`  repeated provider steps ${JSON.stringify(r.repeats)} (createSession repeats = documented window; adapter counted ${r.adapterPossibleDuplicates} possible)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [kills, seed, total] = process.argv.slice(2).map(Number);
  const r = await benchReliability(kills || 300, seed || 20261122, total || 200);
  printReliability(r);
  const bad = r.missingCaptures > 0 || r.integrity !== 'ok' || !r.audit.ok || (r.repeats['repeat.addDocument'] ?? 0) > 0 || (r.repeats['repeat.startAnalysis'] ?? 0) > 0;
  process.exitCode = bad ? 1 : 0;
}
