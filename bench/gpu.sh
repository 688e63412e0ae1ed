#!/usr/bin/env bash
# The browser benchmarks on a machine with a real GPU: Chromium runs WebGL (ANGLE on Vulkan) and
# WebGPU (Dawn on Vulkan) on the GPU instead of SwiftShader, and the runtime and MNIST benches
# write their numbers as JSON. Usage: bash bench/gpu.sh [OUT_DIR]   (default bench/results/)
# Needs Deno (npx -y deno@2 works), Chromium (CHROME_PATH or /usr/bin/chromium) and a Vulkan
# driver for the GPU; prints what the browser reports about its GPU first.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/results}"
mkdir -p "$out"
deno="$(command -v deno || echo 'npx -y deno@2')"
export NN_CHROME_GPU=1
$deno run -A bench/gpu_info.ts | tee "$out/gpu-info.txt"
$deno task bench --only runtime --json "$out/runtime-gpu.json"
$deno task bench --only mnist --json "$out/mnist-gpu.json"
echo "wrote $out/runtime-gpu.json and $out/mnist-gpu.json"
