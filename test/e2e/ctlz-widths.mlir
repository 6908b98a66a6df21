// math.ctlz of i64, i16 and i8 in a task: the Vulkan target's SPIR-V conversion counts
// 32-bit integers only (it failed to legalize the others), so ckpt-prepare-spirv-tasks
// counts the zero-extended value, or an i64's two words. Zero counts every bit.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%a: memref<4xi64>, %b: memref<4xi16>, %c: memref<4xi32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  ckpt.checkpoint 0 "bits" yield_on %f {
    scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
      %x = memref.load %a[%i] : memref<4xi64>
      %y = memref.load %b[%i] : memref<4xi16>
      %z = memref.load %c[%i] : memref<4xi32>
      %lx = math.ctlz %x : i64
      %ly = math.ctlz %y : i16
      %z8 = arith.trunci %z : i32 to i8
      %l8 = math.ctlz %z8 : i8
      %lz = arith.extui %l8 : i8 to i32
      memref.store %lx, %a[%i] : memref<4xi64>
      memref.store %ly, %b[%i] : memref<4xi16>
      memref.store %lz, %c[%i] : memref<4xi32>
      scf.reduce
    }
  }
  return
}
func.func @main() {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<4xi64>
  %b = memref.alloc() : memref<4xi16>
  %c = memref.alloc() : memref<4xi32>
  %f = memref.alloc() : memref<i32>
  %va = arith.constant dense<[4096, 0, 1099511627776, -1]> : vector<4xi64>
  %vb = arith.constant dense<[1, 0, 256, -1]> : vector<4xi16>
  %vc = arith.constant dense<[1, 0, 16, 255]> : vector<4xi32>
  vector.store %va, %a[%c0] : memref<4xi64>, vector<4xi64>
  vector.store %vb, %b[%c0] : memref<4xi16>, vector<4xi16>
  vector.store %vc, %c[%c0] : memref<4xi32>, vector<4xi32>
  %z = arith.constant 0 : i32
  %raised = arith.constant 1 : i32
  memref.store %raised, %f[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="bits"
  // CHECK-NEXT: ( 51, 64, 23, 0 )
  // CHECK-NEXT: ( 15, 16, 7, 0 )
  // CHECK-NEXT: ( 7, 8, 3, 0 )
  %st0 = ckpt.launch @k(%a, %b, %c, %f) : (memref<4xi64>, memref<4xi16>, memref<4xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st0
  %ya = vector.load %a[%c0] : memref<4xi64>, vector<4xi64>
  vector.print %ya : vector<4xi64>
  %yb = vector.load %b[%c0] : memref<4xi16>, vector<4xi16>
  vector.print %yb : vector<4xi16>
  %yc = vector.load %c[%c0] : memref<4xi32>, vector<4xi32>
  vector.print %yc : vector<4xi32>
  // The resume counts the counts' leading zeros.
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: ( 58, 57, 59, 64 )
  // CHECK-NEXT: ( 12, 11, 13, 16 )
  // CHECK-NEXT: ( 5, 4, 6, 8 )
  memref.store %z, %f[] : memref<i32>
  %label = ckpt.status_label %st0 : i64
  %st = ckpt.launch @k(%a, %b, %c, %f) resume_from %label : (memref<4xi64>, memref<4xi16>, memref<4xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  %ra = vector.load %a[%c0] : memref<4xi64>, vector<4xi64>
  vector.print %ra : vector<4xi64>
  %rb = vector.load %b[%c0] : memref<4xi16>, vector<4xi16>
  vector.print %rb : vector<4xi16>
  %rc = vector.load %c[%c0] : memref<4xi32>, vector<4xi32>
  vector.print %rc : vector<4xi32>
  memref.dealloc %a : memref<4xi64>
  memref.dealloc %b : memref<4xi16>
  memref.dealloc %c : memref<4xi32>
  memref.dealloc %f : memref<i32>
  return
}
