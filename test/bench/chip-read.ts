// Figures for reading a passport chip (printed, not asserted): a full read — EF.CardAccess, BAC or PACE,
// EF.COM, EF.SOD, DG1 and a ~20 KB DG2 — through the kiosk's reading session over the virtual PC/SC stack
// (pcscd + vsmartcard vpcd + the test's emulated passport, see test/integration/chip/support), with the
// time of every APDU round trip, split by kind, and the share spent in passive authentication. The third
// configuration adds DG14 and chip authentication (clone detection; ECDH brainpoolP256r1, AES-128) after
// PACE: its time is from the MSE:Set AT that starts it to the end of the EF.COM re-read that proves it. The
// fourth adds DG15 and active authentication (ECDSA P-256) after BAC: the INTERNAL AUTHENTICATE round trip
// and the signature check, to the end of the read. The fifth and sixth are the long-answer variants: active
// authentication with an RSA-2048 key (extended-length INTERNAL AUTHENTICATE, a 283-byte protected answer)
// and chip authentication with a 2048-bit DH key (RFC 5114 group, 3DES: an extended MSE:Set KAT).
// CHIP_BENCH_ONLY=<text> runs only the configurations whose name contains it.
// Also the JPEG 2000 face decode (test/fixtures/chip/synthetic-face.jp2, 240 × 320) for display.
// The virtual reader's round trip is not a real contactless reader's (ISO 14443 at 106-848 kbit/s), so
// the absolute times say what the software costs plus vpcd's socket hop, not what a branch will see.
// Run: npm run bench -- chip
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dhChipAuthenticationKey } from '../helpers/chip-dh-key';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transmit } from '../../main/chip/bac';
import { faceForDisplay } from '../../main/chip/face-display';
import { passiveAuthentication } from '../../main/chip/passive-auth';
import { readAndVerifyChip, type ChipReadResult } from '../../main/chip/read-session';
import { loadCertificate } from '../../main/chip/trust-material';
import { EmulatedPassport, PACE_CARD_ACCESS } from '../integration/chip/support/emulated-passport';
import { activeAuthenticationKeys, chipAuthenticationKeys, dg1Of, dg2Of, efCom, FID, SPECIMEN_ACCESS, SPECIMEN_MRZ_LINES, syntheticFaceJpeg, TestPki, writePassportFolder } from '../integration/chip/support/passport-data';
import { startVirtualStack } from '../integration/chip/support/virtual-stack';
import { median } from './timing';

const RUNS = 3;

function kindOf(command: Buffer): string {
  const secure = (command[0]! & 0x0c) === 0x0c;
  const names: Record<number, string> = {
    0xa4: 'SELECT', 0xb0: 'READ BINARY', 0x88: 'INTERNAL AUTHENTICATE', 0x84: 'GET CHALLENGE', 0x82: 'EXTERNAL AUTHENTICATE', 0x22: 'MSE:SET AT', 0x86: 'GENERAL AUTHENTICATE', 0xc0: 'GET RESPONSE',
  };
  const ins = names[command[1]!] ?? `INS ${command[1]!.toString(16)}`;
  return secure ? `${ins} (secure messaging)` : ins;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chip-bench-'));
  const stack = await startVirtualStack();
  try {
    const pki = new TestPki(join(dir, 'pki'));
    const csca = pki.makeCsca('csca');
    pki.makeDs('ds', { days: 365 });
    const dg1 = dg1Of(SPECIMEN_MRZ_LINES);
    const dg2 = dg2Of(await syntheticFaceJpeg());
    const groups = new Map<number, Buffer>([[1, dg1], [2, dg2]]);
    const sod = pki.signSod('ds', groups);
    const files = new Map<number, Buffer>([[FID.COM, efCom([0x61, 0x75])], [FID.SOD, sod], [FID.DG1, dg1], [FID.DG2, dg2]]);
    const trust = { cscas: [loadCertificate(csca)], crls: [] };
    console.log(`data: DG1 ${dg1.length} B, DG2 ${dg2.length} B (synthetic JPEG face), EF.SOD ${sod.length} B`);

    const ecCa = chipAuthenticationKeys({ curveName: 'brainpoolP256r1', cipher: 'AES-128' });
    const ecAa = activeAuthenticationKeys('ec');
    const rsaAa = activeAuthenticationKeys('rsa', 2048);
    const dh = dhChipAuthenticationKey(dir);
    const configurations = [
      { access: 'BAC', aa: null, ca: null },
      { access: 'PACE', aa: null, ca: null },
      { access: 'PACE + chip authentication', aa: null, ca: ecCa },
      { access: 'BAC + active authentication', aa: ecAa, ca: null },
      { access: 'BAC + active authentication RSA-2048', aa: rsaAa, ca: null },
      { access: 'BAC + chip authentication DH-2048', aa: null, ca: dh },
    ].filter((c) => c.access.includes(process.env.CHIP_BENCH_ONLY ?? ''));
    for (const { access, aa, ca } of configurations) {
      const content = new Map(files);
      if (access.startsWith('PACE')) content.set(FID.CARD_ACCESS, PACE_CARD_ACCESS);
      const withAa = aa !== null;
      if (aa) {
        content.set(FID.DG15, aa.dg15);
        content.set(FID.COM, efCom([0x61, 0x75, 0x6f]));
        content.set(FID.SOD, pki.signSod('ds', new Map([...groups, [15, aa.dg15]])));
      }
      const withCa = ca !== null;
      if (ca) {
        content.set(FID.DG14, ca.dg14);
        content.set(FID.COM, efCom([0x61, 0x75, 0x6e]));
        content.set(FID.SOD, pki.signSod('ds', new Map([...groups, [14, ca.dg14]])));
      }
      const chipAuthentication = ca ? { chipAuthentication: ca.genuine } : aa ? { activeAuthentication: aa.genuine } : {};
      const folder = writePassportFolder(join(dir, `passport-${access.replace(/\W+/g, '-')}`), { access: SPECIMEN_ACCESS, files: content, ...chipAuthentication });
      const caTimes: number[] = [];
      const placed = await stack.place(folder);
      const totals: number[] = [];
      const perKind = new Map<string, number[]>();
      let apdus = 0;
      for (let run = 0; run < RUNS; run++) {
        const link = await stack.readers.connect(stack.readerName);
        let count = 0;
        let caStart: number | null = null;
        const transmit: Transmit = async (command) => {
          const t = performance.now();
          // Chip authentication's MSE:Set AT goes under secure messaging with P1 41 (PACE's is plain, P1 C1).
          if ((command[0]! & 0x0c) === 0x0c && command[1] === 0x22 && command[2] === 0x41) caStart = t;
          if ((command[0]! & 0x0c) === 0x0c && command[1] === 0x88) caStart = t;
          const answer = await link.transmit(command);
          const kind = kindOf(command);
          perKind.set(kind, [...(perKind.get(kind) ?? []), performance.now() - t]);
          count++;
          return answer;
        };
        const t0 = performance.now();
        const result: ChipReadResult = await readAndVerifyChip({ transmit, access: SPECIMEN_ACCESS, printedMrz: SPECIMEN_MRZ_LINES, trust });
        const end = performance.now();
        totals.push(end - t0);
        link.close();
        if (result.outcome !== 'verified') throw new Error(`bench read ended ${result.outcome}: ${result.message}`);
        if (withCa || withAa) {
          if (result.evidence.cloneCheck.status !== 'passed' || caStart === null) throw new Error('bench read: the clone check did not pass');
          caTimes.push(end - caStart);
        }
        apdus = count;
      }
      await placed.remove();
      console.log(`\n${access}: full read + verification, median of ${RUNS}: ${median(totals).toFixed(0)} ms (${apdus} APDUs per read)`);
      if (withAa) console.log(`  active authentication (INTERNAL AUTHENTICATE and the signature check), median of ${RUNS}: ${median(caTimes).toFixed(0)} ms`);
      if (withCa) console.log(`  chip authentication (MSE:Set AT/KAT, GENERAL AUTHENTICATE, EF.COM re-read under the new keys), median of ${RUNS}: ${median(caTimes).toFixed(0)} ms`);
      console.log(`  per APDU, all kinds: median ${median([...perKind.values()].flat()).toFixed(1)} ms`);
      for (const [kind, xs] of perKind) {
        const perRead = xs.length / RUNS;
        console.log(`  ${kind.padEnd(34)} ${String(perRead).padStart(4)} per read, median ${median(xs).toFixed(1)} ms, total ${(xs.reduce((a, b) => a + b, 0) / RUNS).toFixed(0)} ms`);
      }
      // The same read with the emulated chip called directly (no pcscd, no socket): the software's own cost.
      const card = new EmulatedPassport({ access: SPECIMEN_ACCESS, files: content, ...chipAuthentication });
      const direct: number[] = [];
      for (let run = 0; run < 5; run++) {
        card.reset();
        const t0 = performance.now();
        const result = await readAndVerifyChip({ transmit: async (c) => card.execute(c), access: SPECIMEN_ACCESS, printedMrz: SPECIMEN_MRZ_LINES, trust });
        direct.push(performance.now() - t0);
        if (result.outcome !== 'verified') throw new Error(`in-process read ended ${result.outcome}`);
      }
      console.log(`  in process, no reader (chip emulator called directly), median of 5: ${median(direct).toFixed(0)} ms`);
    }

    const pa: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await passiveAuthentication({ sod, dataGroups: groups, trust });
      pa.push(performance.now() - t);
    }

    console.log(`passive authentication alone (hashes, CMS signature, chain), median of 5: ${median(pa).toFixed(1)} ms`);

    const jp2 = readFileSync(join(import.meta.dirname, '../fixtures/chip/synthetic-face.jp2'));
    const first = performance.now();
    await faceForDisplay({ format: 'jpeg2000', width: 240, height: 320, bytes: jp2 });
    const firstMs = performance.now() - first;
    const decodes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await faceForDisplay({ format: 'jpeg2000', width: 240, height: 320, bytes: jp2 });
      decodes.push(performance.now() - t);
    }
    console.log(`JPEG 2000 face (${jp2.length} B, 240 x 320) decoded and re-encoded as JPEG: first ${firstMs.toFixed(0)} ms (loads the decoder), then median of 10: ${median(decodes).toFixed(0)} ms`);
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

await main();
