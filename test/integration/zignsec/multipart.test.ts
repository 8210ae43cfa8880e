// The client's multipart upload, read by an independent parser (busboy on a plain node:http server),
// and a raw curl upload accepted by the sandbox: both sides of RFC 7578 checked against something
// that is not our own code.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import busboy from 'busboy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFraming, UPLOAD_CHUNK, ZignSecClient } from '../../../main/providers/zignsec/client';
import { Session } from '../../../main/providers/zignsec/schemas';
import { closeServer, listenLoopback } from '../../../main/sandbox/http';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { specimenImage } from './helpers';

const run = promisify(execFile);

describe('client multipart body', () => {
  it('frames one part as the WHATWG encoder does: quotes escaped, a fresh boundary per body', () => {
    const a = multipartFraming('document', 'a"b\r\nc.jpg', 'image/jpeg');
    const b = multipartFraming('document', 'x.jpg', 'image/jpeg');
    const head = new TextDecoder().decode(a.head);
    const boundary = /boundary=(.+)$/.exec(a.contentType)![1]!;
    expect(head).toBe(`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="a%22b%0D%0Ac.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    expect(new TextDecoder().decode(a.tail)).toBe(`\r\n--${boundary}--\r\n`);
    expect(b.contentType).not.toBe(a.contentType);
  });

  it('is parsed by busboy: one part "document", image/jpeg, our file name, exact bytes, progress reported', async () => {
    const seen: Array<{ name: string; filename: string; mimeType: string; bytes: Buffer }> = [];
    let headers: Record<string, unknown> = {};
    let url = '';
    const server = createServer((req, res) => {
      headers = req.headers;
      url = req.url ?? '';
      const bb = busboy({ headers: req.headers });
      bb.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('close', () => seen.push({ name, filename: info.filename ?? '', mimeType: info.mimeType, bytes: Buffer.concat(chunks) }));
      });
      bb.on('close', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ session_id: 's1', provider_folder_id: 'p', documents: [{ id: 1, file_name: 'cap-1.jpg', image_url: null }] }));
      });
      req.pipe(bb);
    });
    const base = await listenLoopback(server);
    try {
      const jpeg = await specimenImage({ width: 1600, height: 1100 });
      const progress: Array<[number, number]> = [];
      const client = new ZignSecClient({ apiKey: 'key-123', baseUrl: base, timeoutMs: 5000 });
      const reply = await client.addDocument({ sessionId: 's1', documentType: 'Passport', reference: 'cap-1', jpeg, onBytes: (s, t) => progress.push([s, t]) });
      expect(Session.parse(reply).documents[0]?.file_name).toBe('cap-1.jpg');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ name: 'document', filename: 'cap-1.jpg', mimeType: 'image/jpeg' });
      expect(seen[0]!.bytes.equals(jpeg)).toBe(true);
      expect(headers.authorization).toBe('key-123');
      expect(String(headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
      expect(Number(headers['content-length'])).toBeGreaterThan(jpeg.length);
      expect(url).toBe('/v3/eid/scanningsessions/s1/documents?documentType=Passport&reference=cap-1');
      const total = Number(headers['content-length']);
      expect(progress.at(-1)).toEqual([total, total]);
      // The part headers, the image in UPLOAD_CHUNK pieces (views of the image, not copies), the closing delimiter.
      expect(progress.length).toBe(Math.ceil(jpeg.length / UPLOAD_CHUNK) + 2);
      expect(progress.every(([s], i) => i === 0 || s > progress[i - 1]![0])).toBe(true);
    } finally {
      await closeServer(server);
    }
  });
});

describe('raw curl upload to the sandbox', () => {
  let sandbox: ZignSecSandbox;
  beforeAll(async () => {
    sandbox = await startZignSecSandbox({ apiKey: 'curl-key', analysisDelayMs: 0 });
  });
  afterAll(() => sandbox.close());

  it("accepts curl -F 'document=@x.jpg;type=image/jpeg' and rejects a PNG the same way", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zs-curl-'));
    const jpg = join(dir, 'x.jpg');
    const png = join(dir, 'x.png');
    writeFileSync(jpg, await specimenImage());
    writeFileSync(png, await specimenImage({ format: 'png' }));
    const created = await run('curl', ['-sS', '-X', 'POST', '-H', 'Authorization: curl-key', '-H', 'Content-Type: application/json', '-d', '{}', `${sandbox.url}/v3/eid/scanningsessions`]);
    const sessionId = Session.parse(JSON.parse(created.stdout)).session_id;
    const up = await run('curl', [
      '-sS',
      '-w',
      '\n%{http_code}',
      '-H',
      'Authorization: curl-key',
      '-F',
      `document=@${jpg};type=image/jpeg`,
      `${sandbox.url}/v3/eid/scanningsessions/${sessionId}/documents?documentType=Passport&reference=r1`,
    ]);
    const [body, code] = up.stdout.split('\n');
    expect(code).toBe('200');
    expect(Session.parse(JSON.parse(body!)).documents.map((d) => d.file_name)).toEqual(['x.jpg']);

    const bad = await run('curl', ['-sS', '-w', '\n%{http_code}', '-H', 'Authorization: curl-key', '-F', `document=@${png};type=image/png`, `${sandbox.url}/v3/eid/scanningsessions/${sessionId}/documents?documentType=Passport`]);
    const [badBody, badCode] = bad.stdout.split('\n');
    expect(badCode).toBe('400');
    expect(JSON.parse(badBody!)).toEqual({ errors: [{ code: 'INVALID_IMAGE_FORMAT', description: 'Only image/jpeg is supported for documents and selfies.' }] });
  });
});
