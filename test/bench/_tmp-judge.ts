import sharp from 'sharp';
import { inspectImage } from '../../main/sandbox/zignsec/judge';
const w = 1400, h = 1000; const raw = Buffer.alloc(w * h * 3); let a = 1;
for (let i = 0; i < raw.length; i++) { a = (Math.imul(a, 1664525) + 1013904223) >>> 0; raw[i] = ((i / 3) % w) / 6 + (a >>> 27); }
const jpeg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
console.log('jpeg bytes', jpeg.length, 'sharp concurrency', sharp.concurrency(), 'cache', JSON.stringify(sharp.cache()));
for (let k = 0; k < 3; k++) { const t = performance.now(); for (let i = 0; i < 10; i++) await inspectImage(jpeg); console.log('inspectImage', ((performance.now() - t) / 10).toFixed(1), 'ms'); }
const t = performance.now(); for (let i = 0; i < 10; i++) await sharp(jpeg).metadata(); console.log('metadata', ((performance.now() - t) / 10).toFixed(2), 'ms');
