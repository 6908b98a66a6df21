// A graph kernel written the way bufferization emits it: intermediate buffers are
// memref.alloc at the kernel's top level (freed at its end), constant tables are
// memref.global. The scratch %tmp is written before checkpoint "grow" and read after
// it, so it must keep its contents from the launch that yields to the resume, which
// skips the task that wrote it: the host changes %x in between, and the result still
// comes from the %x of the first launch. The mutable global @visits counts the
// checkpoint's runs across launches and is read by the host.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

#id = affine_map<(i) -> (i)>
memref.global "private" constant @weights : memref<4xi32> = dense<[1, 2, 3, 4]>
memref.global "private" @visits : memref<i32> = dense<0>

func.func @step(%x: memref<4xi32>, %need: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %hundred = arith.constant 100 : i32
  %w = memref.get_global @weights : memref<4xi32>
  %tmp = memref.alloc() {alignment = 64 : i64} : memref<4xi32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %w : memref<4xi32>, memref<4xi32>) outs(%tmp : memref<4xi32>) {
  ^bb0(%a: i32, %b: i32, %unused: i32):
    %p = arith.muli %a, %b : i32
    linalg.yield %p : i32
  }
  ckpt.checkpoint 0 "grow" yield_on %need : memref<i32> {
    scf.for %once = %c0 to %c1 step %c1 {
      %visits = memref.get_global @visits : memref<i32>
      %v = memref.load %visits[] : memref<i32>
      %v1 = arith.addi %v, %one : i32
      memref.store %v1, %visits[] : memref<i32>
      %first = arith.cmpi eq, %v1, %one : i32
      scf.if %first {
        memref.store %one, %need[] : memref<i32>
      }
    }
  }
  %copy = memref.alloc() : memref<4xi32>
  memref.copy %tmp, %copy : memref<4xi32> to memref<4xi32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%copy : memref<4xi32>) outs(%x : memref<4xi32>) {
  ^bb0(%a: i32, %unused: i32):
    %s = arith.addi %a, %hundred : i32
    linalg.yield %s : i32
  }
  memref.dealloc %copy : memref<4xi32>
  memref.dealloc %tmp : memref<4xi32>
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i32
  %five = arith.constant 5 : i32
  %x = memref.alloc() : memref<4xi32>
  %need = memref.alloc() : memref<i32>
  scf.for %i = %c0 to %c4 step %c1 {
    %ii = arith.index_cast %i : index to i32
    %one = arith.constant 1 : i32
    %v = arith.addi %ii, %one : i32
    memref.store %v, %x[%i] : memref<4xi32>
  }
  memref.store %zero, %need[] : memref<i32>

  // CHECK:      ckpt.status ok=1 yielded=1 label=0 name="grow"
  // CHECK-NEXT: x: 1 2 3 4 visits: 1
  %s1 = ckpt.launch @step(%x, %need) : (memref<4xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %s1
  call @print(%x) : (memref<4xi32>) -> ()

  // The resume skips the task that filled %tmp from %x, so %x = 5 5 5 5 is not seen.
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 101 104 109 116 visits: 2
  memref.store %zero, %need[] : memref<i32>
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %five, %x[%i] : memref<4xi32>
  }
  %l = ckpt.status_label %s1 : i64
  %s2 = ckpt.launch @step(%x, %need) resume_from %l : (memref<4xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %s2
  call @print(%x) : (memref<4xi32>) -> ()

  // A fresh launch runs everything on the current %x and yields no more.
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 201 308 427 564 visits: 3
  %s3 = ckpt.launch @step(%x, %need) : (memref<4xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %s3
  call @print(%x) : (memref<4xi32>) -> ()
  memref.dealloc %x : memref<4xi32>
  memref.dealloc %need : memref<i32>
  return
}

func.func @print(%x: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  vector.print str "x:"
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %x[%i] : memref<4xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  %visits = memref.get_global @visits : memref<i32>
  %n = memref.load %visits[] : memref<i32>
  vector.print str " visits: "
  vector.print %n : i32
  return
}
