// dtype codes shared with src/addon.cc (dtypeCode/scalarTypeOf), and ATen's ScalarType numbers
// (c10/core/ScalarType.h) for ops that take a `ScalarType dtype` argument.
import type { DataType } from '@tensorflow/tfjs';

// codes 4 (int64) and 5 (float64) are ATen results that exec.ts narrows before tfjs sees them
export const CODE_TO_DTYPE: DataType[] = ['float32', 'int32', 'bool', 'bool', 'int32', 'float32'];
export const WIDE_CODES = new Set([4, 5]);
/** Buffer codes of fromBuffer for the analyses' float arrays (float64 never reaches tfjs). */
export const BUFFER_CODE = { float32: 0, float64: 5 } as const;

export function dtypeCode(dtype: DataType): number {
  switch (dtype) {
    case 'float32': return 0;
    case 'int32': return 1;
    case 'bool': return 2;
    default: throw new Error(`torch backend: dtype ${dtype} is not supported (float32, int32, bool are)`);
  }
}

export const SCALAR_TYPE = { int32: 3, int64: 4, float32: 6, float64: 7, bool: 11 } as const;

export function scalarType(dtype: DataType): number {
  switch (dtype) {
    case 'float32': return SCALAR_TYPE.float32;
    case 'int32': return SCALAR_TYPE.int32;
    case 'bool': return SCALAR_TYPE.bool;
    default: throw new Error(`torch backend: dtype ${dtype} is not supported (float32, int32, bool are)`);
  }
}

/** ATen MemoryFormat numbers (c10/core/MemoryFormat.h). */
export const MEMORY_FORMAT = { contiguous: 0, preserve: 1, channelsLast: 2 } as const;
