# Sourced by the scripts: offline hub, local data (../shared/data when present), thread counts.
export HF_HUB_OFFLINE=${HF_HUB_OFFLINE:-1}
export TRANSFORMERS_NO_ADVISORY_WARNINGS=1
if [ -z "${NEUROAL_DATA:-}" ] && [ -d "$(pwd)/../shared/data" ]; then export NEUROAL_DATA="$(cd ../shared/data && pwd)"; fi
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc)}
