// PNG encoding of RGB uint8 images (contact sheets, notebook figures), and image tiling.
import { PNG } from 'pngjs';

export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    png.data[i * 4] = rgb[j];
    png.data[i * 4 + 1] = rgb[j + 1];
    png.data[i * 4 + 2] = rgb[j + 2];
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** Paste a size x size RGB tile into a sheet (sheetW pixels wide) at (x, y). */
export function paste(sheet: Uint8Array, sheetW: number, tile: Uint8Array, size: number, x: number, y: number): void {
  for (let r = 0; r < size; r++) sheet.set(tile.subarray(r * size * 3, (r + 1) * size * 3), ((y + r) * sheetW + x) * 3);
}
