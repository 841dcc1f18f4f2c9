// NetCDF4 (= HDF5 with dimension scales) reading and writing through h5wasm, enough for brainio
// assemblies. Layout facts (checked on a file written by xarray/netCDF4, see
// scripts/fixtures/alignment_fixtures.py and brain-score/brainio packaging.write_netcdf):
// - every variable is an HDF5 dataset; its dimensions are the dimension-scale datasets attached to
//   each axis (DIMENSION_LIST), named after the dimension;
// - a dimension without a coordinate variable is a dummy scale dataset whose NAME attribute starts
//   "This is a netCDF dimension but not a netCDF variable.";
// - the data variable lists its coordinates in a `coordinates` attribute; strings are HDF5 vlen strings.
// h5wasm is ESM-only. A plain `import()` works under ESM (tsx, vitest); when a notebook compiles
// lib/ as CommonJS, TypeScript turns it into `require`, which h5wasm's exports map refuses, so fall
// back to a real dynamic import built at run time.

import { closeSync, existsSync, openSync, readSync } from 'node:fs';

type H5 = typeof import('h5wasm');
type H5Dataset = import('h5wasm').Dataset;

let h5Promise: Promise<H5> | null = null;
const H5WASM_NODE: string = 'h5wasm/node';
const dynamicImport = new Function('s', 'return import(s)') as (s: string) => Promise<{ default: H5 }>;

export async function loadH5(): Promise<H5> {
  if (!h5Promise) {
    h5Promise = (async () => {
      let m: { default: H5 };
      try {
        // a non-literal specifier: old (node10) module resolution, as tslab uses, cannot see the subpath
        m = (await import(H5WASM_NODE)) as { default: H5 };
      } catch {
        m = await dynamicImport(H5WASM_NODE);
      }
      await m.default.ready;
      return m.default;
    })();
  }
  return h5Promise;
}

export const NETCDF_DUMMY_DIM = 'This is a netCDF dimension but not a netCDF variable.';

export type CoordValues = string[] | number[];

export interface NcVariableInfo {
  name: string;
  dims: string[];
  shape: number[];
  attrs: Record<string, unknown>;
}

/** An open NetCDF4 file: variable metadata now, values on demand (whole or hyperslab). */
export class NetcdfFile {
  readonly variables = new Map<string, NcVariableInfo>();
  readonly dims = new Map<string, number>();

  private constructor(readonly path: string, private readonly file: import('h5wasm').File) {}

  static async open(path: string): Promise<NetcdfFile> {
    checkSignature(path);
    const h5 = await loadH5();
    let file: import('h5wasm').File;
    try {
      file = new h5.File(path, 'r');
    } catch (err) {
      throw new Error(`${path}: not a readable NetCDF4/HDF5 file (${(err as Error).message})`);
    }
    const nc = new NetcdfFile(path, file);
    nc.index();
    return nc;
  }

  private index(): void {
    for (const name of this.file.keys()) {
      const obj = this.file.get(name);
      if (!obj || !('shape' in obj) || !('get_attached_scales' in obj)) continue; // groups, links, types
      const ds = obj as H5Dataset;
      const shape = ds.shape ?? [];
      const attrs: Record<string, unknown> = {};
      for (const [k, a] of Object.entries(ds.attrs)) {
        if (k === 'DIMENSION_LIST' || k === 'REFERENCE_LIST') continue;
        try { attrs[k] = a.json_value; } catch { /* unreadable attribute types are not needed */ }
      }
      const isScale = attrs.CLASS === 'DIMENSION_SCALE';
      const dims = shape.map((_, i) => {
        const scales = ds.get_attached_scales(i);
        if (scales.length > 0) return scales[0].replace(/^\//, '');
        return isScale && shape.length === 1 ? name : `dim_${i}`;
      });
      dims.forEach((d, i) => this.dims.set(d, shape[i]));
      if (isScale && typeof attrs.NAME === 'string' && attrs.NAME.startsWith(NETCDF_DUMMY_DIM)) continue; // a bare dimension
      this.variables.set(name, { name, dims, shape, attrs });
    }
  }

  variable(name: string): NcVariableInfo {
    const v = this.variables.get(name);
    if (!v) throw new Error(`${this.path}: no variable '${name}' (has ${[...this.variables.keys()].join(', ')})`);
    return v;
  }

  private dataset(name: string): H5Dataset {
    this.variable(name);
    return this.file.get(name) as H5Dataset;
  }

  /** A 1-D coordinate's values: strings stay strings, every number type becomes a JS number. A
   * char array (dims [dim, string<N>], how netCDF4 stores byte strings) becomes one string per row. */
  coord(name: string): CoordValues {
    const info = this.variable(name);
    const v = this.dataset(name).value;
    if (isCharArray(info) && Array.isArray(v)) {
      const [rows, width] = info.shape;
      return Array.from({ length: rows }, (_, r) => (v as string[]).slice(r * width, (r + 1) * width).join('').replace(/\0+$/, ''));
    }
    return toPlain(v, `${this.path}: variable '${name}'`);
  }

  /** Variables that are coordinates along `dim`: 1-D over it, or char arrays over [dim, string<N>]. */
  coordinatesOn(dim: string, except?: string): string[] {
    return [...this.variables.values()].filter((v) => v.name !== except && v.dims[0] === dim && (v.dims.length === 1 || isCharArray(v))).map((v) => v.name);
  }

  /** Numeric values of a (hyper)slab, row-major over the variable's own dimension order;
   * `ranges[i] = [start, stop)` per axis, empty = all. */
  numeric(name: string, ranges?: ([number, number] | [])[]): Float64Array | Float32Array {
    const ds = this.dataset(name);
    const v = ranges ? ds.slice(ranges) : ds.value;
    if (v instanceof Float32Array || v instanceof Float64Array) return v;
    if (ArrayBuffer.isView(v)) return Float64Array.from(v as unknown as ArrayLike<number | bigint>, Number);
    throw new Error(`${this.path}: variable '${name}' is not numeric`);
  }

  close(): void {
    this.file.close();
  }
}

function isCharArray(v: NcVariableInfo): boolean {
  return v.dims.length === 2 && /^(string|strlen|char)/i.test(v.dims[1]);
}

/** HDF5 files start with a signature at byte 0 (or 512, 1024, ... when a user block precedes it). */
function checkSignature(path: string): void {
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(8);
    for (let off = 0; off <= 8192; off = off === 0 ? 512 : off * 2) {
      if (readSync(fd, head, 0, 8, off) < 8) break;
      if (head.equals(HDF5_SIGNATURE)) return;
      if (off === 0 && head.subarray(0, 3).toString('latin1') === 'CDF') {
        throw new Error(`${path}: a classic (netCDF3) file; whatwhere reads NetCDF4/HDF5: convert it with \`nccopy -k nc4 in.nc out.nc\``);
      }
    }
  } finally {
    closeSync(fd);
  }
  throw new Error(`${path}: not a readable NetCDF4/HDF5 file (no HDF5 signature)`);
}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

function toPlain(v: unknown, what: string): CoordValues {
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return v as string[];
    if (v.every((x) => typeof x === 'number')) return v as number[];
    throw new Error(`${what}: expected a 1-D array of strings or numbers`);
  }
  if (typeof v === 'string') return [v];
  if (typeof v === 'number') return [v];
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, Number);
  throw new Error(`${what}: expected a 1-D array of strings or numbers`);
}

export interface NcWriteVariable {
  name: string;
  dims: string[];
  data: Float32Array | Float64Array | Int32Array | string[] | number[];
  attrs?: Record<string, string | number>;
}

/** Write variables (and the dimensions they use) as a NetCDF4 file xarray/netCDF4 can open. */
export async function writeNetcdf(path: string, dims: Record<string, number>, variables: NcWriteVariable[]): Promise<void> {
  const h5 = await loadH5();
  const f = new h5.File(path, 'w');
  try {
    const names = new Set(variables.map((v) => v.name));
    let dimid = 0;
    for (const [dim, size] of Object.entries(dims)) {
      if (names.has(dim)) continue; // a coordinate variable named after its dimension is its own scale
      const ds = f.create_dataset({ name: dim, data: new Float32Array(size), shape: [size], dtype: '<f4' });
      ds.make_scale(`${NETCDF_DUMMY_DIM}${String(size).padStart(10)}`);
      ds.create_attribute('_Netcdf4Dimid', dimid++, null, '<i4');
    }
    for (const v of variables) {
      const shape = v.dims.map((d) => {
        const s = dims[d];
        if (s === undefined) throw new Error(`writeNetcdf: variable '${v.name}' uses unknown dimension '${d}'`);
        return s;
      });
      const n = shape.reduce((a, b) => a * b, 1);
      if (v.data.length !== n) throw new Error(`writeNetcdf: variable '${v.name}' has ${v.data.length} values, dims ${v.dims.join(' x ')} need ${n}`);
      let data: Float32Array | Float64Array | Int32Array | string[] = v.data as Float32Array;
      let dtype: string | null = null;
      if (Array.isArray(v.data)) {
        const arr = v.data as (string | number)[];
        if (arr.every((x) => typeof x === 'string')) data = arr as string[];
        else if (arr.every((x) => Number.isInteger(x))) { data = Int32Array.from(arr as number[]); dtype = '<i'; }
        else { data = Float64Array.from(arr as number[]); dtype = '<d'; }
      } else if (v.data instanceof Float32Array) dtype = '<f';
      else if (v.data instanceof Float64Array) dtype = '<d';
      else dtype = '<i';
      const ds = f.create_dataset({ name: v.name, data, shape, dtype });
      if (v.dims.length === 1 && v.dims[0] === v.name) ds.make_scale(v.name);
      for (const [k, a] of Object.entries(v.attrs ?? {})) ds.create_attribute(k, a);
    }
    for (const v of variables) {
      const ds = f.get(v.name) as H5Dataset;
      v.dims.forEach((d, i) => { if (d !== v.name) ds.attach_scale(i, d); });
    }
  } finally {
    f.close();
  }
}
