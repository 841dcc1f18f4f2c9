#!/bin/bash
# One task of a whatwhere job array (SlurmExecutor submits it with sbatch). Line SLURM_ARRAY_TASK_ID+1
# of the manifest ($1) holds, shell-quoted: the job's log file, its exit-status file, its whatwhere argv.
# The job runs as a fresh `node bin/whatwhere.mjs <argv>` process with as many threads as Slurm gave it.
set -u
manifest=$1 node=$2 bin=$3
line=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" "$manifest")
if [ -z "$line" ]; then echo "whatwhere: no line $((SLURM_ARRAY_TASK_ID + 1)) in $manifest" >&2; exit 2; fi
eval "set -- $line"
log=$1 status=$2
shift 2
threads=${SLURM_CPUS_PER_TASK:-1}
export OMP_NUM_THREADS=$threads WHATWHERE_TORCH_THREADS=$threads
mkdir -p "$(dirname "$log")" "$(dirname "$status")"
echo "[slurm] job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname), $threads thread(s): whatwhere $*" >>"$log"
"$node" "$bin" "$@" >>"$log" 2>&1
code=$?
echo "$code" >"$status"
exit "$code"
