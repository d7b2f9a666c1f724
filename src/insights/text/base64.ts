/** Typed arrays to and from base64, the compact way to keep large numeric arrays inside JSON. */

export function typedToBase64(a: Float32Array | Uint32Array | Int8Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function bytes(b64: string, what: string, bytesPer: number, expected?: number): Buffer {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length % bytesPer !== 0 || (expected !== undefined && buf.length !== expected * bytesPer)) {
    throw new Error(`${what}: expected ${expected ?? 'a multiple of'} ${expected === undefined ? bytesPer + ' bytes' : 'values'}, found ${buf.length} bytes`);
  }
  return buf;
}

// Copy into fresh, aligned memory: a Buffer slice may start at an odd offset.
export function base64ToFloat32(b64: string, what: string, expected?: number): Float32Array {
  const buf = bytes(b64, what, 4, expected);
  const out = new Float32Array(buf.length / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function base64ToUint32(b64: string, what: string, expected?: number): Uint32Array {
  const buf = bytes(b64, what, 4, expected);
  const out = new Uint32Array(buf.length / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function base64ToInt8(b64: string, what: string, expected?: number): Int8Array {
  const buf = bytes(b64, what, 1, expected);
  const out = new Int8Array(buf.length);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
