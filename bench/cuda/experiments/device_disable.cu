// Experiment behind bench/cuda/README.md ("disabling the rest of the graph from the
// device"): can a kernel disable the rest of its CUDA graph launch (device-updatable
// kernel nodes), and what does a disabled tail cost against launched-and-skipped kernels?
// Standalone, not built by CMake (it needs the device runtime, libcudadevrt):
//   nvcc -arch=sm_90 -rdc=true -O2 -o device_disable device_disable.cu -lcudadevrt
//   ./device_disable 200        # medians of 200 launches per row, two rounds
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <algorithm>
#include <chrono>
#include <cuda_runtime.h>

#define CK(x) do { cudaError_t e_ = (x); if (e_ != cudaSuccess) { \
  fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #x, cudaGetErrorString(e_)); exit(1);} } while (0)

struct Ctl {
  int *ran;                       // per node: how many times it ran its body
  int *entered;                   // per node: how many times it started
  int *yielded;                   // set by the yielding node
  cudaGraphKernelNodeUpdate *off; // disable updates for the tail
  cudaGraphKernelNodeUpdate *on;  // enable updates for the tail
  int n_tail;
};

__global__ void task(float *data, int id, Ctl ctl, int mode, int yield_at, int reenable) {
  cudaTriggerProgrammaticLaunchCompletion();
  if (threadIdx.x == 0) atomicAdd(&ctl.entered[id], 1);
  int y = *(volatile int *)ctl.yielded;
  if (mode == 2 && y) return;           // skip before waiting
  cudaGridDependencySynchronize();
  y = *(volatile int *)ctl.yielded;
  if (id == 0 && reenable && threadIdx.x == 0 && ctl.n_tail)
    cudaGraphKernelNodeUpdatesApply(ctl.on, ctl.n_tail);
  if (y) return;
  data[threadIdx.x] = data[threadIdx.x] * 0.5f + (float)id;
  if (threadIdx.x == 0) ctl.ran[id] += 1;
  if (id == yield_at && threadIdx.x == 0) {
    *(volatile int *)ctl.yielded = 1;
    if (mode == 1) cudaGraphKernelNodeUpdatesApply(ctl.off, ctl.n_tail);
    __threadfence();
  }
}

static double now_us() {
  return std::chrono::duration<double, std::micro>(
      std::chrono::steady_clock::now().time_since_epoch()).count();
}

// mode 0: tail skips by flag after waiting; 1: yielding node disables the tail (device-updatable);
// 2: tail skips by flag before waiting. n: kernels; updatable: tail nodes device-updatable.
static double run(const char *name, int n, int yield_at, int mode, bool updatable, int reenable,
                  int reps, double base) {
  cudaStream_t s; CK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  float *data; CK(cudaMalloc(&data, 64 * sizeof(float))); CK(cudaMemset(data, 0, 256));
  Ctl ctl{};
  CK(cudaMalloc(&ctl.ran, n * sizeof(int))); CK(cudaMemset(ctl.ran, 0, n * sizeof(int)));
  CK(cudaMalloc(&ctl.yielded, sizeof(int)));
  CK(cudaMalloc(&ctl.entered, n * sizeof(int))); CK(cudaMemset(ctl.entered, 0, n * sizeof(int)));
  int tail_first = 17;  // yield at 15: node 16 is already launched by then
  ctl.n_tail = updatable ? std::max(0, n - tail_first) : 0;
  CK(cudaMalloc(&ctl.off, sizeof(cudaGraphKernelNodeUpdate) * (ctl.n_tail + 1)));
  CK(cudaMalloc(&ctl.on, sizeof(cudaGraphKernelNodeUpdate) * (ctl.n_tail + 1)));
  std::vector<cudaGraphDeviceNode_t> handles;
  // Built node by node: programmatic edges between neighbours, like ckpt's graphs.
  cudaGraph_t g; CK(cudaGraphCreate(&g, 0));
  cudaGraphNode_t prev = nullptr;
  std::vector<cudaGraphNode_t> nodes;
  for (int i = 0; i < n; ++i) {
    int id = i;
    void *args[] = {&data, &id, &ctl, &mode, &yield_at, &reenable};
    cudaKernelNodeParams kp{};
    kp.func = (void *)task; kp.gridDim = dim3(1); kp.blockDim = dim3(64); kp.kernelParams = args;
    cudaGraphNode_t node;
    CK(cudaGraphAddKernelNode(&node, g, nullptr, 0, &kp));
    if (prev) {
      cudaGraphEdgeData ed{};
      ed.from_port = cudaGraphKernelNodePortProgrammatic;
      ed.type = cudaGraphDependencyTypeProgrammatic;
      CK(cudaGraphAddDependencies(g, &prev, &node, &ed, 1));
    }
    if (updatable && i >= tail_first) {
      cudaLaunchAttributeValue v{};
      v.deviceUpdatableKernelNode.deviceUpdatable = 1;
      cudaError_t e = cudaGraphKernelNodeSetAttribute(node, cudaLaunchAttributeDeviceUpdatableKernelNode, &v);
      if (e != cudaSuccess) { printf("%-52s set device-updatable: %s\n", name, cudaGetErrorString(e)); return -1; }
      CK(cudaGraphKernelNodeGetAttribute(node, cudaLaunchAttributeDeviceUpdatableKernelNode, &v));
      handles.push_back(v.deviceUpdatableKernelNode.devNode);
      if (!handles.back()) { printf("%-52s no device node handle\n", name); return -1; }
    }
    nodes.push_back(node);
    prev = node;
  }
  size_t ubytes = sizeof(cudaGraphKernelNodeUpdate) * (ctl.n_tail + 1);
  cudaGraphKernelNodeUpdate *off = (cudaGraphKernelNodeUpdate *)calloc(1, ubytes);
  cudaGraphKernelNodeUpdate *on = (cudaGraphKernelNodeUpdate *)calloc(1, ubytes);
  for (int i = 0; i < ctl.n_tail; ++i) {
    off[i].node = handles[i]; off[i].field = cudaGraphKernelNodeFieldEnabled;
    off[i].updateData.isEnabled = 0;
    on[i].node = handles[i]; on[i].field = cudaGraphKernelNodeFieldEnabled;
    on[i].updateData.isEnabled = 1;
  }
  if (ctl.n_tail) {
    CK(cudaMemcpy(ctl.off, off, ubytes, cudaMemcpyHostToDevice));
    CK(cudaMemcpy(ctl.on, on, ubytes, cudaMemcpyHostToDevice));
  }
  free(off); free(on);
  cudaGraphExec_t x;
  { cudaError_t e = cudaGraphInstantiate(&x, g, 0);
    if (e != cudaSuccess) { printf("%-52s instantiate: %s\n", name, cudaGetErrorString(e)); return -1; } }
  CK(cudaGraphUpload(x, s)); CK(cudaStreamSynchronize(s));
  std::vector<double> t, th;
  for (int r = 0; r < reps + 10; ++r) {
    CK(cudaMemsetAsync(ctl.yielded, 0, sizeof(int), s));
    CK(cudaStreamSynchronize(s));
    double t0 = now_us();
    CK(cudaGraphLaunch(x, s));
    CK(cudaStreamSynchronize(s));
    double t1 = now_us();
    if (r >= 10) t.push_back(t1 - t0);
    if (mode == 1 && reenable == 0 && ctl.n_tail) {  // host re-enables the tail
      double h0 = now_us();
      for (int i = tail_first; i < n; ++i) CK(cudaGraphNodeSetEnabled(x, nodes[i], 1));
      CK(cudaGraphUpload(x, s)); CK(cudaStreamSynchronize(s));
      if (r >= 10) th.push_back(now_us() - h0);
    }
  }
  std::vector<int> ran(n); CK(cudaMemcpy(ran.data(), ctl.ran, n * sizeof(int), cudaMemcpyDeviceToHost));
  std::vector<int> entered(n);
  CK(cudaMemcpy(entered.data(), ctl.entered, n * sizeof(int), cudaMemcpyDeviceToHost));
  int ran_head = 0, ran_tail = 0, entered_tail = 0;
  for (int i = 0; i < n; ++i) (i <= 15 ? ran_head : ran_tail) += ran[i];
  for (int i = 17; i < n; ++i) entered_tail += entered[i];
  std::sort(t.begin(), t.end()); std::sort(th.begin(), th.end());
  double med = t[t.size() / 2];
  printf("%-52s %7.1f us %6.2fx  ran head %d tail %d, tail started %d (%d launches)", name,
         med, base > 0 ? med / base : 1.0, ran_head, ran_tail, entered_tail, reps + 10);
  if (!th.empty()) printf("  host re-enable %.1f us", th[th.size() / 2]);
  printf("\n");
  CK(cudaGraphExecDestroy(x)); CK(cudaGraphDestroy(g)); CK(cudaStreamDestroy(s));
  for (void *p : {(void *)data, (void *)ctl.ran, (void *)ctl.yielded, (void *)ctl.entered,
                  (void *)ctl.off, (void *)ctl.on})
    CK(cudaFree(p));
  return med;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 200;
  cudaDeviceProp p; CK(cudaGetDeviceProperties(&p, 0)); printf("device: %s\n", p.name);
  for (int round = 0; round < 2; ++round) {
    double b = run("32 pdl, no yield (base)", 32, -1, 0, false, 0, reps, 0);
    run("17 pdl, no yield (floor)", 17, -1, 0, false, 0, reps, b);
    run("32 pdl, yield at 15, tail skips after wait", 32, 15, 0, false, 0, reps, b);
    run("32 pdl, yield at 15, tail skips before wait", 32, 15, 2, false, 0, reps, b);
    run("32 pdl, tail updatable, no yield", 32, -1, 0, true, 0, reps, b);
    run("32 pdl, tail updatable, no yield, node 0 re-enables", 32, -1, 0, true, 1, reps, b);
    run("32 pdl, yield at 15, tail disabled, host re-enables", 32, 15, 1, true, 0, reps, b);
    run("32 pdl, yield at 15, tail disabled, node 0 re-enables", 32, 15, 1, true, 1, reps, b);
  }
  return 0;
}
