// The smallest yield and resume: a graph kernel doubles %x, then asks the host for a
// bigger %out at checkpoint 7, then fills %out. The host grows %out and resumes from
// label 7, so the doubling (before the checkpoint) is not done twice.
//   build/bin/ckpt-run examples/grow_and_resume.mlir

func.func @kernel(%x: memref<4xi32>, %out: memref<?xi32>, %too_small: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1 : i32
  scf.for %i = %c0 to %c4 step %c1 {             // a task: x *= 2, in place
    %v = memref.load %x[%i] : memref<4xi32>
    %twice = arith.addi %v, %v : i32
    memref.store %twice, %x[%i] : memref<4xi32>
  }
  ckpt.checkpoint 7 "room" yield_on %too_small : memref<i32> {
    scf.for %once = %c0 to %c1 step %c1 {        // check before mutating: %out fits %x?
      %n = memref.dim %out, %c0 : memref<?xi32>
      %short = arith.cmpi ult, %n, %c4 : index
      scf.if %short {
        memref.store %one, %too_small[] : memref<i32>
      }
    }
  }
  scf.for %i = %c0 to %c4 step %c1 {             // a task: out = x
    %v = memref.load %x[%i] : memref<4xi32>
    memref.store %v, %out[%i] : memref<?xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i32
  %x = memref.alloc() : memref<4xi32>
  scf.for %i = %c0 to %c4 step %c1 {
    %v = arith.index_cast %i : index to i32
    memref.store %v, %x[%i] : memref<4xi32>
  }
  %flag = memref.alloc() : memref<i32>
  memref.store %zero, %flag[] : memref<i32>
  %small = memref.alloc(%c2) : memref<?xi32>

  %s = ckpt.launch @kernel(%x, %small, %flag)
      : (memref<4xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %yielded = ckpt.status_yielded %s : i1
  %label = ckpt.status_label %s : i64
  vector.print str "yielded: "
  vector.print %yielded : i1
  vector.print str "label: "
  vector.print %label : i64

  // The host's part: a bigger buffer, the flag cleared, a resume from the label.
  %big = memref.alloc(%c4) : memref<?xi32>
  memref.store %zero, %flag[] : memref<i32>
  %s2 = ckpt.launch @kernel(%x, %big, %flag) resume_from %label
      : (memref<4xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %yielded2 = ckpt.status_yielded %s2 : i1
  vector.print str "yielded after resume: "
  vector.print %yielded2 : i1
  vector.print str "out: "
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %big[%i] : memref<?xi32>
    vector.print %v : i32 punctuation <no_punctuation>
    vector.print str " "
  }
  vector.print str "\n"

  memref.dealloc %small : memref<?xi32>
  memref.dealloc %big : memref<?xi32>
  memref.dealloc %flag : memref<i32>
  memref.dealloc %x : memref<4xi32>
  return
}
