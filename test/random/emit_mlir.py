"""MLIR text of a generated program (program.py): its graph kernels, the functions and GPU
kernels its tasks call, and a @main that runs the host loops and prints every status, the
log of every launch and the final memory, in the format oracle.py predicts."""

from oracle import GROWN_BASE, LOG_CAPACITY, YIELD_CAP

MEMREF = "memref<?xi32>"
FLAG = "memref<i32>"


class _Names:
    """Fresh SSA names; every name in a function is used once."""

    def __init__(self):
        self.count = 0

    def __call__(self, hint="v"):
        self.count += 1
        return "%%%s%d" % (hint, self.count)


def kernel_params(program):
    params = [("%log", MEMREF), ("%data", MEMREF), ("%visits", MEMREF)]
    params += [("%%f%d" % flag, FLAG) for flag in range(program["flags"])]
    params += [("%%w%d" % cond, FLAG) for cond in range(program["conds"])]
    return params


def task_params(task):
    """What a task body reads besides %log, %data and %visits: the flag it raises and the
    condition it counts down or sets."""
    params = [("%bias", "i32")] if task["data_op"] == 3 else []
    if task["raise"]:
        params.append(("%%f%d" % task["raise"][0], FLAG))
    for cond in ([task["dec"]] if task["dec"] is not None else []) + \
            ([task["reset"][0]] if task["reset"] else []):
        params.append(("%%w%d" % cond, FLAG))
    return params


def signature(params):
    return ", ".join("%s: %s" % pair for pair in params)


def types(params):
    return ", ".join(kind for _, kind in params)


def body(task, index, names, pad):
    """The work of one iteration `index` (an index value) of the task's loop."""
    out = []
    emit = lambda line: out.append(pad + line)
    tid = task["id"]
    task_i32 = names("id")
    emit("%s = arith.constant %d : i32" % (task_i32, tid))
    if task["data_op"]:
        old, new = names(), names()
        emit("%s = memref.load %%data[%s] : %s" % (old, index, MEMREF))
        if task["data_op"] == 3:
            emit("%s = arith.addi %s, %%bias : i32" % (new, old))
        elif task["data_op"] == 1:
            three, tripled, plus_id, index_i32 = names(), names(), names(), names()
            emit("%s = arith.constant 3 : i32" % three)
            emit("%s = arith.muli %s, %s : i32" % (tripled, old, three))
            emit("%s = arith.addi %s, %s : i32" % (plus_id, tripled, task_i32))
            emit("%s = arith.index_cast %s : index to i32" % (index_i32, index))
            emit("%s = arith.addi %s, %s : i32" % (new, plus_id, index_i32))
        else:
            emit("%s = arith.addi %s, %s : i32" % (new, old, task_i32))
        emit("memref.store %s, %%data[%s] : %s" % (new, index, MEMREF))
    zero, first, one = names("k"), names("first"), names("one")
    emit("%s = arith.constant 0 : index" % zero)
    emit("%s = arith.cmpi eq, %s, %s : index" % (first, index, zero))
    emit("scf.if %s {" % first)
    inner = lambda line: out.append(pad + "  " + line)
    inner("%s = arith.constant 1 : i32" % one)
    end, end_index, next_end = names(), names(), names()
    inner("%s = memref.load %%log[%s] : %s" % (end, zero, MEMREF))
    inner("%s = arith.index_cast %s : i32 to index" % (end_index, end))
    inner("memref.store %s, %%log[%s] : %s" % (task_i32, end_index, MEMREF))
    inner("%s = arith.addi %s, %s : i32" % (next_end, end, one))
    inner("memref.store %s, %%log[%s] : %s" % (next_end, zero, MEMREF))
    slot, seen, visit = names("k"), names(), names()
    inner("%s = arith.constant %d : index" % (slot, tid))
    inner("%s = memref.load %%visits[%s] : %s" % (seen, slot, MEMREF))
    inner("%s = arith.addi %s, %s : i32" % (visit, seen, one))
    inner("memref.store %s, %%visits[%s] : %s" % (visit, slot, MEMREF))
    if task["raise"]:
        flag, on_visit = task["raise"]
        wanted, hit = names(), names("hit")
        inner("%s = arith.constant %d : i32" % (wanted, on_visit))
        inner("%s = arith.cmpi eq, %s, %s : i32" % (hit, visit, wanted))
        inner("scf.if %s {" % hit)
        inner("  memref.store %s, %%f%d[] : %s" % (one, flag, FLAG))
        inner("}")
    if task["dec"] is not None:
        cond = task["dec"]
        now, less, none, positive, after = names(), names(), names(), names(), names()
        inner("%s = memref.load %%w%d[] : %s" % (now, cond, FLAG))
        inner("%s = arith.subi %s, %s : i32" % (less, now, one))
        inner("%s = arith.constant 0 : i32" % none)
        inner("%s = arith.cmpi sgt, %s, %s : i32" % (positive, less, none))
        inner("%s = arith.select %s, %s, %s : i32" % (after, positive, less, none))
        inner("memref.store %s, %%w%d[] : %s" % (after, cond, FLAG))
    if task["reset"]:
        cond, value = task["reset"]
        start = names()
        inner("%s = arith.constant %d : i32" % (start, value))
        inner("memref.store %s, %%w%d[] : %s" % (start, cond, FLAG))
    emit("}")
    return out


def guarded_body(task, index, size, names, pad):
    """body() for a GPU thread: threads past the end of %data do nothing."""
    inside = names("in")
    return ([pad + "%s = arith.cmpi ult, %s, %s : index" % (inside, index, size),
             pad + "scf.if %s {" % inside] + body(task, index, names, pad + "  ") + [pad + "}"])


def task_op(task, names, pad, module):
    """The task as it appears in a graph kernel; callees and GPU kernels go to `module`."""
    kind = task["kind"]
    i = names("i")
    lines = []
    bias = None
    if task["data_op"] == 3:
        # Pure operations outside the task, between it and what precedes it: each target
        # must recompute them where the task runs (or pass them in).
        a, b, bias = names("p"), names("p"), names("bias")
        lines += [pad + "%s = arith.constant %d : i32" % (a, task["bias"][0]),
                  pad + "%s = arith.constant %d : i32" % (b, task["bias"][1]),
                  pad + "%s = arith.muli %s, %s : i32" % (bias, a, b)]
    if kind == "scf.for":
        lines.append(pad + "scf.for %s = %%c0 to %%n step %%c1 {" % i)
    elif kind == "scf.parallel":
        lines.append(pad + "scf.parallel (%s) = (%%c0) to (%%n) step (%%c1) {" % i)
    elif kind == "scf.forall":
        lines.append(pad + "scf.forall (%s) in (%%n) {" % i)
    elif kind == "affine.for":
        lines.append(pad + "affine.for %s = 0 to %%n {" % i)
    elif kind == "affine.parallel":
        lines.append(pad + "affine.parallel (%s) = (0) to (symbol(%%n)) {" % i)
    elif kind == "gpu.launch":
        b, t, g, s = [[names(h) for _ in range(3)] for h in ("b", "t", "g", "s")]
        lines.append(pad + "gpu.launch blocks(%s, %s, %s) in (%s = %%blocks, %s = %%c1, %s = %%c1)"
                     % (b[0], b[1], b[2], g[0], g[1], g[2]))
        lines.append(pad + "           threads(%s, %s, %s) in (%s = %%c4, %s = %%c1, %s = %%c1) {"
                     % (t[0], t[1], t[2], s[0], s[1], s[2]))
        first = names()
        lines.append(pad + "  %s = arith.muli %s, %s : index" % (first, b[0], s[0]))
        lines.append(pad + "  %s = arith.addi %s, %s : index" % (i, first, t[0]))
        lines += [line.replace("%bias ", bias + " ") if bias else line
                  for line in guarded_body(task, i, "%n", names, pad + "  ")]
        lines.append(pad + "  gpu.terminator")
        lines.append(pad + "}")
        return lines
    elif kind == "gpu.launch_func":
        params = [("%log", MEMREF), ("%data", MEMREF), ("%visits", MEMREF)] + task_params(task)
        params.append(("%n", "index"))
        module["gpu"].append(gpu_kernel(task, params))
        args = ", ".join("%s : %s" % (bias if name == "%bias" else name, kind_)
                         for name, kind_ in params)
        lines.append(pad + "gpu.launch_func @kernels::@t%d blocks in (%%blocks, %%c1, %%c1)"
                     " threads in (%%c4, %%c1, %%c1)" % task["id"])
        lines.append(pad + "    args(%s)" % args)
        return lines
    elif kind == "func.call":
        params = [("%log", MEMREF), ("%data", MEMREF), ("%visits", MEMREF)] + task_params(task)
        module["funcs"].append(callee(task, params))
        lines.append(pad + "func.call @t%d(%s) : (%s) -> ()"
                     % (task["id"], ", ".join(bias if name == "%bias" else name
                                              for name, _ in params), types(params)))
        return lines
    lines += [line.replace("%bias ", bias + " ") if bias else line
              for line in body(task, i, names, pad + "  ")]
    lines.append(pad + "}")
    return lines


def callee(task, params):
    names = _Names()
    i = names("i")
    lines = ["func.func @t%d(%s) {" % (task["id"], signature(params)),
             "  %c0 = arith.constant 0 : index",
             "  %c1 = arith.constant 1 : index",
             "  %n = memref.dim %data, %c0 : memref<?xi32>",
             "  scf.for %s = %%c0 to %%n step %%c1 {" % i]
    lines += body(task, i, names, "    ")
    lines += ["  }", "  return", "}"]
    return "\n".join(lines)


def gpu_kernel(task, params):
    names = _Names()
    lines = ["  gpu.func @t%d(%s) kernel {" % (task["id"], signature(params)),
             "    %block = gpu.block_id x",
             "    %thread = gpu.thread_id x",
             "    %size = gpu.block_dim x",
             "    %first = arith.muli %block, %size : index",
             "    %i = arith.addi %first, %thread : index"]
    lines += guarded_body(task, "%i", "%n", names, "    ")
    lines += ["    gpu.return", "  }"]
    return "\n".join(lines)


def items(entries, names, pad, module):
    lines = []
    for item in entries:
        kind = item["k"]
        if kind == "task":
            lines += task_op(item, names, pad, module)
        elif kind == "cp":
            name = ' "%s"' % item["name"] if item["name"] is not None else ""
            lines.append(pad + "ckpt.checkpoint %d%s yield_on %%f%d : %s {"
                         % (item["label"], name, item["flag"], FLAG))
            for task in item["tasks"]:
                lines += task_op(task, names, pad + "  ", module)
            lines.append(pad + "}")
        elif kind == "bare":
            lines += bare(item, names, pad)
        elif kind == "dowhile":
            lines.append(pad + "ckpt.do_while %%w%d : %s {" % (item["cond"], FLAG))
            lines += items(item["items"], names, pad + "  ", module)
            lines.append(pad + "}")
    return lines


def bare(item, names, pad):
    op = item["op"]
    if op == "count":
        slot, old = names("k"), names()
        return [pad + "%s = arith.constant %d : index" % (slot, item["id"]),
                pad + "%s = memref.atomic_rmw addi %%one, %%visits[%s] : (i32, %s) -> i32"
                % (old, slot, MEMREF)]
    if op == "log":
        end, end_index, entry = names(), names(), names()
        return [pad + "%s = memref.atomic_rmw addi %%one, %%log[%%c0] : (i32, %s) -> i32"
                % (end, MEMREF),
                pad + "%s = arith.index_cast %s : i32 to index" % (end_index, end),
                pad + "%s = arith.constant %d : i32" % (entry, item["id"]),
                pad + "memref.store %s, %%log[%s] : %s" % (entry, end_index, MEMREF)]
    if op == "raise":
        return [pad + "memref.store %%one, %%f%d[] : %s" % (item["flag"], FLAG)]
    value = names()
    return [pad + "%s = arith.constant %d : i32" % (value, item["id"]),
            pad + "memref.store %s, %%data[%%c0] : %s" % (value, MEMREF)]


def kernel(program, kern, module):
    names = _Names()
    attributes = "ckpt.graph, ckpt.checkpoints" if kern["checkpoints"] else "ckpt.graph"
    lines = ["func.func @%s(%s) attributes {%s} {"
             % (kern["name"], signature(kernel_params(program)), attributes),
             "  %c0 = arith.constant 0 : index",
             "  %c1 = arith.constant 1 : index",
             "  %c3 = arith.constant 3 : index",
             "  %c4 = arith.constant 4 : index",
             "  %one = arith.constant 1 : i32",
             "  %n = memref.dim %data, %c0 : memref<?xi32>",
             "  %rounded = arith.addi %n, %c3 : index",
             "  %blocks = arith.divui %rounded, %c4 : index"]
    lines += items(kern["items"], names, "  ", module)
    lines += ["  return", "}"]
    return "\n".join(lines)


def clear_flags(program, pad):
    return [pad + "memref.store %%zero, %%f%d[] : %s" % (flag, FLAG)
            for flag in range(program["flags"])]


def host_run(program, run, functions):
    """A function launching run's kernel and resuming it until it stops yielding; takes
    and returns the data buffer (a grown one replaces it)."""
    slot = len(functions)
    name = "run%d" % slot
    functions.append(None)  # reserve the name before emitting the run in between
    params = kernel_params(program)
    host_params = [("%data0", kind) if p == "%data" else (p, kind) for p, kind in params]
    kernel_name = program["kernels"][run["kernel"]]["name"]
    kernel_types = types(params)

    def call_args(data):
        return ", ".join(data if p == "%data" else p for p, _ in params)

    lines = ["func.func @%s(%s) -> %s {" % (name, signature(host_params), MEMREF),
        "  %zero = arith.constant 0 : i32",
        "  %c0 = arith.constant 0 : index",
        "  %c1 = arith.constant 1 : index",
        "  %cap = arith.constant {} : index".format(YIELD_CAP)]
    lines += clear_flags(program, "  ")
    lines += ["  %%s0 = ckpt.launch @%s(%s) : (%s) -> !ckpt.status"
              % (kernel_name, call_args("%data0"), kernel_types),
              "  ckpt.status_print %s0",
              "  func.call @print_log(%log) : (memref<?xi32>) -> ()",
              "  %y0 = ckpt.status_yielded %s0 : i1",
              "  %l0 = ckpt.status_label %s0 : i64",
              "  %r:4 = scf.while (%y = %y0, %l = %l0, %d = %data0, %count = %c0)",
              "      : (i1, i64, memref<?xi32>, index) -> (i1, i64, memref<?xi32>, index) {",
              "    %more = arith.cmpi ult, %count, %cap : index",
              "    %go = arith.andi %y, %more : i1",
              "    scf.condition(%go) %y, %l, %d, %count : i1, i64, memref<?xi32>, index",
              "  } do {",
              "  ^bb0(%y: i1, %l: i64, %d: memref<?xi32>, %count: index):",
              "    %next = arith.addi %count, %c1 : index"]
    if run.get("keep_flags_every"):
        lines += ["    %%keep_every = arith.constant %d : index" % run["keep_flags_every"],
                  "    %keep_rem = arith.remui %next, %keep_every : index",
                  "    %clear_now = arith.cmpi ne, %keep_rem, %c0 : index",
                  "    scf.if %clear_now {"]
        lines += clear_flags(program, "      ")
        lines.append("    }")
    else:
        lines += clear_flags(program, "    ")
    data = "%d"
    if run["grow_every"]:
        lines += ["    %%grow_every = arith.constant %d : index" % run["grow_every"],
                  "    %grow_rem = arith.remui %next, %grow_every : index",
                  "    %grow_now = arith.cmpi eq, %grow_rem, %c0 : index",
                  "    %grown = scf.if %grow_now -> (memref<?xi32>) {",
                  "      %%by = arith.constant %d : index" % run["grow_by"],
                  "      %bigger = func.call @grow(%d, %by) : (memref<?xi32>, index) -> memref<?xi32>",
                  "      scf.yield %bigger : memref<?xi32>",
                  "    } else {",
                  "      scf.yield %d : memref<?xi32>",
                  "    }"]
        data = "%grown"
    if run["between"]:
        inner = host_run(program, run["between"], functions)
        lines += ["    %%between_every = arith.constant %d : index" % run["between_every"],
                  "    %between_rem = arith.remui %next, %between_every : index",
                  "    %between_now = arith.cmpi eq, %between_rem, %c0 : index",
                  "    %after = scf.if %between_now -> (memref<?xi32>) {",
                  "      %%other = func.call @%s(%s) : (%s) -> memref<?xi32>"
                  % (inner, call_args(data), kernel_types),
                  "      scf.yield %other : memref<?xi32>",
                  "    } else {",
                  "      scf.yield %s : memref<?xi32>" % data,
                  "    }"]
        data = "%after"
    lines += ["    %%s = ckpt.launch @%s(%s) resume_from %%l : (%s) -> !ckpt.status"
              % (kernel_name, call_args(data), kernel_types),
              "    ckpt.status_print %s",
              "    func.call @print_log(%log) : (memref<?xi32>) -> ()",
              "    %ys = ckpt.status_yielded %s : i1",
              "    %ls = ckpt.status_label %s : i64",
              "    scf.yield %%ys, %%ls, %s, %%next : i1, i64, memref<?xi32>, index" % data,
              "  }",
              '  vector.print str "data:"',
              "  func.call @print_values(%r#2) : (memref<?xi32>) -> ()",
              "  return %r#2 : memref<?xi32>",
              "}"]
    functions[slot] = "\n".join(lines)
    return name


def main(program, runs):
    params = kernel_params(program)
    lines = ["func.func @main() {",
             "  %c0 = arith.constant 0 : index",
             "  %c1 = arith.constant 1 : index",
             "  %zero = arith.constant 0 : i32",
             "  %one = arith.constant 1 : i32",
             "  %%capacity = arith.constant %d : index" % LOG_CAPACITY,
             "  %%slots = arith.constant %d : index" % program["slots"],
             "  %%size = arith.constant %d : index" % program["data_size"],
             "  %log = func.call @zeros(%capacity) : (index) -> memref<?xi32>",
             "  memref.store %one, %log[%c0] : memref<?xi32>",
             "  %visits = func.call @zeros(%slots) : (index) -> memref<?xi32>",
             "  %data0 = memref.alloc(%size) : memref<?xi32>",
             "  scf.for %i = %c0 to %size step %c1 {",
             "    %i_i32 = arith.index_cast %i : index to i32",
             "    memref.store %i_i32, %data0[%i] : memref<?xi32>",
             "  }"]
    for flag in range(program["flags"]):
        lines += ["  %%f%d = memref.alloc() : %s" % (flag, FLAG),
                  "  memref.store %%zero, %%f%d[] : %s" % (flag, FLAG)]
    for cond in range(program["conds"]):
        lines += ["  %%w%d = memref.alloc() : %s" % (cond, FLAG),
                  "  memref.store %%zero, %%w%d[] : %s" % (cond, FLAG)]
    data = "%data0"
    for index, run in enumerate(runs):
        args = ", ".join(data if p == "%data" else p for p, _ in params)
        lines.append("  %%data%d = func.call @%s(%s) : (%s) -> memref<?xi32>"
                     % (index + 1, run, args, types(params)))
        data = "%%data%d" % (index + 1)
    lines += ['  vector.print str "visits:"',
              "  func.call @print_values(%visits) : (memref<?xi32>) -> ()",
              '  vector.print str "flags:"']
    for kind, count in (("f", program["flags"]), ("w", program["conds"])):
        if kind == "w":
            lines.append('  vector.print str "conds:"')
        for index in range(count):
            value = "%%%s%d_value" % (kind, index)
            lines += ["  %s = memref.load %%%s%d[] : %s" % (value, kind, index, FLAG),
                      '  vector.print str " "',
                      "  vector.print %s : i32 punctuation <no_punctuation>" % value]
        lines.append("  vector.print punctuation <newline>")
    lines += ["  memref.dealloc %log : memref<?xi32>",
              "  memref.dealloc %visits : memref<?xi32>",
              "  memref.dealloc %s : memref<?xi32>" % data]
    lines += ["  memref.dealloc %%f%d : %s" % (flag, FLAG) for flag in range(program["flags"])]
    lines += ["  memref.dealloc %%w%d : %s" % (cond, FLAG) for cond in range(program["conds"])]
    lines += ["  return", "}"]
    return "\n".join(lines)


HELPERS = """
// Prints "log: A B C", the entries appended since the last call, and empties the log.
func.func @print_log(%log: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %end = memref.load %log[%c0] : memref<?xi32>
  %end_index = arith.index_cast %end : i32 to index
  vector.print str "log:"
  scf.for %i = %c1 to %end_index step %c1 {
    %entry = memref.load %log[%i] : memref<?xi32>
    vector.print str " "
    vector.print %entry : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  memref.store %one, %log[%c0] : memref<?xi32>
  return
}

// Prints " a b c" and a newline.
func.func @print_values(%values: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %values, %c0 : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}

func.func @zeros(%n: index) -> memref<?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %m = memref.alloc(%n) : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %m[%i] : memref<?xi32>
  }
  return %m : memref<?xi32>
}

// A copy of %old, %by elements longer; new element j holds GROWN_BASE + j. Frees %old.
func.func @grow(%old: memref<?xi32>, %by: index) -> memref<?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %base = arith.constant GROWN_BASE : i32
  %n = memref.dim %old, %c0 : memref<?xi32>
  %m = arith.addi %n, %by : index
  %new = memref.alloc(%m) : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %old[%i] : memref<?xi32>
    memref.store %v, %new[%i] : memref<?xi32>
  }
  scf.for %j = %n to %m step %c1 {
    %j_i32 = arith.index_cast %j : index to i32
    %v = arith.addi %base, %j_i32 : i32
    memref.store %v, %new[%j] : memref<?xi32>
  }
  memref.dealloc %old : memref<?xi32>
  return %new : memref<?xi32>
}
""".replace("GROWN_BASE", str(GROWN_BASE))


def emit(program):
    module = {"gpu": [], "funcs": []}
    kernels = [kernel(program, kern, module) for kern in program["kernels"]]
    functions = []
    runs = [host_run(program, run, functions) for run in program["runs"]]
    parts = ["// Generated by test/random/gen.py from seed %s; expected output: oracle.py."
             % program["seed"],
             "module attributes {gpu.container_module} {"]
    if module["gpu"]:
        parts.append("gpu.module @kernels {\n%s\n}" % "\n".join(module["gpu"]))
    parts += kernels + module["funcs"] + functions + [main(program, runs), HELPERS, "}"]
    return "\n\n".join(parts) + "\n"
