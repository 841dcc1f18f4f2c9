import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { averageRepetitions, readNeuroidAssembly, readStimulusSet } from '../../lib/alignment/brainio.js';
import { NetcdfFile } from '../../lib/alignment/netcdf.js';
import { decodeImage, placeOnScreen, prepareStimulus, resizeBilinearPil } from '../../lib/alignment/stimuli.js';
import { FIXTURES, fixture } from './fixtures.js';

interface Small { dims: string[]; shape: number[]; data: number[]; coords: Record<string, [string, (string | number)[]]> }

describe('NetCDF4 written by xarray the brainio way (MultiIndex reset, vlen strings)', () => {
  const f = fixture<Small>('brainio_small.json');
  const path = join(FIXTURES, 'brainio_small.nc');

  it('NetcdfFile sees every coordinate on its dimension, and the data', async () => {
    const nc = await NetcdfFile.open(path);
    try {
      for (const [name, [dim, values]] of Object.entries(f.coords)) {
        expect(nc.variable(name).dims[0]).toBe(dim);
        expect(nc.coord(name)).toEqual(values);
      }
      const v = nc.variable('__xarray_dataarray_variable__');
      expect(v.dims).toEqual(f.dims);
      expect(Array.from(nc.numeric(v.name))).toEqual(f.data.map(Math.fround));
    } finally {
      nc.close();
    }
  });

  it('readNeuroidAssembly selects a region and averages the time bins in a window', async () => {
    const [P, N, T] = f.shape;
    const a = await readNeuroidAssembly(path, { region: 'V1', timeWindow: [50, 150] });
    expect(a.neuroid.neuroid_id).toEqual(['n0', 'n2']);
    expect(a.presentation.variation).toEqual(f.coords.variation[1]); // a char-array coordinate
    expect(a.timeBins).toEqual([[50, 100], [100, 150]]);
    for (let p = 0; p < P; p++) {
      [0, 2].forEach((n, j) => {
        const expected = (Math.fround(f.data[(p * N + n) * T + 1]) + Math.fround(f.data[(p * N + n) * T + 2])) / 2;
        expect(a.data[p * 2 + j]).toBeCloseTo(expected, 6);
      });
    }
    const avg = averageRepetitions(a);
    expect(avg.ids).toEqual(['img0', 'img1', 'img2', 'img3']);
    const trials = [0, 4, 8]; // img0's presentations
    const mean = trials.reduce((s, p) => s + a.data[p * 2], 0) / 3;
    expect(avg.data[0]).toBeCloseTo(mean, 10);
  });

  it('names the file and what was expected when asked for something absent', async () => {
    await expect(readNeuroidAssembly(path, { region: 'IT' })).rejects.toThrow(/no neuroids with region 'IT' \(regions: V1, V2\)/);
    await expect(readNeuroidAssembly(path, { timeWindow: [300, 400] })).rejects.toThrow(/no time bins inside \[300, 400\]/);
    await expect(NetcdfFile.open(join(FIXTURES, 'pls.json'))).rejects.toThrow(/pls\.json: not a readable NetCDF4\/HDF5 file/);
  });
});

describe('stimulus sets and what the model sees', () => {
  const f = fixture<{ images: Record<string, { height: number; width: number; data: number[] }>;
    placed: Record<string, { source: number; target: number; height: number; width: number; data: number[] }> }>('stimuli.json');

  it('reads the CSV (quoted fields) and PNG members of a zip (deflated and stored)', () => {
    const set = readStimulusSet(join(FIXTURES, 'image_test_tiny.csv'), join(FIXTURES, 'image_test_tiny.zip'));
    try {
      expect(set.ids).toEqual(['im_a', 'im_b']);
      expect(set.columns.object_name).toEqual(['car, red', 'dog "x"']);
      for (const id of set.ids) {
        const img = decodeImage(set.load(id), id);
        expect([img.height, img.width]).toEqual([f.images[id].height, f.images[id].width]);
        expect(Array.from(img.data)).toEqual(f.images[id].data);
      }
      expect(() => set.load('nope')).toThrow(/no stimulus 'nope'/);
    } finally {
      set.close();
    }
  });

  it('places images on the screen exactly as Brain-Score ImageConverter (gray canvas / centre crop)', () => {
    for (const [key, p] of Object.entries(f.placed)) {
      const im = f.images[key.split('/')[0]];
      const out = placeOnScreen({ width: im.width, height: im.height, data: Uint8Array.from(im.data) }, p.source, p.target);
      expect([out.height, out.width], key).toEqual([p.height, p.width]);
      expect(Array.from(out.data), key).toEqual(p.data);
    }
  });

  it('a 4 deg stimulus for an 8 deg model fills the centre half; the rest is normalised gray', () => {
    const white = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(255) };
    const x = prepareStimulus(white, 4, { size: 16, mean: [0, 0, 0], std: [1, 1, 1] });
    const at = (r: number, c: number): number => x[(r * 16 + c) * 3];
    expect(at(0, 0)).toBeCloseTo(128 / 255, 6);
    expect(at(8, 8)).toBeCloseTo(1, 6);
    expect(at(4, 4)).toBeCloseTo(1, 6);
    expect(at(3, 8)).toBeCloseTo(128 / 255, 6);
  });

  it('resizes bit-exactly as Pillow BILINEAR (torchvision Resize on PIL images), down and up', () => {
    const r = fixture<{ height: number; width: number; data: number[]; resized: Record<string, number[]> }>('resize.json');
    const src = { width: r.width, height: r.height, data: Uint8Array.from(r.data) };
    for (const [key, want] of Object.entries(r.resized)) {
      const [w, h] = key.split('x').map(Number);
      const out = resizeBilinearPil(src, w, h);
      expect([out.width, out.height], key).toEqual([w, h]);
      expect(Array.from(out.data), key).toEqual(want);
    }
  });
});
