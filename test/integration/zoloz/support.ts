// The ZOLOZ emulator on loopback for one test file: fresh keys, started before the file's tests and
// closed after them, with a fault the test can set for the emulator's next reply (taken once).
import { afterAll, beforeAll } from 'vitest';
import { generateSandboxKeys, startZolozSandbox, type SandboxKeys, type ZolozFault, type ZolozSandbox } from '../../../main/sandbox/zoloz/server';

export interface ZolozEmulatorRig {
  keys: SandboxKeys;
  sandbox: ZolozSandbox;
  /** Applied to the emulator's next reply, then reset to null (a test can check it was used). */
  nextFault: ZolozFault | null;
}

/** Registers beforeAll/afterAll for the emulator; `akSk` also enables the AK/SK scheme, `now` fixes its clock. */
export function useZolozEmulator(options: { akSk?: boolean; now?: () => Date } = {}): ZolozEmulatorRig {
  const rig = { nextFault: null } as ZolozEmulatorRig;
  beforeAll(async () => {
    rig.keys = await generateSandboxKeys();
    rig.sandbox = await startZolozSandbox({
      clientId: rig.keys.clientId,
      merchantPublicKeyPem: rig.keys.merchant.publicKeyPem,
      zolozPrivateKeyPem: rig.keys.zoloz.privateKeyPem,
      ...(options.akSk ? { akSk: rig.keys.akSk } : {}),
      ...(options.now ? { now: options.now } : {}),
      zolozFaults: () => {
        const f = rig.nextFault;
        rig.nextFault = null;
        return f;
      },
    });
  });
  afterAll(() => rig.sandbox.close());
  return rig;
}
