import { PNG } from "pngjs";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface DecodedPng {
  width: number;
  height: number;
  /** Share of pixels in the rectangle that are dark (text, lines), 0…1. */
  darkShare(x0: number, y0: number, x1: number, y1: number): number;
}

/** Decodes fully (every chunk, CRCs, the zlib stream): a broken PNG throws. */
export function decodePng(bytes: Buffer): DecodedPng {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("not a PNG signature");
  const png = PNG.sync.read(bytes);
  return {
    width: png.width,
    height: png.height,
    darkShare(x0, y0, x1, y1) {
      let dark = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * png.width + x) * 4;
          if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 200 && png.data[i + 3]! > 128) dark++;
        }
      }
      return dark / ((x1 - x0) * (y1 - y0));
    },
  };
}
