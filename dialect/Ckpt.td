//===- Ckpt.td - the ckpt dialect ---------------------------*- tablegen -*-===//
//
// Checkpoint regions for graph kernels: labelled sections that can pause a launch,
// report to the host, and be resumed from on the next launch. docs/semantics.md is the
// behaviour contract; docs/user-guide.md explains the ops with examples.
//
//===----------------------------------------------------------------------===//

#ifndef CKPT_TD
#define CKPT_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Ckpt_Dialect : Dialect {
  let name = "ckpt";
  let cppNamespace = "::mlir::ckpt";
  let summary = "Checkpoint regions for graph kernels";
  let description = [{
    A graph kernel is a `func.func` marked `ckpt.graph`; `ckpt.checkpoints` opts it in
    to checkpoint regions. Its body is a sequence of tasks, checkpoints, do-while loops
    and pure operations. The host launches it with `ckpt.launch`, reads the outcome
    from a `!ckpt.status`, and resumes it from a checkpoint label.
  }];
  let useDefaultTypePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    static constexpr ::llvm::StringLiteral kGraphAttrName = "ckpt.graph";
    static constexpr ::llvm::StringLiteral kCheckpointsAttrName = "ckpt.checkpoints";
    static constexpr ::llvm::StringLiteral kLabelsAttrName = "ckpt.labels";
    static constexpr ::llvm::StringLiteral kNumCheckpointsAttrName = "ckpt.num_checkpoints";
    // On a gpu.func whose body --ckpt-convert-tasks-to-gpu guarded with the gate.
    static constexpr ::llvm::StringLiteral kGatedAttrName = "ckpt.gated";
    // On the scf.if of a kernel's checkpoint gate (--ckpt-convert-tasks-to-gpu).
    static constexpr ::llvm::StringLiteral kGateAttrName = "ckpt.gate";
    // On an explicit checkpoint whose yield check the next kernel does
    // (--ckpt-convert-tasks-to-gpu{fold-yield-checks}).
    static constexpr ::llvm::StringLiteral kYieldFoldedAttrName = "ckpt.yield_folded";
    // On a graph kernel whose task kernels wait for programmatic launch
    // (--ckpt-convert-tasks-to-gpu{programmatic-launch}).
    static constexpr ::llvm::StringLiteral kProgrammaticWaitAttrName = "ckpt.programmatic_wait";
    static constexpr ::llvm::StringLiteral kGlobalParamsAttrName = "ckpt.global_params";
  }];
}

class Ckpt_Op<string mnemonic, list<Trait> traits = []>
    : Op<Ckpt_Dialect, mnemonic, traits>;

def Ckpt_StatusType : TypeDef<Ckpt_Dialect, "Status"> {
  let mnemonic = "status";
  let summary = "the outcome of one launch of a graph kernel";
  let description = [{
    Whether the launch ran, whether it yielded, and the label (and name) of the
    checkpoint that yielded. Read it with `ckpt.status_ok`, `ckpt.status_yielded`
    and `ckpt.status_label`.
  }];
}

def Ckpt_Flag : MemRefRankOf<[I32], [0]>;

//===----------------------------------------------------------------------===//
// Device side
//===----------------------------------------------------------------------===//

// Beyond its body's effects, a checkpoint reads its flag and may end the launch there,
// and its label is where a resume starts: it is never dead, even without tasks, and
// memory accesses do not move across it.
def Ckpt_CheckpointOp : Ckpt_Op<"checkpoint",
    [NoTerminator, SingleBlock, RecursiveMemoryEffects, MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "a labelled section of a graph kernel that can yield to the host";
  let description = [{
    An explicit checkpoint carries a label, unique in its kernel, an optional name,
    and a `yield_on` flag: a rank-0 `memref<i32>` parameter of the kernel that its
    body sets non-zero to ask for the host. After the body's last task the flag is
    read; if it is non-zero the launch yields here and the host may resume from this
    label.

    ```mlir
    ckpt.checkpoint 0 "SIM" yield_on %overflow : memref<i32> {
      scf.parallel (%i) = (%c0) to (%n) step (%c1) { ... }
    }
    ```

    `ckpt.checkpoint implicit { ... }` is the form `--ckpt-auto-wrap` produces around a
    lone task: no label, no flag, never yields. `--ckpt-number` adds `cp_id`, the dense
    source-order index of the checkpoint in its kernel.
  }];
  let arguments = (ins OptionalAttr<I64Attr>:$label,
                       OptionalAttr<StrAttr>:$name,
                       // Any type here: --ckpt-number checks it and lists the parameters
                       // that would do (rule 3 of docs/semantics.md).
                       Optional<AnyType>:$yield_on,
                       OptionalAttr<I64Attr>:$cp_id);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [
    OpBuilder<(ins), [{
      $_state.addRegion()->emplaceBlock();
    }]>,
    OpBuilder<(ins "int64_t":$label, "::llvm::StringRef":$name, "::mlir::Value":$yieldOn)>
  ];
  let extraClassDeclaration = [{
    bool isImplicit() { return !getLabel().has_value(); }
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

def Ckpt_DoWhileOp : Ckpt_Op<"do_while",
    [NoTerminator, SingleBlock, RecursiveMemoryEffects]> {
  let summary = "a device-side do-while loop";
  let description = [{
    Runs its body, then repeats while the rank-0 i32 `cond` is non-zero; the body
    runs at least once. `cond` is user memory: the body writes it.

    ```mlir
    ckpt.do_while %newton : memref<i32> {
      ...
    }
    ```
  }];
  let arguments = (ins Ckpt_Flag:$cond);
  let regions = (region SizedRegion<1>:$body);
  // `: memref<i32>` may be left out (the only type a condition has).
  let assemblyFormat = "$cond custom<FlagType>(type($cond)) attr-dict-with-keyword $body";
  let builders = [
    OpBuilder<(ins "::mlir::Value":$cond), [{
      $_state.addOperands(cond);
      $_state.addRegion()->emplaceBlock();
    }]>
  ];
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

def Ckpt_DeviceStateOp : Ckpt_Op<"device_state", [Pure]> {
  let summary = "the gating state of the running launch (device targets)";
  let description = [{
    Created by `--ckpt-convert-tasks-to-gpu` in graph kernels lowered for a device: the
    runtime's per-launch gating words `[resume_cp, yielded, yield_cp, loop_budget]`, which
    every task kernel reads in its prologue to decide whether it runs. Users do not
    write it.
  }];
  let results = (outs MemRefOf<[I32]>:$state);
  let assemblyFormat = "attr-dict `:` type($state)";
}

//===----------------------------------------------------------------------===//
// Host side
//===----------------------------------------------------------------------===//

def Ckpt_LaunchOp : Ckpt_Op<"launch",
    [AttrSizedOperandSegments, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "launch a graph kernel, or resume it from a checkpoint label";
  let description = [{
    Launches the graph kernel `kernel` with `args`. With `resume_from`, the launch
    resumes at the explicit checkpoint with that label: everything before it in
    source order is skipped. An unknown label is reported in the status.

    ```mlir
    %s  = ckpt.launch @step(%x, %f) : (memref<?xf32>, memref<i32>) -> !ckpt.status
    %l  = ckpt.status_label %s : i64
    %s2 = ckpt.launch @step(%x, %f) resume_from %l : (memref<?xf32>, memref<i32>) -> !ckpt.status
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$kernel,
                       Variadic<AnyType>:$args,
                       Optional<I64>:$resume_label);
  let results = (outs Ckpt_StatusType:$status);
  let assemblyFormat = [{
    $kernel `(` $args `)` (`resume_from` $resume_label^)? attr-dict `:`
    functional-type($args, $status)
  }];
}

class Ckpt_StatusReadOp<string mnemonic, Type resultType, string what>
    : Ckpt_Op<mnemonic, [Pure]> {
  let summary = "read " # what # " from a launch status";
  let arguments = (ins Ckpt_StatusType:$status);
  let results = (outs resultType:$result);
  let assemblyFormat = "$status attr-dict `:` type($result)";
}

def Ckpt_StatusOkOp : Ckpt_StatusReadOp<"status_ok", I1,
    "whether the launch ran (false: bad label, bad plan, target failure)">;
def Ckpt_StatusYieldedOp : Ckpt_StatusReadOp<"status_yielded", I1,
    "whether the launch yielded">;
def Ckpt_StatusLabelOp : Ckpt_StatusReadOp<"status_label", I64,
    "the label of the checkpoint that yielded (-1 if none)">;

def Ckpt_StatusPrintOp : Ckpt_Op<"status_print"> {
  let summary = "print a launch status on stdout";
  let description = [{
    Prints one line: `ckpt.status ok=1 yielded=1 label=0 name="SIM"`, for tests and
    examples; the name is omitted when the checkpoint has none.
  }];
  let arguments = (ins Ckpt_StatusType:$status);
  let assemblyFormat = "$status attr-dict";
}

#endif // CKPT_TD
