//===- Passes.td - ckpt passes ----------------------------*- tablegen -*-===//
//
// Each pass's logic is C over the MLIR C API (auto_wrap.c, number.c, ...); the C++
// generated here only declares the pass, parses its options and calls that C.
//
//===----------------------------------------------------------------------===//

#ifndef CKPT_PASSES_TD
#define CKPT_PASSES_TD

include "mlir/Pass/PassBase.td"

def AutoWrap : Pass<"ckpt-auto-wrap", "::mlir::ModuleOp"> {
  let summary = "wrap every unwrapped task of a checkpointed graph kernel in an implicit checkpoint";
  let description = [{
    In each function marked `ckpt.graph` and `ckpt.checkpoints`, every task at the
    kernel's top level or directly inside a `ckpt.do_while` body (at any nesting of
    do-whiles) that is not already inside a checkpoint becomes the only task of a new
    `ckpt.checkpoint implicit`. Bare statements and pure operations stay where they
    are. Running the pass twice changes nothing.
  }];
  let dependentDialects = ["::mlir::ckpt::CkptDialect"];
}

def KernelBuffers : Pass<"ckpt-kernel-buffers", "::mlir::ModuleOp"> {
  let summary = "make a graph kernel's scratch allocations and globals parameters";
  let description = [{
    A memref.alloc or memref.alloca at the level of a graph kernel's tasks (its body, a
    do-while or a checkpoint body), as bufferization emits for intermediate tensors,
    must keep its contents from a launch to its resume: it becomes a private
    `memref.global` of the same static type, and its deallocations are erased. A
    dynamic size, a non-identity layout or a memory space is reported at the
    allocation. Then every `memref.get_global` in a graph kernel, at any depth, becomes
    a trailing parameter of the kernel (one per global, listed in the kernel's
    `ckpt.global_params`), and every `ckpt.launch` of the kernel passes the global, so
    that every target handles it like a memref argument. A hoisted constant global
    loses `constant`, since device targets copy arguments back after a launch.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def ExpandCopies : Pass<"ckpt-expand-copies", "::mlir::ModuleOp"> {
  let summary = "turn every memref.copy of a graph kernel into element-wise loops";
  let description = [{
    memref.copy lowers to a host library call, which no GPU kernel can make. In graph
    kernels, a copy that is a task (at the kernel's top level, in a do-while or a
    checkpoint body) becomes an scf.parallel over its shape that loads from the source
    and stores into the target (a rank-0 copy: one iteration), so it is still one task;
    a copy inside a task becomes an scf.for nest. Any layout upstream accepts works
    (strided, offset, dynamic). Copies of unranked memrefs are reported. Copies outside
    graph kernels stay.
  }];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect"
  ];
}

def LowerLinalg : Pass<"ckpt-lower-linalg", "::mlir::ModuleOp"> {
  let summary = "lower every linalg op on memrefs to loops, one task per op in graph kernels";
  let description = [{
    Each linalg structured op on memrefs becomes loops by upstream's rewrite (the one
    convert-linalg-to-parallel-loops uses): scf.parallel over its parallel dimensions,
    scf.for over the others, so a linalg op that is a task of a graph kernel becomes one
    loop-nest task. A task without loops (all its operands scalars or rank-0 memrefs)
    first moves into a one-iteration scf.parallel, since bare loads and stores may not
    stand in a checkpoint body. A task's loop nest keeps one scf.parallel, outermost, of
    at most 3 dimensions (a GPU grid): outer parallel dimensions beyond 3, and parallel
    loops nested between reduction loops, become scf.for loops in each thread. Unlike upstream's pass it touches nothing else (no
    folding, no dead-code removal beyond what the rewrite itself built). linalg ops
    on tensors stay, for --ckpt-number to report in graph kernels.
  }];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect", "::mlir::affine::AffineDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

def Number : Pass<"ckpt-number", "::mlir::ModuleOp"> {
  let summary = "check the checkpoint rules and give every checkpoint its cp_id";
  let description = [{
    Reports every rule of docs/semantics.md "Compile-time rules" at the offending op,
    then numbers the checkpoints of each graph kernel densely in source order (the
    `cp_id` attribute) and records the kernel's label table on the function:
    `ckpt.labels` (one `{cp_id, label, name?}` dictionary per explicit checkpoint) and
    `ckpt.num_checkpoints`.
  }];
}

def CheckTarget : Pass<"ckpt-check-target", "::mlir::ModuleOp"> {
  let summary = "report what the chosen target cannot run, at the op";
  let description = [{
    Run after --ckpt-number, before the target's lowering (the pipeline does). Device
    code (every op of a graph kernel's body, the functions it calls and the gpu.funcs it
    launches) is checked against the target: on device targets, no `vector.print` and no
    call of a function without a body; on CUDA, at most 1024 threads per block; on
    Vulkan, no memref of index, f16 or bf16 elements, no `memref.alloc`, task scratch
    (`memref.alloca`) only of 16 bits or more and only loaded and stored, workgroup
    memory only of a static shape and only loaded, stored and updated atomically, no f64 math
    function GLSL.std.450 lacks, no recursion.
    The CPU target accepts everything. The messages are listed in docs/diagnostics.md.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"cpu\"",
           "the target to check for: cpu, cuda, hip or vulkan">
  ];
}

def ExpandMath : Pass<"ckpt-expand-math", "::mlir::ModuleOp"> {
  let summary = "rewrite math ops no target conversion takes into arith ops";
  let description = [{
    math.isinf becomes |x| == inf and math.isnormal |x| >= smallest normal and |x| < inf
    (ordered comparisons, so NaN is neither), on floats and vectors of floats, in host and
    device code alike: math-to-llvm, math-to-libm and the NVVM and SPIR-V conversions take
    neither. It also lowers vector.multi_reduction inside gpu.func kernels to
    vector.reduction (upstream's patterns, inner-reduction strategy), which
    lower-vector-multi-reduction, anchored on func.func, does not reach; folds vector.mask
    into the op it masks; lowers vector.scan to slices and elementwise ops (no conversion
    to LLVM or SPIR-V takes it); expands math.ipowi, which no target takes, into a
    square-and-multiply loop; and takes vector accesses of memrefs of i1 apart element
    by element. The pipeline runs it after --ckpt-check-target.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect", "::mlir::scf::SCFDialect"];
}

def ConvertTasksToGpu : Pass<"ckpt-convert-tasks-to-gpu", "::mlir::ModuleOp"> {
  let summary = "turn every task and bare run of a graph kernel into a gated gpu.launch";
  let description = [{
    For device targets. Each task (scf.parallel as a grid of its innermost 3 dimensions, the
    outer ones as loops in each thread; scf.for and func.call on one thread; gpu.launch as
    written) and each run of bare statements becomes a gpu.launch
    whose body starts with the checkpoint gate read from `ckpt.device_state`:
    `run = !yielded && (resume_cp < 0 || resume_cp == gate)`, gate being the cp_id of the
    enclosing checkpoint or -2 outside checkpoints. Run lower-affine and
    scf-forall-to-parallel before it, gpu-kernel-outlining after it.

    With `fold-yield-checks` (the CUDA pipeline sets it), the yield check of an explicit
    checkpoint moves into the prologue of the task that follows it: that kernel reads the
    checkpoint's flag beside the state, gates itself on the outcome, and one of its
    threads records the outcome in the state. The checkpoint is marked
    `ckpt.yield_folded` and its plan node says so, so the runtime adds no yield-check
    node for it: a kernel node less per explicit checkpoint.

    With `programmatic-launch` (the CUDA pipeline sets it; sm_90 and later), every kernel
    is ready to start while the kernel before it still runs: it loads the gating state,
    then waits for its predecessors (`nvvm.griddepcontrol wait`) before anything else,
    and a kernel that does no folded check lets its own successor start at once
    (`nvvm.griddepcontrol launch_dependents`). A folded check's state store is followed
    by a device-wide fence. The graph kernel is marked `ckpt.programmatic_wait` and its
    plan's task and bare nodes get flag 4, so the CUDA runtime joins consecutive task
    kernels with programmatic edges and the state load overlaps the previous task.
  }];
  let dependentDialects = [
    "::mlir::gpu::GPUDialect", "::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect", "::mlir::NVVM::NVVMDialect"
  ];
  let options = [
    Option<"foldYieldChecks", "fold-yield-checks", "bool", /*default=*/"false",
           "do each explicit checkpoint's yield check in the prologue of the task that "
           "follows it, where the plan allows (CUDA prologue gating)">,
    Option<"programmaticLaunch", "programmatic-launch", "bool", /*default=*/"false",
           "load the gating state before waiting for the previous kernel "
           "(griddepcontrol, sm_90 and later), so that CUDA may start each task kernel "
           "while the one before it still runs">
  ];
}

def SpeculateGatedLoads : Pass<"ckpt-speculate-gated-loads", "::mlir::ModuleOp"> {
  let summary = "issue a task kernel's leading loads before its checkpoint gate";
  let description = [{
    For CUDA, after --ckpt-convert-tasks-to-gpu. A task kernel's body runs under
    `scf.if %run {...} {ckpt.gate}`, `%run` being computed from a load of the gating
    state, so the body's first loads wait for that load: one more memory round trip on
    the critical path of every small kernel. The loads at the start of the gated body
    (before any store, call, barrier or loop; through nested scf.if) move to the start of
    the kernel body, before the state loads, with the pure index computations they need,
    so their latencies overlap. A load with indices becomes
    `scf.if (all indices < memref.dim) { load } else { 0 }`: when the task is gated off its
    indices may be garbage, and it must not fault. At most 16 loads per gate; loads from
    memory spaces other than global and workgroup stay. Running the pass twice changes
    nothing.
  }];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect"
  ];
}

def ConvertGpuToHost : Pass<"ckpt-convert-gpu-to-host", "::mlir::ModuleOp"> {
  let summary = "run gpu.launch and gpu.launch_func tasks of graph kernels as host loops";
  let description = [{
    For the CPU target. Each gpu.launch or gpu.launch_func task becomes an scf.parallel
    over (grid x block) whose body is the kernel's, with gpu.block_id, gpu.thread_id,
    gpu.grid_dim and gpu.block_dim replaced by the loop's indices and bounds. Kernels
    that synchronise threads (gpu.barrier) or use workgroup memory are reported.
    gpu.module ops left without users are erased.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect"];
}

def PrepareSpirvTasks : Pass<"ckpt-prepare-spirv-tasks", "::mlir::ModuleOp"> {
  let summary = "reshape gpu.launch bodies into what the SPIR-V conversion accepts";
  let description = [{
    For the Vulkan target, after --ckpt-convert-tasks-to-gpu and before
    gpu-kernel-outlining. SPIR-V buffers carry no sizes, so: calls to single-block
    functions are inlined (their accesses then get --ckpt-spirv-views' treatment);
    memref.dim of memrefs defined outside the launch moves before it; scf.parallel
    loops inside the launch become scf.for loops run by the thread, their reductions
    carried through iter_args (SPIR-V has no parallel loop); memref.alloca scratch in
    tasks and gpu.funcs moves to the Function storage class (a shader variable);
    vector transfers, vector.load and vector.store become scalar accesses, n-D transfers
    row by row.
  }];
  let dependentDialects = [
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::spirv::SPIRVDialect", "::mlir::vector::VectorDialect", "::mlir::ub::UBDialect"
  ];
}

def SpirvViews : Pass<"ckpt-spirv-views", "::mlir::ModuleOp"> {
  let summary = "index strided memref views in gpu.launch bodies through flat buffers";
  let description = [{
    For the Vulkan target, after --ckpt-prepare-spirv-tasks and before
    gpu-kernel-outlining. SPIR-V indexes a buffer only with strides and offset known when
    the shader is compiled. Every memref defined outside a gpu.launch that the task views
    (memref.subview, memref.cast, memref.reinterpret_cast, memref.collapse_shape,
    memref.expand_shape, memref.transpose) or whose strides or offset are dynamic is replaced in the task by a rank-1 memref over its base buffer
    (memref.extract_strided_metadata + memref.reinterpret_cast before the launch), with
    offset, sizes and strides as index values: loads, stores and atomics index it
    linearly, memref.dim and memref.extract_strided_metadata of views become those values.
    Other uses of such views inside a task are errors at the op. A gpu.func kernel
    written by hand gets the same through its parameters: one that needs a view becomes
    flat buffer, offset, sizes and strides, passed by every gpu.launch_func of it.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect"];
}

def AttachSpirvAbi : Pass<"ckpt-attach-spirv-abi", "::mlir::ModuleOp"> {
  let summary = "give outlined kernels the SPIR-V entry point ABI for the Vulkan target";
  let description = [{
    Run after gpu-kernel-outlining and spirv-attach-target, before
    convert-gpu-to-spirv. Every gpu.func kernel gets `spirv.entry_point_abi =
    #spirv.entry_point_abi<workgroup_size = [x, y, z]>` from its `known_block_size`, or
    for a hand-written kernel from the constant block sizes of its gpu.launch_func ops
    (anything else is an error). Each gpu.module gets its target's `spirv.target_env`
    attribute, for conversions run inside it (convert-math-to-spirv).
    memref.dim of a static size inside a kernel folds to a constant; of a dynamic size
    it is an error, since SPIR-V buffers carry no sizes. Vectors wider than SPIR-V's
    (more than 4 elements) or of more than one dimension are split into pieces of at
    most 4 (loops and branches carry the pieces, contractions are lowered first, then
    MLIR's SPIR-V vector unrolling, plus broadcasts, shuffles, vector.load and
    vector.store, with vector.step, vector.interleave and vector.scan lowered first); an
    op that still holds one (vector.extract at a dynamic position, say) is an error.
    A `uniform` gpu.all_reduce becomes a tree reduction through a workgroup buffer of
    one element per invocation, with a barrier per step (SPIR-V 1.0 shaders have no
    group operations); one without `uniform`, or of integers narrower than 16 bits, is
    an error.
  }];
  let dependentDialects = ["::mlir::spirv::SPIRVDialect", "::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect", "::mlir::ub::UBDialect",
                           "::mlir::scf::SCFDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::gpu::GPUDialect"];
}

def NestSpirvModules : Pass<"ckpt-nest-spirv-modules", "::mlir::ModuleOp"> {
  let summary = "move each spirv.module into the gpu.module it was converted from";
  let description = [{
    Run after convert-gpu-to-spirv, which with Shader capabilities (Vulkan) puts the
    spirv.module `__spv__<name>` beside gpu.module `<name>`; gpu-module-to-binary's
    SPIR-V target serializes the spirv.module it finds inside the gpu.module.
  }];
}

def FoldBitcasts : Pass<"ckpt-fold-bitcasts", "::mlir::ModuleOp"> {
  let summary = "fold arith.bitcast pairs that return to the source type";
  let description = [{
    An arith.bitcast of an arith.bitcast back to the first one's source type is replaced
    by that source, and casts left unused go. For the Vulkan target after the emulation
    of bf16 in f32: arith-expand{include-bf16} leaves i16 -> bf16 -> i16 pairs, and bf16
    has no SPIR-V type. (The canonicalizer folds them too, but also narrows comparisons
    of extended narrow integers, undoing ckpt-prepare-spirv-tasks.)
  }];
}

def WorkgroupAttributions : Pass<"ckpt-workgroup-attributions", "::mlir::ModuleOp"> {
  let summary = "turn workgroup-memory allocs in CUDA and HIP kernels into workgroup attributions";
  let description = [{
    In every gpu.func kernel, each memref.alloc of a static shape in the workgroup
    address space becomes a workgroup attribution of the kernel (appended after its
    others), its deallocations go, and its uses take the attribution: the NVVM and
    ROCDL conversions make attributions shared memory, but lower such an alloc like any
    other, to a heap allocation. Run after gpu-kernel-outlining.
  }];
}

def LowerGpuReductions : Pass<"ckpt-lower-gpu-reductions", "::mlir::ModuleOp"> {
  let summary = "lower gpu.all_reduce and gpu.subgroup_reduce in CUDA and HIP kernels to shuffles";
  let description = [{
    In every gpu.func kernel, gpu.all_reduce becomes MLIR's in-dialect lowering (a
    subgroup reduction with gpu.shuffle, a workgroup attribution and gpu.barrier), and
    gpu.subgroup_reduce becomes butterfly gpu.shuffle steps over `subgroup-size` lanes
    (vectors reduced in 32-bit pieces), which the NVVM and ROCDL conversions take: they
    mark both ops illegal otherwise. The shuffles involve the whole subgroup, so every
    lane of it must reach the op. A reduction the patterns leave (a 64-bit element,
    say), or with subgroup-size=0 one over more than 32 lanes, is an error naming it.
    Run after gpu-kernel-outlining.
  }];
  let options = [
    Option<"subgroupSize", "subgroup-size", "unsigned", /*default=*/"32",
           "lanes of a subgroup: 32 on NVIDIA GPUs; 0 where it varies with the chip "
           "(an AMD bundle: 64 on gfx9, 32 on gfx10 and later), which takes only "
           "clusters of at most 32 lanes">,
  ];
  let dependentDialects = [
    "::mlir::gpu::GPUDialect", "::mlir::arith::ArithDialect", "::mlir::vector::VectorDialect",
    "::mlir::cf::ControlFlowDialect", "::mlir::memref::MemRefDialect"
  ];
}

def ConvertKernelVectors : Pass<"ckpt-convert-kernel-vectors"> {
  let summary = "convert-vector-to-llvm for a CUDA or HIP gpu.module, GPU address spaces included";
  let description = [{
    What upstream's convert-vector-to-llvm does (its progressive lowering, then the
    conversion to the LLVM dialect, with its default options), with the GPU address
    spaces numbered as convert-gpu-to-nvvm (`address-spaces=nvvm`) or convert-gpu-to-rocdl
    (`rocdl`) number them: upstream's pass fails to convert a vector access to workgroup
    memory and prints an error for it, though the target's conversion then takes it. Run
    on a gpu.module before the conversion to the target's dialect.
  }];
  let options = [
    Option<"addressSpaces", "address-spaces", "std::string", /*default=*/"\"nvvm\"",
           "whose numbering of the GPU address spaces: nvvm or rocdl">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def HoistAllocaScopes : Pass<"ckpt-hoist-alloca-scopes", "::mlir::ModuleOp"> {
  let summary = "hoist memref.alloca_scope allocations and inline the scopes";
  let description = [{
    Every memref.alloca of a static size that belongs to a memref.alloca_scope moves to
    the start of the next allocation scope around it (function, kernel, gpu.launch body,
    parallel loop body), and a scope left without allocations is replaced by its body:
    upstream lowers a scope only while its region is one block, which convert-scf-to-cf
    breaks, and SPIR-V has no form of it. Run after tasks became functions or kernels.
  }];
}

def SpirvLoopBudget : Pass<"ckpt-spirv-loop-budget", "::mlir::ModuleOp"> {
  let summary = "count Vulkan kernels' loop iterations, so that lavapipe's cut-off is reported";
  let description = [{
    For the Vulkan target, after gpu-kernel-outlining and before convert-gpu-to-spirv.
    Lavapipe (Mesa's CPU driver) ends every loop of a shader invocation once its loops
    have run 65,535 iterations in all, silently. Each gated gpu.func kernel with an
    scf.for or scf.while counts its loop bodies' iterations in a shader variable
    (memref.alloca in the Function storage class) and, before gpu.return, stores 1 into
    word 3 of the gating state when the count reached 65,535. The runtime fails the
    launch on lavapipe when it reads that word back; other drivers ignore it.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect", "::mlir::spirv::SPIRVDialect"];
}

def ExternDynamicSharedMemory : Pass<"ckpt-extern-dynamic-shared-memory"> {
  let summary = "give the global of gpu.dynamic_shared_memory external linkage (CUDA, HIP)";
  let description = [{
    convert-gpu-to-nvvm and convert-gpu-to-rocdl lower gpu.dynamic_shared_memory to an
    internal zero-length global in the workgroup address space (`__dynamic_shmem__N`).
    The backends place dynamic shared memory after the static shared memory only for an
    external declaration; NVPTX declares an internal one as a byte of static shared
    memory, so accesses through it overlap the kernel's static shared buffers. This pass
    makes those globals external. Run on a gpu.module after the conversion.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def ExpandFloatOps : Pass<"ckpt-expand-float-ops", "::mlir::ModuleOp"> {
  let summary = "float ops whose host lowering loses IEEE results, rewritten (host code, CPU target)";
  let description = [{
    arith.maximumf and arith.minimumf are IEEE 754-2019 maximum and minimum: a NaN
    operand gives NaN and -0 < +0. Upstream's arith-expand turns them into a compare and
    a select that return either operand of a tie of zeros; this rewrites them, except ops
    marked nsz or fast, into compares, selects and an add that keep both rules.
    math.expm1 and math.log1p, which the LLVM conversion computes as exp(x) - 1 and
    log(1 + x) (all digits lost near 0), become Kahan's corrections of those forms.
    Runs in the host pipeline before arith-expand (host code and the CPU target's tasks);
    ckpt-prepare-spirv-tasks does the same in Vulkan kernels. CUDA and HIP kernels keep
    the ops: their conversions make LLVM's maximum and minimum and call libdevice's or
    ocml's expm1 and log1p.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::math::MathDialect"];
}

def PrepareRocdlKernels : Pass<"ckpt-prepare-rocdl-kernels", "::mlir::ModuleOp"> {
  let summary = "prepare gpu.modules for convert-gpu-to-rocdl (target=hip, AMD chips)";
  let description = [{
    Gives every gpu.func kernel without `known_block_size` the attribute
    `rocdl.flat_work_group_size = "1,1024"`, as hipcc does for every kernel: without it
    an AMD code object accepts at most 256 threads per block. Turns memref.dim at an
    index known only at run time into selects over constant indices: its lowering would
    need a dynamically indexed stack array, which the AMDGPU backend cannot select.
  }];
}

def LowerHostDispatch : Pass<"ckpt-lower-host-dispatch", "::mlir::ModuleOp"> {
  let summary = "lower graph kernels to host-gated dispatch tables and launches to runtime calls";
  let description = [{
    Outlines every task (and every run of bare statements) of each graph kernel into a
    function of its own, emits the kernel's plan (runtime/include/ckpt/plan.h) as
    constant data with one dispatch function, replaces the kernel's body with a call
    into the runtime, and rewrites `ckpt.launch` and the status ops into runtime calls
    and loads. The result is ready for the standard conversions to the LLVM dialect.
  }];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect", "::mlir::func::FuncDialect",
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect"
  ];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"cpu\"",
           "runtime target the launches ask for: cpu, cuda, hip or vulkan">,
    Option<"gating", "gating", "std::string", /*default=*/"\"auto\"",
           "device targets: how checkpoints are gated: auto (the runtime picks), "
           "prologue (a check in every task kernel) or if (CUDA conditional IF nodes)">,
    Option<"chips", "chips", "std::string", /*default=*/"\"\"",
           "target hip: the chips the kernels were compiled for, checked here (empty: "
           "the default chips, docs/design-hip.md); the images come from the gpu.binary ops">
  ];
}

#endif // CKPT_PASSES_TD
