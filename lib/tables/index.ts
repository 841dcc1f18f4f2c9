// Result tables as danfojs DataFrames (the design card's data-frame library), read from and written to CSV.
// danfojs-node's own tfjs-node dependency is aliased to plain tfjs in package.json "overrides", so it shares
// our tfjs and needs no native download.
import * as dfd from 'danfojs-node';
import { writeAtomic } from '../atomic.js';

export { dfd };
export type DataFrame = dfd.DataFrame;

export async function readTable(file: string): Promise<dfd.DataFrame> {
  try {
    return (await dfd.readCSV(file)) as dfd.DataFrame;
  } catch (err) {
    throw new Error(`cannot read table ${file}: ${(err as Error).message}`);
  }
}

/** Writes atomically (temp file + rename) so a killed run never leaves half a table. */
export async function writeTable(df: dfd.DataFrame, file: string): Promise<void> {
  writeAtomic(file, dfd.toCSV(df) as string);
}

export function tableFromRows(rows: Record<string, string | number | boolean>[]): dfd.DataFrame {
  return new dfd.DataFrame(rows);
}

/** Mean and sample SD of `value` per group: the summary every figure of the paper plots. */
export function groupMeanSd(df: dfd.DataFrame, by: string[], value: string): dfd.DataFrame {
  const g = df.groupby(by);
  const mean = g.col([value]).mean() as dfd.DataFrame;
  const std = g.col([value]).std() as dfd.DataFrame;
  const count = g.col([value]).count() as dfd.DataFrame;
  const out = mean.copy();
  out.addColumn(`${value}_std`, std[`${value}_std`] as dfd.Series, { inplace: true });
  out.addColumn(`${value}_count`, count[`${value}_count`] as dfd.Series, { inplace: true });
  return out;
}
