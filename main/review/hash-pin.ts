// Prints the scrypt hash of a supervisor PIN for config.json `review.supervisors[].pinHash`.
//   npx tsx main/review/hash-pin.ts            (reads the PIN from stdin, so it stays out of shell history)
import { hashPin, isValidPin } from './pin';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const pin = Buffer.concat(chunks).toString('utf8').trim();
  if (!isValidPin(pin)) {
    process.stderr.write('A supervisor PIN is 4 to 12 digits. Pipe it in: echo 123456 | npx tsx main/review/hash-pin.ts\n');
    process.exit(2);
  }
  process.stdout.write(`${await hashPin(pin)}\n`);
}

void main();
