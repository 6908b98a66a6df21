// linalg ops in a do-while body are tasks of each iteration: a linalg.generic adds 2 to
// every x[i], a generic on rank-0 memrefs (one iteration) counts down %left and sets the
// loop condition, and a reduction in an explicit checkpoint adds sum(x) to %total.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

#id = affine_map<(i) -> (i)>
#all = affine_map<(i) -> ()>
#scalar = affine_map<() -> ()>

func.func @loop(%x: memref<?xi32>, %left: memref<i32>, %more: memref<i32>,
                %total: memref<i32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %two = arith.constant 2 : i32
  ckpt.do_while %more : memref<i32> {
    linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]}
        outs(%x : memref<?xi32>) {
    ^bb0(%v: i32):
      %w = arith.addi %v, %two : i32
      linalg.yield %w : i32
    }
    linalg.generic {indexing_maps = [#scalar, #scalar], iterator_types = []}
        outs(%left, %more : memref<i32>, memref<i32>) {
    ^bb0(%l: i32, %unused: i32):
      %next = arith.subi %l, %one : i32
      %again = arith.cmpi ne, %next, %zero : i32
      %again_i32 = arith.extui %again : i1 to i32
      linalg.yield %next, %again_i32 : i32, i32
    }
    ckpt.checkpoint 0 "sum" yield_on %flag : memref<i32> {
      linalg.generic {indexing_maps = [#id, #all], iterator_types = ["reduction"]}
          ins(%x : memref<?xi32>) outs(%total : memref<i32>) {
      ^bb0(%v: i32, %acc: i32):
        %next = arith.addi %acc, %v : i32
        linalg.yield %next : i32
      }
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %three = arith.constant 3 : i32
  %x = memref.alloc(%c3) : memref<?xi32>
  scf.for %i = %c0 to %c3 step %c1 {
    %i32 = arith.index_cast %i : index to i32
    %v = arith.addi %i32, %one : i32
    memref.store %v, %x[%i] : memref<?xi32>
  }
  %left = memref.alloc() : memref<i32>
  %more = memref.alloc() : memref<i32>
  %total = memref.alloc() : memref<i32>
  %flag = memref.alloc() : memref<i32>
  memref.store %three, %left[] : memref<i32>
  memref.store %zero, %more[] : memref<i32>
  memref.store %zero, %total[] : memref<i32>
  memref.store %zero, %flag[] : memref<i32>

  // x = [1 2 3]; three iterations: x = [3 4 5], [5 6 7], [7 8 9], whose sums 12 + 18 + 24
  // make 54.
  // CHECK: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 7 8 9
  // CHECK-NEXT: left more total: 0 0 54
  %status = ckpt.launch @loop(%x, %left, %more, %total, %flag)
      : (memref<?xi32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %status
  vector.print str "x:"
  scf.for %i = %c0 to %c3 step %c1 {
    %v = memref.load %x[%i] : memref<?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  %l = memref.load %left[] : memref<i32>
  %m = memref.load %more[] : memref<i32>
  %t = memref.load %total[] : memref<i32>
  vector.print str "left more total: "
  vector.print %l : i32 punctuation <no_punctuation>
  vector.print str " "
  vector.print %m : i32 punctuation <no_punctuation>
  vector.print str " "
  vector.print %t : i32
  memref.dealloc %x : memref<?xi32>
  memref.dealloc %left : memref<i32>
  memref.dealloc %more : memref<i32>
  memref.dealloc %total : memref<i32>
  memref.dealloc %flag : memref<i32>
  return
}
