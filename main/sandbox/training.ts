// Training mode: start the embedded ZignSec and ZOLOZ emulators on loopback with credentials
// minted for this run, and point the provider configuration at them. Nothing leaves the machine.
import type { KioskConfig } from '../config';
import { startZignSecSandbox, type ZignSecSandbox } from './zignsec/server';
import { generateSandboxKeys, H5_PAGE, startZolozSandbox, trainingZolozConfig, type ZolozSandbox } from './zoloz/server';
import type { Judge } from './zignsec/judge';
import type { Analyzer } from './zoloz/analysis';

export interface TrainingSandboxes {
  zignsec: ZignSecSandbox;
  zoloz: ZolozSandbox;
  /** Provider config pointing at the emulators (keeps the kiosk's own flow options). */
  providerOverrides(current: KioskConfig['providers']): Pick<KioskConfig['providers'], 'zignsec' | 'zoloz'>;
  close(): Promise<void>;
}

export interface TrainingSandboxOptions {
  analysisDelayMs: number;
  zignsecApiKey: string;
  port?: number;
  /**
   * How the ZignSec emulator judges documents (`createMrzJudge(reader)` reads the MRZ, so
   * training answers like the real service). Default: image sanity only.
   */
  judge?: Judge;
  /** How the ZOLOZ emulator analyses documents (e.g. `createMrzAnalyzer(reader)`). Default: its built-in analyzer. */
  analyze?: Analyzer;
}

export async function startTrainingSandboxes(options: TrainingSandboxOptions): Promise<TrainingSandboxes> {
  const zignsec = await startZignSecSandbox({
    apiKey: options.zignsecApiKey,
    analysisDelayMs: options.analysisDelayMs,
    port: options.port ?? 0,
    // Fault controls exist only in training/test builds; they are how the reliability tests
    // and trainers simulate a flaky provider.
    faults: true,
    ...(options.judge ? { judge: options.judge } : {}),
  });
  let zoloz: ZolozSandbox;
  const keys = await generateSandboxKeys();
  try {
    zoloz = await startZolozSandbox({
      clientId: keys.clientId,
      merchantPublicKeyPem: keys.merchant.publicKeyPem,
      zolozPrivateKeyPem: keys.zoloz.privateKeyPem,
      akSk: keys.akSk,
      faults: true,
      ...(options.analyze ? { analyze: options.analyze } : {}),
    });
  } catch (e) {
    await zignsec.close();
    throw e;
  }
  return {
    zignsec,
    zoloz,
    providerOverrides: (current) => ({
      zignsec: { ...current.zignsec, apiKey: options.zignsecApiKey, baseUrl: zignsec.url },
      zoloz: {
        ...trainingZolozConfig(zoloz.url, keys),
        encrypt: current.zoloz.encrypt,
        // ZOLOZ's own capture page: the emulator serves it, the branch's choice to offer it is kept.
        ...(current.zoloz.assistedFlow !== undefined ? { assistedFlow: current.zoloz.assistedFlow } : {}),
        ...(current.zoloz.assistedTimeoutMs !== undefined ? { assistedTimeoutMs: current.zoloz.assistedTimeoutMs } : {}),
        h5PageUrl: `${zoloz.url}${H5_PAGE}`,
      },
    }),
    close: async () => {
      await Promise.all([zignsec.close(), zoloz.close()]);
    },
  };
}
