// --ckpt-auto-wrap: every task at a checkpointed kernel's top level or directly in a
// do-while body gets its own implicit checkpoint; nothing else changes. Running the pass
// twice gives what running it once gives.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-auto-wrap)' | FileCheck %s
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-auto-wrap,ckpt-auto-wrap)' | FileCheck %s
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-auto-wrap)' > %t.once.mlir
// RUN: %ckpt_opt %t.once.mlir --pass-pipeline='builtin.module(ckpt-auto-wrap)' > %t.twice.mlir
// RUN: diff %t.once.mlir %t.twice.mlir
// RUN: %if ckpt-opt %{ %ckpt_opt %s --ckpt-auto-wrap --ckpt-auto-wrap | FileCheck %s %}

module attributes {gpu.container_module} {

// CHECK-LABEL: func.func @top_level(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %[[N:.*]]: index)
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    ckpt.checkpoint implicit {
// CHECK-NEXT:      scf.for %[[I:.*]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK-NEXT:        memref.store %[[ZERO]], %[[X]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[DIM:.*]] = memref.dim %[[X]], %[[C0]] : memref<?xf32>
// CHECK-NEXT:    %[[LAST:.*]] = arith.subi %[[DIM]], %[[C1]] : index
// CHECK-NEXT:    memref.store %[[ZERO]], %[[X]][%[[LAST]]] : memref<?xf32>
// CHECK-NEXT:    ckpt.checkpoint implicit {
// CHECK-NEXT:      scf.parallel (%{{.*}}) = (%[[C0]]) to (%[[DIM]]) step (%[[C1]]) {
// CHECK:           }
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @top_level(%x: memref<?xf32>, %n: index) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %x[%i] : memref<?xf32>
  }
  // Pure operations and a bare statement stay where they are.
  %dim = memref.dim %x, %c0 : memref<?xf32>
  %last = arith.subi %dim, %c1 : index
  memref.store %zero, %x[%last] : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%dim) step (%c1) {
    memref.store %zero, %x[%i] : memref<?xf32>
  }
  return
}

// CHECK-LABEL: func.func @in_do_while(
// CHECK-SAME:      %[[X:.*]]: memref<?xf32>, %[[C:.*]]: memref<i32>)
// CHECK:         ckpt.do_while %[[C]] : memref<i32> {
// CHECK-NEXT:      ckpt.checkpoint implicit {
// CHECK-NEXT:        scf.for
// CHECK-NEXT:          memref.store
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      memref.store %{{.*}}, %[[C]][] : memref<i32>
// CHECK-NEXT:      ckpt.checkpoint implicit {
// CHECK-NEXT:        scf.for
// CHECK-NEXT:          memref.store
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @in_do_while(%x: memref<?xf32>, %c: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %done = arith.constant 0 : i32
  ckpt.do_while %c : memref<i32> {
    scf.for %i = %c0 to %c4 step %c1 {
      memref.store %zero, %x[%i] : memref<?xf32>
    }
    memref.store %done, %c[] : memref<i32>
    scf.for %i = %c0 to %c4 step %c1 {
      memref.store %zero, %x[%i] : memref<?xf32>
    }
  }
  return
}

// CHECK-LABEL: func.func @nested_do_whiles(
// CHECK-SAME:      %{{.*}}: memref<?xf32>, %[[OUTER:.*]]: memref<i32>, %[[MIDDLE:.*]]: memref<i32>, %[[INNER:.*]]: memref<i32>)
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      affine.for %{{.*}} = 0 to 1 {
// CHECK:         ckpt.do_while %[[OUTER]] : memref<i32> {
// CHECK-NEXT:      ckpt.checkpoint implicit {
// CHECK-NEXT:        affine.for %{{.*}} = 0 to 2 {
// CHECK-NEXT:          affine.store
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      ckpt.do_while %[[MIDDLE]] : memref<i32> {
// CHECK-NEXT:        ckpt.do_while %[[INNER]] : memref<i32> {
// CHECK-NEXT:          ckpt.checkpoint implicit {
// CHECK-NEXT:            affine.for %{{.*}} = 0 to 3 {
// CHECK-NEXT:              affine.store
// CHECK-NEXT:            }
// CHECK-NEXT:          }
// CHECK-NEXT:        }
// CHECK-NEXT:        ckpt.checkpoint implicit {
// CHECK-NEXT:          affine.for %{{.*}} = 0 to 4 {
// CHECK-NEXT:            affine.store
// CHECK-NEXT:          }
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      ckpt.checkpoint implicit {
// CHECK-NEXT:        affine.for %{{.*}} = 0 to 5 {
// CHECK-NEXT:          affine.store
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @nested_do_whiles(%x: memref<?xf32>, %outer: memref<i32>, %middle: memref<i32>,
                            %inner: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %zero = arith.constant 0.0 : f32
  affine.for %i = 0 to 1 {
    affine.store %zero, %x[%i] : memref<?xf32>
  }
  ckpt.do_while %outer : memref<i32> {
    affine.for %i = 0 to 2 {
      affine.store %zero, %x[%i] : memref<?xf32>
    }
    ckpt.do_while %middle : memref<i32> {
      ckpt.do_while %inner : memref<i32> {
        affine.for %i = 0 to 3 {
          affine.store %zero, %x[%i] : memref<?xf32>
        }
      }
      affine.for %i = 0 to 4 {
        affine.store %zero, %x[%i] : memref<?xf32>
      }
    }
    affine.for %i = 0 to 5 {
      affine.store %zero, %x[%i] : memref<?xf32>
    }
  }
  return
}

// Explicit checkpoints, and tasks already in an implicit one, are left as they are.
// CHECK-LABEL: func.func @mixed(
// CHECK-SAME:      %{{.*}}: memref<?xf32>, %[[F:.*]]: memref<i32>, %[[C:.*]]: memref<i32>)
// CHECK-NEXT:    %{{.*}} = arith.constant
// CHECK-NEXT:    ckpt.checkpoint 0 "SIM" yield_on %[[F]] : memref<i32> {
// CHECK-NEXT:      affine.for %{{.*}} = 0 to 1 {
// CHECK-NEXT:        affine.store
// CHECK-NEXT:      }
// CHECK-NEXT:      affine.for %{{.*}} = 0 to 2 {
// CHECK-NEXT:        affine.store
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint implicit {
// CHECK-NEXT:      affine.for %{{.*}} = 0 to 3 {
// CHECK-NEXT:        affine.store
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint implicit {
// CHECK-NEXT:      affine.for %{{.*}} = 0 to 4 {
// CHECK-NEXT:        affine.store
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.do_while %[[C]] : memref<i32> {
// CHECK-NEXT:      ckpt.checkpoint 1 yield_on %[[F]] : memref<i32> {
// CHECK-NEXT:        affine.for %{{.*}} = 0 to 5 {
// CHECK-NEXT:          affine.store
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:      ckpt.checkpoint implicit {
// CHECK-NEXT:        affine.for %{{.*}} = 0 to 6 {
// CHECK-NEXT:          affine.store
// CHECK-NEXT:        }
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @mixed(%x: memref<?xf32>, %f: memref<i32>, %c: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %zero = arith.constant 0.0 : f32
  ckpt.checkpoint 0 "SIM" yield_on %f : memref<i32> {
    affine.for %i = 0 to 1 {
      affine.store %zero, %x[%i] : memref<?xf32>
    }
    affine.for %i = 0 to 2 {
      affine.store %zero, %x[%i] : memref<?xf32>
    }
  }
  ckpt.checkpoint implicit {
    affine.for %i = 0 to 3 {
      affine.store %zero, %x[%i] : memref<?xf32>
    }
  }
  affine.for %i = 0 to 4 {
    affine.store %zero, %x[%i] : memref<?xf32>
  }
  ckpt.do_while %c : memref<i32> {
    ckpt.checkpoint 1 yield_on %f : memref<i32> {
      affine.for %i = 0 to 5 {
        affine.store %zero, %x[%i] : memref<?xf32>
      }
    }
    affine.for %i = 0 to 6 {
      affine.store %zero, %x[%i] : memref<?xf32>
    }
  }
  return
}

gpu.module @kernels {
  gpu.func @fill(%x: memref<?xf32>) kernel {
    gpu.return
  }
}

func.func private @helper(%x: memref<?xf32>)

// Every kind of task.
// CHECK-LABEL: func.func @task_kinds(
// CHECK-NEXT:    %{{.*}} = arith.constant
// CHECK-NEXT:    %{{.*}} = arith.constant
// CHECK-NEXT:    %{{.*}} = arith.constant
// CHECK-NEXT:    ckpt.checkpoint implicit {
// CHECK-NEXT:      scf.for
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      scf.parallel
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      scf.forall
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      affine.for
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      affine.parallel
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      gpu.launch blocks
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      gpu.launch_func  @kernels::@fill
// CHECK-NEXT:    }
// CHECK-NEXT:    ckpt.checkpoint implicit {
// CHECK-NEXT:      func.call @helper(%{{.*}}) : (memref<?xf32>) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @task_kinds(%x: memref<?xf32>, %n: index) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %x[%i] : memref<?xf32>
  }
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %zero, %x[%i] : memref<?xf32>
  }
  scf.forall (%i) in (%n) {
    memref.store %zero, %x[%i] : memref<?xf32>
  }
  affine.for %i = 0 to 4 {
    affine.store %zero, %x[%i] : memref<?xf32>
  }
  affine.parallel (%i) = (0) to (4) {
    affine.store %zero, %x[%i] : memref<?xf32>
  }
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %n, %sy = %c1, %sz = %c1) {
    memref.store %zero, %x[%tx] : memref<?xf32>
    gpu.terminator
  }
  gpu.launch_func @kernels::@fill blocks in (%c1, %c1, %c1) threads in (%n, %c1, %c1)
      args(%x : memref<?xf32>)
  func.call @helper(%x) : (memref<?xf32>) -> ()
  return
}

// A task whose results are used cannot move into a region; it is left for
// --ckpt-number to report.
// CHECK-LABEL: func.func @task_result_used(
// CHECK-NOT:     ckpt.checkpoint {{implicit|[-0-9]}}
// CHECK:         %[[SUM:.*]] = scf.for
// CHECK-NOT:     ckpt.checkpoint {{implicit|[-0-9]}}
// CHECK:         memref.store %[[SUM]]
// CHECK-NEXT:    return
func.func @task_result_used(%x: memref<?xf32>, %n: index) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %v = memref.load %x[%i] : memref<?xf32>
    %next = arith.addf %acc, %v : f32
    scf.yield %next : f32
  }
  memref.store %sum, %x[%c0] : memref<?xf32>
  return
}

// A graph kernel that did not opt in to checkpoints, and a plain function, are untouched.
// CHECK-LABEL: func.func @graph_without_checkpoints(
// CHECK-NOT:     ckpt.checkpoint {{implicit|[-0-9]}}
// CHECK:         ckpt.do_while
// CHECK-NEXT:      scf.for
// CHECK-NOT:     ckpt.checkpoint {{implicit|[-0-9]}}
// CHECK:         return
func.func @graph_without_checkpoints(%x: memref<?xf32>, %c: memref<i32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c1 step %c1 {
    memref.store %zero, %x[%i] : memref<?xf32>
  }
  ckpt.do_while %c : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      memref.store %zero, %x[%i] : memref<?xf32>
    }
  }
  return
}

// CHECK-LABEL: func.func @not_a_graph(
// CHECK-NOT:     ckpt.checkpoint {{implicit|[-0-9]}}
// CHECK:         scf.for
// CHECK-NOT:     ckpt.checkpoint {{implicit|[-0-9]}}
// CHECK:         call @helper(%{{.*}}) : (memref<?xf32>) -> ()
// CHECK-NEXT:    return
func.func @not_a_graph(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c1 step %c1 {
    memref.store %zero, %x[%i] : memref<?xf32>
  }
  func.call @helper(%x) : (memref<?xf32>) -> ()
  return
}

// Tasks nested in other tasks are not tasks of the graph.
// CHECK-LABEL: func.func @nested_tasks(
// CHECK:         ckpt.checkpoint implicit {
// CHECK-NEXT:      scf.for
// CHECK-NEXT:        scf.for
// CHECK-NEXT:          memref.store
// CHECK-NEXT:        }
// CHECK-NEXT:        func.call @helper
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @nested_tasks(%x: memref<?xf32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c1 step %c1 {
    scf.for %j = %c0 to %c1 step %c1 {
      memref.store %zero, %x[%j] : memref<?xf32>
    }
    func.call @helper(%x) : (memref<?xf32>) -> ()
  }
  return
}

// CHECK-LABEL: func.func private @graph_declaration(
func.func private @graph_declaration(%x: memref<?xf32>) attributes {ckpt.graph, ckpt.checkpoints}

}
