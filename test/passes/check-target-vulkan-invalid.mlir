// What the Vulkan target cannot run, reported by --ckpt-check-target at the op (alone
// and as the pipeline runs it); the CPU takes all of it, CUDA all but dynamically sized
// workgroup memory.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-check-target{target=vulkan})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=vulkan})'
// RUN: not %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-check-target{target=cuda})' 2> /dev/null | FileCheck %s --check-prefix=OTHER
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-check-target{target=cpu})' 2> /dev/null | FileCheck %s --check-prefix=OTHER

// Host memrefs of index hold 64-bit elements; Vulkan shaders index in 32 bits.
// expected-error @+1 {{parameter 0 of type 'memref<?xindex>' cannot be used on the Vulkan target: index elements are 64-bit on the host but 32-bit in Vulkan shaders: use i32 or i64 elements}}
func.func @index_elements(%x: memref<?xindex>) attributes {ckpt.graph} {
  return
}
// OTHER-LABEL: func.func @index_elements

// -----

// f16 is taken: the runtime checks that the device offers shaderFloat16 and
// storageBuffer16BitAccess (test/e2e/half-buffer.mlir).
func.func @half_elements(%x: memref<?xi32>, %h: memref<4xf16>) attributes {ckpt.graph} {
  return
}
// OTHER-LABEL: func.func @half_elements

// -----

// expected-error @+1 {{parameter 0 of type 'memref<?x?xbf16>' cannot be used on the Vulkan target: bf16 has no SPIR-V type a Vulkan shader may use: use f32 or f16}}
func.func @bfloat_elements(%x: memref<?x?xbf16>) attributes {ckpt.graph} {
  return
}
// OTHER-LABEL: func.func @bfloat_elements

// -----

// Scalars: bf16 and integers wider than 64 bits.
// expected-error @+1 {{parameter 1 of type 'bf16' cannot be used on the Vulkan target: bf16 has no SPIR-V type a Vulkan shader may use: use f32 or f16}}
func.func @half_scalar(%x: memref<?xi32>, %h: bf16) attributes {ckpt.graph} {
  return
}
// OTHER-LABEL: func.func @half_scalar

// -----

// expected-error @+1 {{parameter 0 of type 'i128' cannot be used on the Vulkan target: SPIR-V integers have at most 64 bits: split the value into i64 parts}}
func.func @wide_scalar(%w: i128, %x: memref<?xi32>) attributes {ckpt.graph} {
  return
}
// OTHER-LABEL: func.func @wide_scalar

// -----

// OTHER-LABEL: func.func @scratch
func.func @scratch(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    // expected-error @+1 {{a value of type 'memref<2xbf16>' cannot be used on the Vulkan target: bf16 has no SPIR-V type a Vulkan shader may use: use f32 or f16}}
    %s = memref.alloca() : memref<2xbf16>
    // expected-error @+1 {{'memref.alloc' runs in a Vulkan kernel, and shaders cannot allocate: allocate the buffer on the host and pass it as a parameter (or use memref.alloca for small scratch of a static size)}}
    %m = memref.alloc() : memref<4xi32>
    %v = memref.load %m[%c1] : memref<4xi32>
    memref.store %v, %x[%c0] : memref<?xi32>
    memref.dealloc %m : memref<4xi32>
  }
  return
}

// -----

func.func @countdown(%x: memref<?xi32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %done = arith.cmpi eq, %n, %c0 : index
  scf.if %done {
  } else {
    %m = arith.subi %n, %c1 : index
    // expected-error @+1 {{this call makes @countdown recursive, and it runs in a Vulkan kernel: SPIR-V has no recursion, so rewrite the recursion as a loop}}
    func.call @countdown(%x, %m) : (memref<?xi32>, index) -> ()
  }
  return
}

// OTHER-LABEL: func.func @recursion
func.func @recursion(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    func.call @countdown(%x, %c1) : (memref<?xi32>, index) -> ()
  }
  return
}

// -----

// A global read by a function that a task calls: the kernel's own memref.get_global ops
// become parameters, a callee's cannot.
memref.global "private" constant @table : memref<4xi32> = dense<[1, 2, 3, 4]>
func.func private @lookup(%i: index) -> i32 {
  // expected-error @+1 {{'memref.get_global' runs in a Vulkan kernel, and a shader cannot name a host global: take the global with memref.get_global in the graph kernel itself (ckpt passes it to the kernel) and hand the memref to this function as an argument}}
  %t = memref.get_global @table : memref<4xi32>
  %v = memref.load %t[%i] : memref<4xi32>
  return %v : i32
}
func.func @callee_global(%x: memref<4xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %v = func.call @lookup(%i) : (index) -> i32
    memref.store %v, %x[%i] : memref<4xi32>
  }
  return
}
// OTHER-LABEL: func.func @callee_global

// -----

// Vector transfers that --ckpt-prepare-spirv-tasks cannot take apart: a 2-D vector whose
// rows may run past the memref's end (not marked in bounds), and a masked write whose map
// transposes (a 1-D transfer, in @vector_transfers_taken, is accepted, and so is a 2-D one
// marked in bounds, in test/e2e/vector-ops.mlir, ones with transposes and broadcasts in
// their maps, in test/e2e/vector-transfer-maps.mlir, and masked ones along the last
// dimensions, in test/e2e/vector-masked-memory.mlir).
func.func @vector_transfers(%x: memref<8x8xf32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %pad = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    %at = arith.muli %i, %c2 : index
    // expected-error @+1 {{'vector.transfer_read' runs in a Vulkan kernel, where only transfers of the memref's element type along its last dimensions (a minor identity map, or any one dimension for a 1-D vector, after transposes and broadcasts are taken out of the map, which a masked transfer must already be), with no mask or one of the vector's shape, in rows of at most 64 elements and at most 64 rows, each row marked in bounds, lower to SPIR-V: split the transfer into such ones, or use memref.load and memref.store (the cpu, cuda and hip targets accept every transfer)}}
    %v = vector.transfer_read %x[%at, %at], %pad : memref<8x8xf32>, vector<2x2xf32>
    %w = arith.constant dense<1.0> : vector<2x2xf32>
    %mask = vector.create_mask %c1, %c2 : vector<2x2xi1>
    // expected-error @+1 {{'vector.transfer_write' runs in a Vulkan kernel, where only transfers of the memref's element type along its last dimensions (a minor identity map, or any one dimension for a 1-D vector, after transposes and broadcasts are taken out of the map, which a masked transfer must already be), with no mask or one of the vector's shape, in rows of at most 64 elements and at most 64 rows, each row marked in bounds, lower to SPIR-V: split the transfer into such ones, or use memref.load and memref.store (the cpu, cuda and hip targets accept every transfer)}}
    vector.transfer_write %w, %x[%at, %at], %mask {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : vector<2x2xf32>, memref<8x8xf32>
    scf.reduce
  }
  return
}
// OTHER-LABEL: func.func @vector_transfers

// -----

func.func @vector_transfers_taken(%x: memref<8xf32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %pad = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    %at = arith.muli %i, %c2 : index
    %v = vector.transfer_read %x[%at], %pad : memref<8xf32>, vector<4xf32>
    %w = arith.addf %v, %v : vector<4xf32>
    vector.transfer_write %w, %x[%at] {in_bounds = [true]} : vector<4xf32>, memref<8xf32>
    scf.reduce
  }
  return
}
// OTHER-LABEL: func.func @vector_transfers_taken

// -----

// GLSL.std.450's transcendental instructions take 16- and 32-bit floats; f64 square roots
// and roundings have SPIR-V forms and pass.
// OTHER-LABEL: func.func @f64_math
func.func @f64_math(%x: memref<8xf64>, %y: memref<8xf32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %x[%i] : memref<8xf64>
    // expected-error @+1 {{'math.log' on f64 runs in a Vulkan kernel, and its SPIR-V form (GLSL.std.450) takes 16- and 32-bit floats only: compute it in f32 (arith.truncf the operands, arith.extf the result)}}
    %l = math.log %v : f64
    %s = math.sqrt %l : f64
    %f = math.floor %s : f64
    // expected-error @+1 {{'math.erf' on f64 runs in a Vulkan kernel}}
    %e = math.erf %f : f64
    memref.store %e, %x[%i] : memref<8xf64>
    %w = memref.load %y[%i] : memref<8xf32>
    %we = math.erf %w : f32
    %wl = math.log %we : f32
    memref.store %wl, %y[%i] : memref<8xf32>
    scf.reduce
  }
  return
}

// -----

// Task scratch becomes a SPIR-V variable of the Function storage class: a static shape of
// 16 bits or more, loaded and stored; anything else is reported at the alloca.
// OTHER-LABEL: func.func @task_scratch
func.func @task_scratch(%x: memref<8xi32>, %n: index) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %ok = memref.alloca() : memref<2x2xi32>
    %v = memref.load %x[%i] : memref<8xi32>
    memref.store %v, %ok[%c1, %c0] : memref<2x2xi32>
    %w = memref.load %ok[%c1, %c0] : memref<2x2xi32>
    // expected-error @+1 {{'memref.alloca' runs in a Vulkan kernel and has a dynamic size, and a shader's own memory has a size fixed when it is compiled: give it a static shape}}
    %dyn = memref.alloca(%n) : memref<?xi32>
    memref.store %w, %dyn[%c0] : memref<?xi32>
    // expected-error @+1 {{'memref.alloca' runs in a Vulkan kernel and holds elements narrower than 16 bits, which a shader's own memory holds only with the Int8 capability, and the Vulkan target does not enable it: use i16 or wider elements (i32 for booleans)}}
    %bytes = memref.alloca() : memref<4xi8>
    %b = arith.trunci %w : i32 to i8
    memref.store %b, %bytes[%c0] : memref<4xi8>
    // expected-error @+1 {{'memref.alloca' runs in a Vulkan kernel and has a layout other than the default: allocate it with the default layout}}
    %strided = memref.alloca() : memref<4xi32, strided<[2]>>
    memref.store %w, %strided[%c0] : memref<4xi32, strided<[2]>>
    // expected-error @+1 {{'memref.alloca' runs in a Vulkan kernel and is used by an operation other than a load or a store, and scratch in a shader's own memory is indexed only by memref.load and memref.store (or their affine forms): index it directly instead of viewing it or passing it on}}
    %viewed = memref.alloca() : memref<4xi32>
    %sub = memref.subview %viewed[1] [2] [1] : memref<4xi32> to memref<2xi32, strided<[1], offset: 1>>
    memref.store %w, %sub[%c0] : memref<2xi32, strided<[1], offset: 1>>
    scf.reduce
  }
  return
}

// -----

// Workgroup memory becomes SPIR-V Workgroup-storage globals: a static shape, loaded,
// stored and updated atomically; anything else is reported at the attribution's launch or
// at the alloc.
// OTHER-LABEL: func.func @workgroup_memory
func.func @workgroup_memory(%x: memref<64xf32>, %n: index) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  // expected-error @+1 {{workgroup attribution 1 runs in a Vulkan kernel and is used by an operation other than a load, a store or an atomic, and a shader's workgroup memory is indexed only by memref.load, memref.store, memref.atomic_rmw, and 1-D vector.load and vector.store of at most 64 lanes: index it directly instead of viewing it or passing it on}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1)
             workgroup(%fine : memref<32xf32, #gpu.address_space<workgroup>>,
                       %viewed : memref<32xf32, #gpu.address_space<workgroup>>) {
    %v = memref.load %x[%tx] : memref<64xf32>
    memref.store %v, %fine[%tx] : memref<32xf32, #gpu.address_space<workgroup>>
    %half = memref.subview %viewed[0] [16] [1] : memref<32xf32, #gpu.address_space<workgroup>> to memref<16xf32, strided<[1]>, #gpu.address_space<workgroup>>
    memref.store %v, %half[%c0] : memref<16xf32, strided<[1]>, #gpu.address_space<workgroup>>
    %ok = memref.alloc() : memref<8xi32, #gpu.address_space<workgroup>>
    gpu.terminator
  }
  return
}

// -----

// CUDA and HIP refuse this one too (check-target-cuda-invalid.mlir), hence the `not`.
func.func @dynamic_workgroup_memory(%x: memref<64xf32>, %n: index) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %v = memref.load %x[%tx] : memref<64xf32>
    // expected-error @+1 {{'memref.alloc' of workgroup memory runs in a Vulkan kernel and has a dynamic size, and a shader's workgroup memory has a size fixed when it is compiled: give it a static shape}}
    %dyn = memref.alloc(%n) : memref<?xf32, #gpu.address_space<workgroup>>
    memref.store %v, %dyn[%c0] : memref<?xf32, #gpu.address_space<workgroup>>
    gpu.terminator
  }
  return
}

// -----

// An scf.execute_region of one block is inlined; several blocks are unstructured control
// flow, which a shader cannot have.
// OTHER-LABEL: func.func @execute_regions
func.func @execute_regions(%x: memref<8xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %x[%i] : memref<8xi32>
    %one = scf.execute_region -> i32 {
      %w = arith.addi %v, %v : i32
      scf.yield %w : i32
    }
    // expected-error @+1 {{'scf.execute_region' of several blocks runs in a Vulkan kernel, and SPIR-V shaders take structured control flow only: express its branches with scf.if or scf.while}}
    %two = scf.execute_region -> i32 {
      %zero = arith.constant 0 : i32
      %neg = arith.cmpi slt, %one, %zero : i32
      cf.cond_br %neg, ^bb1, ^bb2
    ^bb1:
      scf.yield %zero : i32
    ^bb2:
      scf.yield %one : i32
    }
    memref.store %two, %x[%i] : memref<8xi32>
    scf.reduce
  }
  return
}

// -----

// bf16 inside a kernel is emulated in f32 for arith and math ops; a loop carrying a bf16
// value is reported.
// OTHER-LABEL: func.func @bf16_carried
func.func @bf16_carried(%x: memref<8xf32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  scf.parallel (%i) = (%c0) to (%c3) step (%c1) {
    %v = memref.load %x[%i] : memref<8xf32>
    %h = arith.truncf %v : f32 to bf16
    %e = math.exp %h : bf16
    // expected-error @+1 {{'scf.for' makes a bf16 value in a Vulkan kernel, where bf16 (no SPIR-V type) is emulated in f32 for arith and math ops only: carry the value as f32 (arith.extf it before, arith.truncf it after)}}
    %s = scf.for %k = %c0 to %c3 step %c1 iter_args(%acc = %e) -> (bf16) {
      %n = arith.addf %acc, %h : bf16
      scf.yield %n : bf16
    }
    %r = arith.extf %s : bf16 to f32
    memref.store %r, %x[%i] : memref<8xf32>
    scf.reduce
  }
  return
}

// -----

// Subgroup operations: the Vulkan kernels are SPIR-V 1.0 shaders without them.
// OTHER-LABEL: func.func @subgroups
func.func @subgroups(%x: memref<?xf32>) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %c0 = arith.constant 0 : index
    %v = memref.load %x[%c0] : memref<?xf32>
    %offset = arith.constant 1 : i32
    %width = arith.constant 32 : i32
    // expected-error @+1 {{'gpu.shuffle' runs in a Vulkan kernel, and ckpt's Vulkan kernels are SPIR-V 1.0 shaders without subgroup operations: reduce with gpu.all_reduce (through workgroup memory on this target), or use the cuda or hip target}}
    %s, %valid = gpu.shuffle xor %v, %offset, %width : f32
    // expected-error @+1 {{'gpu.subgroup_reduce' runs in a Vulkan kernel, and ckpt's Vulkan kernels are SPIR-V 1.0 shaders without subgroup operations}}
    %r = gpu.subgroup_reduce add %s : (f32) -> f32
    // gpu.all_reduce is lowered through workgroup memory (attach-spirv-abi-all-reduce.mlir).
    %a = gpu.all_reduce add %r uniform {} : (f32) -> f32
    memref.store %a, %x[%c0] : memref<?xf32>
    gpu.terminator
  }
  return
}

// -----

// Atomics SPIR-V 1.0 lacks: a compare-and-swap loop, and float kinds.
// OTHER-LABEL: func.func @atomics
func.func @atomics(%x: memref<8xf32>, %n: memref<8xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %x[%i] : memref<8xf32>
    // expected-error @+1 {{'memref.atomic_rmw' of this kind runs in a Vulkan kernel, and SPIR-V 1.0 has integer atomics only (addi, andi, ori, maxs, maxu, mins, minu): keep the value as integer bits, or use the cuda or hip target}}
    %m = memref.atomic_rmw maximumf %v, %x[%c0] : (f32, memref<8xf32>) -> f32
    %k = arith.constant 3 : i32
    %sum = memref.atomic_rmw addi %k, %n[%c0] : (i32, memref<8xi32>) -> i32
    // expected-error @+1 {{'memref.generic_atomic_rmw' runs in a Vulkan kernel, and MLIR's SPIR-V conversion has no compare-and-swap loop for it: use memref.atomic_rmw with an integer kind (addi, andi, ori, maxs, maxu, mins, minu)}}
    %p = memref.generic_atomic_rmw %n[%c1] : memref<8xi32> {
    ^bb0(%cur: i32):
      %t = arith.muli %cur, %k : i32
      memref.atomic_yield %t : i32
    }
    scf.reduce
  }
  return
}

// -----

// Integers between 32 and 64 bits, and wider than 64, computed inside a task: SPIR-V has
// no such type and ckpt emulates only widths below 32 (i8 and i24 pass).
// OTHER-LABEL: func.func @odd_widths
func.func @odd_widths(%x: memref<4xi64>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %v = memref.load %x[%i] : memref<4xi64>
    %n = arith.trunci %v : i64 to i24
    %m = arith.divsi %n, %n : i24
    %b = arith.trunci %v : i64 to i8
    // expected-error @+1 {{'arith.trunci' makes an i40 value in a Vulkan kernel: SPIR-V integers have 8, 16, 32 or 64 bits, and widths between 32 and 64 are not emulated: compute in i64 (arith.extsi or arith.extui to i64, and arith.trunci where the i40 is needed outside the kernel)}}
    %t = arith.trunci %v : i64 to i40
    // expected-error @+1 {{'arith.extsi' makes an i128 value in a Vulkan kernel: SPIR-V integers have at most 64 bits: split the value into i64 parts}}
    %w = arith.extsi %v : i64 to i128
    %s = arith.extsi %m : i24 to i64
    memref.store %s, %x[%i] : memref<4xi64>
    scf.reduce
  }
  return
}

// -----

// An odd-width integer crossing into a kernel, as a scalar or as buffer elements.
// expected-error @+1 {{parameter 1 of type 'i24' cannot be used on the Vulkan target: kernel parameters are integers of 8, 16, 32 or 64 bits: extend the value to one of those widths on the host}}
func.func @odd_scalar(%x: memref<?xi32>, %s: i24) attributes {ckpt.graph} {
  return
}
// OTHER-LABEL: func.func @odd_scalar

// -----

// expected-error @+1 {{parameter 0 of type 'memref<?xi40>' cannot be used on the Vulkan target: SPIR-V buffers hold integers of 8, 16, 32 or 64 bits: use elements of one of those widths}}
func.func @odd_elements(%x: memref<?xi40>) attributes {ckpt.graph} {
  return
}
// OTHER-LABEL: func.func @odd_elements
