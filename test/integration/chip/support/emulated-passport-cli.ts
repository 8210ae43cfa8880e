// An emulated passport on the virtual reader: connects to vpcd (the pcsc-lite driver from vsmartcard) on
// 127.0.0.1:<port> and answers its frames — two-byte big-endian length, then either one control byte
// (0 power off, 1 power on, 2 reset, 4 send the ATR) or a command APDU, answered with a response APDU.
// Connecting is placing the document on the reader; this process ending is taking it away.
//
//   node --import tsx emulated-passport-cli.ts <port> <folder>
// <folder> holds access.json (documentNumber, dateOfBirth, dateOfExpiry) and one <FID>.bin per file
// (e.g. 011E.bin for EF.COM), and chip-authentication.json (curveName, privateKey in hex, cipher; dh { p, g, q } for a DH key) when the chip
// runs chip authentication, active-authentication.pem (PKCS#8) when it runs active authentication, and
// long-answers.txt (extended, parts or short-only: how it returns answers above 256 bytes) when set, as
// writePassportFolder in passport-data.ts lays them out.
import { createPrivateKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { contactlessAtr, EmulatedPassport } from './emulated-passport';

const [portArg, folder] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || !folder) {
  process.stderr.write('usage: emulated-passport-cli.ts <vpcd port> <passport folder>\n');
  process.exit(2);
}

const files = new Map<number, Buffer>();
for (const name of readdirSync(folder)) {
  const m = /^([0-9A-F]{4})\.bin$/i.exec(name);
  if (m) files.set(parseInt(m[1]!, 16), readFileSync(join(folder, name)));
}
const caFile = join(folder, 'chip-authentication.json');
type CaFile = { curveName: string; privateKey: string; cipher: '3DES' | 'AES-128' | 'AES-192' | 'AES-256'; dh?: { p: string; g: string; q: string | null } };
const ca = existsSync(caFile) ? (JSON.parse(readFileSync(caFile, 'utf8')) as CaFile) : null;
const hexInt = (h: string): bigint => BigInt(`0x${h}`);
const dh = ca?.dh ? { dh: { p: hexInt(ca.dh.p), g: hexInt(ca.dh.g), q: ca.dh.q === null ? null : hexInt(ca.dh.q) } } : {};
const card = new EmulatedPassport({
  access: JSON.parse(readFileSync(join(folder, 'access.json'), 'utf8')),
  files,
  ...(ca ? { chipAuthentication: { curveName: ca.curveName, privateKey: hexInt(ca.privateKey), cipher: ca.cipher, ...dh } } : {}),
  ...(existsSync(join(folder, 'active-authentication.pem')) ? { activeAuthentication: createPrivateKey(readFileSync(join(folder, 'active-authentication.pem'))) } : {}),
  ...(existsSync(join(folder, 'long-answers.txt')) ? { longAnswers: readFileSync(join(folder, 'long-answers.txt'), 'utf8').trim() as 'extended' | 'parts' | 'short-only' } : {}),
});
const atr = contactlessAtr();

const socket = connect({ host: '127.0.0.1', port });
socket.setNoDelay(true);
const send = (payload: Buffer): void => {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(payload.length);
  socket.write(Buffer.concat([head, payload]));
};

let pending = Buffer.alloc(0);
socket.on('connect', () => process.stdout.write('placed on the reader\n'));
socket.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 2) {
    const size = pending.readUInt16BE(0);
    if (pending.length < 2 + size) break;
    const frame = pending.subarray(2, 2 + size);
    pending = pending.subarray(2 + size);
    if (size === 1) {
      const control = frame[0];
      if (control === 0 || control === 1 || control === 2) card.reset();
      else if (control === 4) send(atr);
    } else if (size > 1) {
      send(card.execute(Buffer.from(frame)));
    }
  }
});
socket.on('error', (e) => {
  process.stderr.write(`emulated passport: ${e.message}\n`);
  process.exit(1);
});
socket.on('close', () => process.exit(0));
