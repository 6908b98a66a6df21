// Option values of --ckpt-lower-to-llvm that cannot be passed on to the pipeline's passes
// (a space, a quote, a brace) are an error where the pipeline is parsed. They were spliced
// into the pipeline's text, which then failed half-built, and the run went on with fewer
// passes and exited 0, ckpt ops left in the output.
// RUN: not %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target="cpu x=1"})' 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cpu gating="auto x=1"})' 2>&1 | FileCheck %s --check-prefix=GATING
// RUN: env CKPT_ROCM_PATH='/opt/a}b' not %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip})' 2>&1 | FileCheck %s --check-prefix=ROCM
// RUN: not %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cpu nonsense=1})' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// TARGET: error: ckpt-lower-to-llvm: option target='cpu x=1' holds a character that cannot be passed on to the pipeline's passes (a space, a brace, a quote or '='): give one word, e.g. target=cuda gating=prologue chips=gfx90a,gfx942
// GATING: error: ckpt-lower-to-llvm: option gating='auto x=1' holds a character
// ROCM: error: ckpt-lower-to-llvm: option rocm-path='/opt/a}b' holds a character that cannot be passed on to the pipeline's passes (a brace, a double quote or a newline): use a folder path without them (a symbolic link to it)
// UNKNOWN: error: ckpt-lower-to-llvm: <Pass-Options-Parser>: no such option nonsense

func.func @k(%x: memref<2xi32>) attributes {ckpt.graph} {
  return
}
