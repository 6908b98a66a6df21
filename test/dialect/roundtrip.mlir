// Every form of every ckpt op prints as it parses: custom form, re-parsed custom form,
// and the generic form parsed back.
// RUN: %ckpt_opt %s | FileCheck %s
// RUN: %ckpt_opt %s | %ckpt_opt | FileCheck %s
// RUN: %ckpt_opt %s -mlir-print-op-generic | %ckpt_opt | FileCheck %s
// RUN: %ckpt_opt %s > %t.once.mlir
// RUN: %ckpt_opt %t.once.mlir > %t.twice.mlir
// RUN: diff %t.once.mlir %t.twice.mlir
// RUN: %ckpt_opt %s -mlir-print-op-generic | %ckpt_opt > %t.generic.mlir
// RUN: diff %t.once.mlir %t.generic.mlir

// CHECK-LABEL: func.func @implicit(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %[[N:.*]]: index) attributes {ckpt.checkpoints, ckpt.graph} {
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      scf.for %[[I:.*]] = %{{.*}} to %[[N]] step %{{.*}} {
// CHECK-NEXT:        %[[V:.*]] = memref.load %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:        memref.store %[[V]], %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint implicit {
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint implicit attributes {cp_id = 2 : i64} {
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @implicit(%x: memref<?xf32>, %n: index) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  ckpt.checkpoint implicit {
    scf.for %i = %c0 to %n step %c1 {
      %v = memref.load %x[%i] : memref<?xf32>
      memref.store %v, %x[%i] : memref<?xf32>
    }
  }
  ckpt.checkpoint implicit {
  }
  ckpt.checkpoint implicit attributes {cp_id = 2 : i64} {
  }
  return
}

// A flag's type may be left out (it can only be memref<i32>); it is printed.
// CHECK-LABEL: func.func @types_left_out(
// CHECK-SAME:      %[[F:.*]]: memref<i32>, %[[C:.*]]: memref<i32>)
// CHECK:         ckpt.do_while %[[C]] : memref<i32> {
// CHECK-NEXT:      ckpt.checkpoint 3 "SHORT" yield_on %[[F]] : memref<i32> {
// CHECK-NEXT:      }
// CHECK-NEXT:    }
func.func @types_left_out(%f: memref<i32>, %c: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.do_while %c {
    ckpt.checkpoint 3 "SHORT" yield_on %f {
    }
  }
  return
}

// CHECK-LABEL: func.func @labelled(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %[[F:.*]]: memref<i32>, %[[G:.*]]: memref<i32>)
// CHECK:         ckpt.checkpoint 0 "SIM" yield_on %[[F]] : memref<i32> {
// CHECK-NEXT:      scf.parallel
// CHECK:         ckpt.checkpoint 1 yield_on %[[G]] : memref<i32> {
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint 2 "with \22quotes\22 and spaces" yield_on %[[F]] : memref<i32> {
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint -3 yield_on %[[F]] : memref<i32> {
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint 4 "NAMED" yield_on %[[G]] : memref<i32> attributes {cp_id = 5 : i64} {
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint 9223372036854775807 yield_on %[[G]] : memref<i32> attributes {cp_id = 6 : i64, note = "kept"} {
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @labelled(%x: memref<?xf32>, %f: memref<i32>, %g: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  ckpt.checkpoint 0 "SIM" yield_on %f : memref<i32> {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %x[%i] : memref<?xf32>
      memref.store %v, %x[%i] : memref<?xf32>
    }
  }
  ckpt.checkpoint 1 yield_on %g : memref<i32> {
  }
  ckpt.checkpoint 2 "with \"quotes\" and spaces" yield_on %f : memref<i32> {
  }
  ckpt.checkpoint -3 yield_on %f : memref<i32> {
  }
  ckpt.checkpoint 4 "NAMED" yield_on %g : memref<i32> attributes {cp_id = 5 : i64} {
  }
  ckpt.checkpoint 9223372036854775807 yield_on %g : memref<i32> attributes {cp_id = 6 : i64, note = "kept"} {
  }
  return
}

// CHECK-LABEL: func.func @do_while_nested(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %[[F:.*]]: memref<i32>, %[[OUTER:.*]]: memref<i32>, %[[INNER:.*]]: memref<i32>)
// CHECK:         ckpt.do_while %[[OUTER]] : memref<i32> {
// CHECK-NEXT:      ckpt.checkpoint implicit {
// CHECK-NEXT:        scf.for
// CHECK:           ckpt.do_while %[[INNER]] : memref<i32> attributes {tag = "inner"} {
// CHECK-NEXT:        ckpt.checkpoint 0 "INNER" yield_on %[[F]] : memref<i32> {
// CHECK-NEXT:          scf.for
// CHECK:             ckpt.do_while %[[INNER]] : memref<i32> {
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      ckpt.checkpoint 1 yield_on %[[F]] : memref<i32> {
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.do_while %[[OUTER]] : memref<i32> {
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @do_while_nested(%x: memref<?xf32>, %f: memref<i32>, %outer: memref<i32>,
                           %inner: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  ckpt.do_while %outer : memref<i32> {
    ckpt.checkpoint implicit {
      scf.for %i = %c0 to %n step %c1 {
        %v = memref.load %x[%i] : memref<?xf32>
        memref.store %v, %x[%i] : memref<?xf32>
      }
    }
    ckpt.do_while %inner : memref<i32> attributes {tag = "inner"} {
      ckpt.checkpoint 0 "INNER" yield_on %f : memref<i32> {
        scf.for %i = %c0 to %n step %c1 {
          %v = memref.load %x[%i] : memref<?xf32>
          memref.store %v, %x[%i] : memref<?xf32>
        }
      }
      ckpt.do_while %inner : memref<i32> {
      }
    }
    ckpt.checkpoint 1 yield_on %f : memref<i32> {
    }
  }
  ckpt.do_while %outer : memref<i32> {
  }
  return
}

func.func @kernel(%x: memref<?xf32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  return
}

func.func @no_args() attributes {ckpt.graph} {
  return
}

// CHECK-LABEL: func.func @host(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %[[F:.*]]: memref<i32>, %[[L:.*]]: i64)
// CHECK-NEXT:    %[[S0:.*]] = ckpt.launch @kernel(%[[X]], %[[F]]) : (memref<?xf32>, memref<i32>) -> !ckpt.status
// CHECK-NEXT:    %[[S1:.*]] = ckpt.launch @kernel(%[[X]], %[[F]]) resume_from %[[L]] : (memref<?xf32>, memref<i32>) -> !ckpt.status
// CHECK-NEXT:    %[[LABEL:.*]] = ckpt.status_label %[[S0]] : i64
// CHECK-NEXT:    %[[S2:.*]] = ckpt.launch @kernel(%[[X]], %[[F]]) resume_from %[[LABEL]] : (memref<?xf32>, memref<i32>) -> !ckpt.status
// CHECK-NEXT:    %[[S3:.*]] = ckpt.launch @no_args() : () -> !ckpt.status
// CHECK-NEXT:    %[[S4:.*]] = ckpt.launch @no_args() {note = 1 : i32} : () -> !ckpt.status
// CHECK-NEXT:    %{{.*}} = ckpt.status_ok %[[S1]] : i1
// CHECK-NEXT:    %{{.*}} = ckpt.status_yielded %[[S2]] : i1
// CHECK-NEXT:    %{{.*}} = ckpt.status_label %[[S3]] : i64
// CHECK-NEXT:    ckpt.status_print %[[S2]]
// CHECK-NEXT:    ckpt.status_print %[[S4]]
// CHECK-NEXT:    return %[[S3]] : !ckpt.status
func.func @host(%x: memref<?xf32>, %f: memref<i32>, %l: i64) -> !ckpt.status {
  %s0 = ckpt.launch @kernel(%x, %f) : (memref<?xf32>, memref<i32>) -> !ckpt.status
  %s1 = ckpt.launch @kernel(%x, %f) resume_from %l : (memref<?xf32>, memref<i32>) -> !ckpt.status
  %label = ckpt.status_label %s0 : i64
  %s2 = ckpt.launch @kernel(%x, %f) resume_from %label : (memref<?xf32>, memref<i32>) -> !ckpt.status
  %s3 = ckpt.launch @no_args() : () -> !ckpt.status
  %s4 = ckpt.launch @no_args() {note = 1 : i32} : () -> !ckpt.status
  %ok = ckpt.status_ok %s1 : i1
  %yielded = ckpt.status_yielded %s2 : i1
  %label3 = ckpt.status_label %s3 : i64
  ckpt.status_print %s2
  ckpt.status_print %s4
  return %s3 : !ckpt.status
}

// CHECK-LABEL: func.func @status_type(
// CHECK-SAME:      %{{.*}}: !ckpt.status) -> (i1, i64)
func.func @status_type(%s: !ckpt.status) -> (i1, i64) {
  %y = ckpt.status_yielded %s : i1
  %l = ckpt.status_label %s : i64
  return %y, %l : i1, i64
}
