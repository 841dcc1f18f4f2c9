// Readers for Brain-Score's brainio files: neural assemblies (NetCDF4: a data variable over
// presentation x neuroid [x time_bin] with 1-D coordinates per dimension, brainio
// packaging.write_netcdf / assemblies.py) and stimulus sets (CSV with stimulus_id (legacy: image_id)
// and filename columns + a zip or folder of images, brainio stimuli.StimulusSetLoader).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { column, parseCsv } from '../csv.js';
import { NetcdfFile, type CoordValues } from './netcdf.js';
import { ZipReader } from '../zip.js';

export class MissingDataError extends Error {}

/** One clear message for a data file the user has not placed yet. */
export function requireFile(file: string, dataDir: string, publishedAt: string): string {
  const path = join(dataDir, file);
  if (!existsSync(path)) {
    throw new MissingDataError(`missing ${file}: whatwhere looks for it in ${dataDir}; Brain-Score publishes it at ${publishedAt} ` +
      `(download it there, or pass --data-dir DIR where it already is)`);
  }
  return path;
}

export interface NeuroidAssembly {
  file: string;
  presentations: number;
  neuroids: number;
  /** presentations x neuroids, row-major; averaged over the selected time bins. */
  data: Float32Array;
  /** Per-presentation coordinates (always has stimulus_id; legacy image_id is copied to it). */
  presentation: Record<string, CoordValues>;
  neuroid: Record<string, CoordValues>;
  /** The [start, end) time bins averaged. */
  timeBins: [number, number][];
}

export interface AssemblyReadOptions {
  /** Keep neuroids whose `region` coordinate equals this. */
  region?: string;
  /** Average time bins with start >= w[0] and end <= w[1] (ms); all bins when absent. */
  timeWindow?: [number, number];
  /** Presentations read per hyperslab (bounds memory on large files). */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
}

function pickDataVariable(nc: NetcdfFile): string {
  const candidates = [...nc.variables.values()].filter((v) => v.dims.includes('presentation') && v.dims.length >= 2);
  if (candidates.length === 0) throw new Error(`${nc.path}: no data variable over 'presentation' (variables: ${[...nc.variables.keys()].join(', ')}); expected a brainio assembly`);
  return (candidates.find((v) => v.name === 'data') ?? candidates.find((v) => v.name === '__xarray_dataarray_variable__') ?? candidates[0]).name;
}

export async function readNeuroidAssembly(path: string, opts: AssemblyReadOptions = {}): Promise<NeuroidAssembly> {
  const nc = await NetcdfFile.open(path);
  try {
    const dataName = pickDataVariable(nc);
    const info = nc.variable(dataName);
    if (!info.dims.includes('neuroid')) throw new Error(`${path}: data variable '${dataName}' has dims ${info.dims.join(', ')}; expected presentation and neuroid`);
    const extra = info.dims.filter((d) => d !== 'presentation' && d !== 'neuroid' && d !== 'time_bin');
    if (extra.length) throw new Error(`${path}: data variable '${dataName}' has unexpected dimension(s) ${extra.join(', ')}`);
    const coordsOn = (dim: string): Record<string, CoordValues> => {
      const out: Record<string, CoordValues> = {};
      for (const name of nc.coordinatesOn(dim, dataName)) out[name] = nc.coord(name);
      return out;
    };
    const presentation = coordsOn('presentation');
    const neuroid = coordsOn('neuroid');
    const timeCoords = coordsOn('time_bin');
    if (!presentation.stimulus_id) {
      if (!presentation.image_id) throw new Error(`${path}: no stimulus_id (or legacy image_id) coordinate on presentation`);
      presentation.stimulus_id = presentation.image_id;
    }
    const P = nc.dims.get('presentation')!;
    const Nall = nc.dims.get('neuroid')!;
    const T = info.dims.includes('time_bin') ? nc.dims.get('time_bin')! : 1;

    // Neuroids of the region.
    let keepN = Array.from({ length: Nall }, (_, i) => i);
    if (opts.region !== undefined) {
      const region = neuroid.region;
      if (!region) throw new Error(`${path}: no 'region' coordinate on neuroid to select ${opts.region}`);
      keepN = keepN.filter((i) => String(region[i]) === opts.region);
      if (keepN.length === 0) throw new Error(`${path}: no neuroids with region '${opts.region}' (regions: ${[...new Set(region.map(String))].join(', ')})`);
    }
    // Time bins in the window.
    const starts = (timeCoords.time_bin_start as number[] | undefined) ?? [0];
    const ends = (timeCoords.time_bin_end as number[] | undefined) ?? [0];
    let keepT = Array.from({ length: T }, (_, i) => i);
    if (opts.timeWindow && T > 0 && timeCoords.time_bin_start) {
      const [w0, w1] = opts.timeWindow;
      keepT = keepT.filter((t) => starts[t] >= w0 && ends[t] <= w1);
      if (keepT.length === 0) throw new Error(`${path}: no time bins inside [${w0}, ${w1}] ms (bins: ${starts.map((s, i) => `${s}-${ends[i]}`).slice(0, 8).join(', ')}${T > 8 ? ', ...' : ''})`);
    }
    const tLo = Math.min(...keepT);
    const tHi = Math.max(...keepT) + 1;
    const tMask = new Uint8Array(tHi - tLo);
    for (const t of keepT) tMask[t - tLo] = 1;

    const N = keepN.length;
    const data = new Float32Array(P * N);
    const chunk = opts.chunk ?? Math.max(1, Math.floor(4_000_000 / (Nall * (tHi - tLo))));
    const axis = { presentation: info.dims.indexOf('presentation'), neuroid: info.dims.indexOf('neuroid'), time_bin: info.dims.indexOf('time_bin') };
    for (let p0 = 0; p0 < P; p0 += chunk) {
      const p1 = Math.min(P, p0 + chunk);
      const ranges = info.dims.map((d) => (d === 'presentation' ? [p0, p1] : d === 'time_bin' ? [tLo, tHi] : [])) as ([number, number] | [])[];
      const slab = nc.numeric(dataName, ranges);
      const sizes = info.dims.map((d) => (d === 'presentation' ? p1 - p0 : d === 'time_bin' ? tHi - tLo : Nall));
      const strides = sizes.map((_, i) => sizes.slice(i + 1).reduce((a, b) => a * b, 1));
      const sp = strides[axis.presentation];
      const sn = strides[axis.neuroid];
      const st = axis.time_bin >= 0 ? strides[axis.time_bin] : 0;
      for (let p = 0; p < p1 - p0; p++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          let c = 0;
          for (let t = 0; t < tHi - tLo; t++) {
            if (!tMask[t]) continue;
            const v = slab[p * sp + keepN[j] * sn + t * st];
            if (!Number.isNaN(v)) { s += v; c++; }
          }
          data[(p0 + p) * N + j] = c > 0 ? s / c : NaN;
        }
      }
      opts.onProgress?.(p1, P);
    }
    const sub: Record<string, CoordValues> = {};
    for (const [k, v] of Object.entries(neuroid)) sub[k] = keepN.map((i) => v[i]) as CoordValues;
    return { file: path, presentations: P, neuroids: N, data, presentation, neuroid: sub, timeBins: keepT.map((t) => [starts[t] ?? 0, ends[t] ?? 0]) };
  } finally {
    nc.close();
  }
}

export interface StimulusSet {
  csv: string;
  ids: string[];
  /** Every CSV column, by name, one string per stimulus. */
  columns: Record<string, string[]>;
  /** The image file bytes of a stimulus. */
  load(id: string): Buffer;
  close(): void;
}

/** Read a brainio stimulus set: `csv` plus `images`, a .zip or a folder holding the `filename` paths. */
export function readStimulusSet(csv: string, images: string): StimulusSet {
  const table = parseCsv(readFileSync(csv, 'utf8'), csv);
  const idCol = table.columns.includes('stimulus_id') ? 'stimulus_id' : table.columns.includes('image_id') ? 'image_id' : null;
  if (!idCol) throw new Error(`${csv}: no stimulus_id (or legacy image_id) column (columns: ${table.columns.join(', ')})`);
  const fileCol = ['filename', 'image_file_name', 'stimulus_path_within_store'].find((c) => table.columns.includes(c));
  if (!fileCol) throw new Error(`${csv}: no filename column (columns: ${table.columns.join(', ')})`);
  const ids = column(table, idCol, csv);
  const files = column(table, fileCol, csv);
  const columns: Record<string, string[]> = {};
  for (const c of table.columns) columns[c] = column(table, c, csv);
  columns.stimulus_id = ids;
  const fileOf = new Map(ids.map((id, i) => [id, files[i]]));
  const isDir = existsSync(images) && statSync(images).isDirectory();
  const zip = isDir ? null : ZipReader.open(images);
  return {
    csv, ids, columns,
    load(id: string): Buffer {
      const f = fileOf.get(id);
      if (f === undefined) throw new Error(`${csv}: no stimulus '${id}'`);
      if (zip) {
        if (zip.has(f)) return zip.get(f);
        const alt = zip.names().find((n) => n.endsWith(`/${f}`));
        if (alt) return zip.get(alt);
        throw new Error(`${images}: no member '${f}' for stimulus '${id}'`);
      }
      const p = join(images, f);
      if (!existsSync(p)) throw new Error(`${images}: no file '${f}' for stimulus '${id}'`);
      return readFileSync(p);
    },
    close(): void { zip?.close(); },
  };
}

/** Trial-level data regrouped by stimulus: the stimulus index of every presentation (in `ids` order). */
export function stimulusIndex(assembly: NeuroidAssembly): { ids: string[]; index: Int32Array } {
  const sid = assembly.presentation.stimulus_id.map(String);
  const ids = [...new Set(sid)].sort();
  const pos = new Map(ids.map((s, i) => [s, i]));
  return { ids, index: Int32Array.from(sid, (s) => pos.get(s)!) };
}

/** Mean response per stimulus over all its presentations (Brain-Score average_repetition), ids sorted
 * (xarray groupby order). Returns stimuli x neuroids. */
export function averageRepetitions(assembly: NeuroidAssembly): { ids: string[]; data: Float64Array } {
  const { ids, index } = stimulusIndex(assembly);
  const m = assembly.neuroids;
  const sum = new Float64Array(ids.length * m);
  const cnt = new Float64Array(ids.length * m);
  for (let p = 0; p < assembly.presentations; p++) {
    const s = index[p];
    for (let j = 0; j < m; j++) {
      const v = assembly.data[p * m + j];
      if (!Number.isNaN(v)) { sum[s * m + j] += v; cnt[s * m + j]++; }
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = cnt[i] ? sum[i] / cnt[i] : NaN;
  return { ids, data: sum };
}

/** A per-stimulus label (e.g. object_name): from the assembly's presentation coordinates, else the
 * stimulus set's columns. */
export function stimulusLabels(name: string, ids: string[], assembly: NeuroidAssembly, stimuli?: StimulusSet): string[] {
  const byId = new Map<string, string>();
  const coord = assembly.presentation[name];
  if (coord) assembly.presentation.stimulus_id.forEach((s, p) => byId.set(String(s), String(coord[p])));
  else if (stimuli?.columns[name]) stimuli.ids.forEach((s, i) => byId.set(s, stimuli.columns[name][i]));
  else throw new Error(`${assembly.file}: no '${name}' coordinate to stratify on, and the stimulus set has no such column`);
  return ids.map((s) => {
    const v = byId.get(s);
    if (v === undefined) throw new Error(`${assembly.file}: stimulus '${s}' has no '${name}'`);
    return v;
  });
}
