// Primitives shared by every part of the contract (kept apart so contract-*.ts files can use them
// without importing contract.ts, which imports them).
import { z } from 'zod';

/** Ids we mint are UUIDs; device ids are short tokens from the enumerated list, never free text. */
export const Id = z.string().uuid();
export const DeviceId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9:._/-]+$/, 'device id has characters a device id never has');

/** A call that takes no arguments still gets an object, and nothing else. */
export const Empty = z.strictObject({});

