// The Brain-Score public benchmarks the paper reports (Appendix C), with the facts that fix them:
// file names as brainio stores them (data_helpers/s3.py get_path: assy_<id>.nc, image_<id>.csv/.zip
// with '.' -> '_'), regions, time windows, source visual degrees and stratification columns
// (benchmarks/majajhong2015/benchmark.py, benchmarks/freemanziemba2013/benchmarks/*.py,
// benchmarks/rajalingham2018).

export const BRAINIO_BUCKET_URL = 'https://brainio-brainscore.s3.amazonaws.com';

export interface NeuralBenchmarkSpec {
  kind: 'neural';
  name: string;
  assemblyFile: string;
  stimulusCsv: string;
  stimulusZip: string;
  region: string;
  /** Response window averaged, ms ([start, end] of 1-ms or wider bins). */
  timeWindow: [number, number];
  /** Size of the stimuli in visual degrees (the model sees 8). */
  visualDegrees: number;
  /** Stimulus column the 90/10 splits are stratified on. */
  stratify: string;
  /** Where the files are published. */
  publishedAt: string;
}

export interface BehaviourBenchmarkSpec {
  kind: 'behaviour';
  name: string;
  assemblyFile: string;
  stimulusCsv: string;
  stimulusZip: string;
  /** Images used to fit the readout (Brain-Score: objectome "fitting" stimuli, 10 per object). */
  fittingCsv: string;
  fittingZip: string;
  visualDegrees: number;
  /** The layer the readout uses (paper: the penultimate layer). */
  layer: string;
  publishedAt: string;
}

export type BenchmarkSpec = NeuralBenchmarkSpec | BehaviourBenchmarkSpec;

const majaj = (region: 'V4' | 'IT'): NeuralBenchmarkSpec => ({
  kind: 'neural', name: `MajajHong2015public.${region}-pls`,
  assemblyFile: 'assy_dicarlo_MajajHong2015_public.nc',
  stimulusCsv: 'image_dicarlo_hvm-public.csv', stimulusZip: 'image_dicarlo_hvm-public.zip',
  region, timeWindow: [70, 170], visualDegrees: 8, stratify: 'object_name', publishedAt: BRAINIO_BUCKET_URL,
});

const freeman = (region: 'V1' | 'V2'): NeuralBenchmarkSpec => ({
  kind: 'neural', name: `FreemanZiemba2013public.${region}-pls`,
  assemblyFile: 'assy_movshon_FreemanZiemba2013_public.nc',
  stimulusCsv: 'image_movshon_FreemanZiemba2013-public.csv', stimulusZip: 'image_movshon_FreemanZiemba2013-public.zip',
  region, timeWindow: [50, 200], visualDegrees: 4, stratify: 'texture_type', publishedAt: BRAINIO_BUCKET_URL,
});

export const BENCHMARKS: Record<string, BenchmarkSpec> = {
  'FreemanZiemba2013public.V1-pls': freeman('V1'),
  'FreemanZiemba2013public.V2-pls': freeman('V2'),
  'MajajHong2015public.V4-pls': majaj('V4'),
  'MajajHong2015public.IT-pls': majaj('IT'),
  'Rajalingham2018public-i2n': {
    kind: 'behaviour', name: 'Rajalingham2018public-i2n',
    assemblyFile: 'assy_dicarlo_Rajalingham2018_public.nc',
    stimulusCsv: 'image_dicarlo_objectome_public.csv', stimulusZip: 'image_dicarlo_objectome_public.zip',
    fittingCsv: 'image_dicarlo_objectome_public.csv', fittingZip: 'image_dicarlo_objectome_public.zip',
    visualDegrees: 8, layer: 'avgpool', publishedAt: BRAINIO_BUCKET_URL,
  },
};

/** The paper's "neural mean": V1, V2, V4, IT. */
export const NEURAL_MEAN_BENCHMARKS = ['FreemanZiemba2013public.V1-pls', 'FreemanZiemba2013public.V2-pls',
  'MajajHong2015public.V4-pls', 'MajajHong2015public.IT-pls'] as const;

export function benchmark(name: string): BenchmarkSpec {
  const b = BENCHMARKS[name];
  if (!b) throw new Error(`unknown benchmark '${name}' (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  return b;
}
