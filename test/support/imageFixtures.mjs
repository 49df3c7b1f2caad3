// Test images made in code (no binary files in git, no image libraries).
//
// makeJpeg: a real baseline JPEG (SOI, DQT, SOF0, DHT, SOS, EOI) of a uniform
// mid-grey picture. With Huffman tables that hold a single code each, every
// 8x8 block is two bits ("DC difference 0", "end of block"), so the encoder
// is a few lines and any decoder shows a grey square. A COM (comment) segment
// carries `payload` bytes: it sets the size and lets the bytes cover all 256
// values, so the base64 of the file contains '+' and '/' - exactly what a
// sender that forgets to percent-encode the form body corrupts.
//
// makeGif: a real 1x1 GIF89a with a comment extension carrying `payload`.

import { createHash } from 'node:crypto';

function segment(marker, body) {
	const len = Buffer.alloc(2);
	len.writeUInt16BE(body.length + 2);
	return Buffer.concat([Buffer.from([0xff, marker]), len, body]);
}

/** Deterministic pseudo-random bytes (all 256 values appear), seeded. */
export function patternBytes(size, seed = 1) {
	const out = Buffer.alloc(size);
	let x = seed >>> 0 || 1;
	for (let i = 0; i < size; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		out[i] = i < 256 ? i : x & 0xff;
	}
	return out;
}

export function makeJpeg({ width = 16, height = 16, payload = patternBytes(2048) } = {}) {
	const parts = [Buffer.from([0xff, 0xd8])]; // SOI
	// Comment segments (max 65533 bytes each).
	for (let off = 0; off < payload.length; off += 65533) parts.push(segment(0xfe, payload.subarray(off, off + 65533)));
	// DQT: table 0, all ones.
	parts.push(segment(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)])));
	// SOF0: 8-bit, height, width, 1 component (grey), id 1, sampling 1x1, table 0.
	const sof = Buffer.alloc(9);
	sof[0] = 8;
	sof.writeUInt16BE(height, 1);
	sof.writeUInt16BE(width, 3);
	sof[5] = 1;
	sof[6] = 1;
	sof[7] = 0x11;
	sof[8] = 0;
	parts.push(segment(0xc0, sof));
	// DHT: DC table 0 with one 1-bit code for category 0; AC table 0 with one
	// 1-bit code for EOB (0x00).
	const counts = Buffer.alloc(16);
	counts[0] = 1;
	parts.push(segment(0xc4, Buffer.concat([Buffer.from([0x00]), counts, Buffer.from([0x00])])));
	parts.push(segment(0xc4, Buffer.concat([Buffer.from([0x10]), counts, Buffer.from([0x00])])));
	// SOS: 1 component, id 1, tables DC0/AC0, Ss=0, Se=63, Ah/Al=0.
	parts.push(segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])));
	// Entropy-coded data: per block bits "0" (DC diff 0) + "0" (EOB).
	const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
	const bits = blocks * 2;
	const data = Buffer.alloc(Math.ceil(bits / 8), 0);
	const pad = data.length * 8 - bits; // pad the last byte with 1-bits
	if (pad > 0) data[data.length - 1] |= (1 << pad) - 1;
	parts.push(data); // only 0x00..0x7f-ish bytes here: no 0xFF stuffing needed
	parts.push(Buffer.from([0xff, 0xd9])); // EOI
	return Buffer.concat(parts);
}

export function makeGif({ payload = patternBytes(512, 7) } = {}) {
	const head = Buffer.from('GIF89a', 'latin1');
	// 1x1, global colour table of 2 entries (flags 0x80), bg 0, aspect 0.
	const lsd = Buffer.from([1, 0, 1, 0, 0x80, 0, 0]);
	const gct = Buffer.from([0xff, 0xff, 0xff, 0x00, 0x00, 0x00]);
	// Comment extension: sub-blocks of <= 255 bytes.
	const com = [Buffer.from([0x21, 0xfe])];
	for (let off = 0; off < payload.length; off += 255) {
		const chunk = payload.subarray(off, off + 255);
		com.push(Buffer.from([chunk.length]), chunk);
	}
	com.push(Buffer.from([0]));
	// Image descriptor 1x1 at 0,0, LZW min code size 2, one data sub-block, trailer.
	const img = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00]);
	return Buffer.concat([head, lsd, gct, ...com, img, Buffer.from([0x3b])]);
}

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
