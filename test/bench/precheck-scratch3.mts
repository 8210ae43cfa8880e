import sharp from 'sharp';
import { readFileSync } from 'node:fs';
const img = readFileSync('/tmp/mrzx/in.jpg');
const { data, info } = await sharp(img).greyscale().resize({ width: 1600 }).raw().toBuffer({ resolveWithObject: true });
const b = await sharp(Buffer.from(data), { raw: { width: info.width, height: info.height, channels: 1 } }).blur(13).raw().toBuffer({ resolveWithObject: true });
console.log(b.info);
let n=0; for (let i=0;i<data.length;i++) if (b.data[i]>40 && data[i] < b.data[i]*0.62) n++;
console.log(n, data.slice(800*1600+700, 800*1600+720), b.data.slice(800*1600+700, 800*1600+720));
