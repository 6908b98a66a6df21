"""The expected output of a generated program, from the contract in docs/semantics.md alone.

It interprets the program tree (program.py) with the rules of "Auto-wrap", "Launch" and
"Resume": checkpoints numbered in source order after auto-wrap, checkpoints below the resume
point skipped, bare statements skipped until the resumed checkpoint is reached (also when
it is cp 0), a yield stopping everything after it (later checkpoints, bare statements,
further do-while iterations at any depth), a resume entering enclosing do-while loops at
the iteration that yielded. It never calls the compiler or the runtime.
"""

LOG_CAPACITY = 1024  # entries of the log buffer, log[0] included (emit_mlir.py allocates it)
YIELD_CAP = 40  # the host loop gives up after this many resumes of one run
GROWN_BASE = 100  # a grown buffer's new element j holds GROWN_BASE + j


class TooBig(Exception):
    """The program would overflow the log or loop too long; the generator picks another."""


class _Yield(Exception):
    def __init__(self, checkpoint):
        super().__init__()
        self.checkpoint = checkpoint


def wrap_i32(value):
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def data_op(op, value, task_id, index, bias=None):
    if op == 3:
        return wrap_i32(value + bias[0] * bias[1])
    if op == 1:
        return wrap_i32(value * 3 + task_id + index)
    if op == 2:
        return wrap_i32(value + task_id)
    return value


def number_checkpoints(kernel):
    """cp_id of every checkpoint item and every task auto-wrap gives its own checkpoint,
    keyed by id(): source order, do-while bodies included."""
    numbers = {}
    if not kernel["checkpoints"]:
        return numbers

    def walk(items):
        for item in items:
            if item["k"] in ("task", "cp"):
                numbers[id(item)] = len(numbers)
            elif item["k"] == "dowhile":
                walk(item["items"])

    walk(kernel["items"])
    return numbers


def last_cp_id(item, numbers):
    """The highest cp_id inside a do-while, or -1 when it holds none."""
    best = -1
    for inner in item["items"]:
        if inner["k"] == "dowhile":
            best = max(best, last_cp_id(inner, numbers))
        elif id(inner) in numbers:
            best = max(best, numbers[id(inner)])
    return best


class Machine:
    def __init__(self, program):
        self.program = program
        self.data = list(range(program["data_size"]))
        self.log = []
        self.visits = [0] * program["slots"]
        self.flags = [0] * program["flags"]
        self.conds = [0] * program["conds"]
        self.numbers = [number_checkpoints(kernel) for kernel in program["kernels"]]
        self.out = []
        self.resume_point = None

    # Tasks and bare statements.

    def task(self, task):
        self.data = [data_op(task["data_op"], value, task["id"], index, task.get("bias"))
                     for index, value in enumerate(self.data)]
        self.append_log(task["id"])
        self.visits[task["id"]] += 1
        if task["raise"] and self.visits[task["id"]] == task["raise"][1]:
            self.flags[task["raise"][0]] = 1
        if task["dec"] is not None:
            self.conds[task["dec"]] = max(self.conds[task["dec"]] - 1, 0)
        if task["reset"]:
            self.conds[task["reset"][0]] = task["reset"][1]

    def bare(self, bare):
        op = bare["op"]
        if op == "count":
            self.visits[bare["id"]] += 1
        elif op == "log":
            self.append_log(bare["id"])
        elif op == "raise":
            self.flags[bare["flag"]] = 1
        elif op == "poke":
            self.data[0] = bare["id"]

    def append_log(self, entry):
        if len(self.log) + 2 > LOG_CAPACITY:
            raise TooBig("log overflow")
        self.log.append(entry)

    # A launch.

    def skipping(self):
        return self.resume_point is not None

    def checkpoint(self, item, cp_id, tasks, explicit):
        if self.skipping():
            if cp_id < self.resume_point:
                return
            self.resume_point = None  # reached the resumed checkpoint: run from here on
        for task in tasks:
            self.task(task)
        if explicit and self.flags[item["flag"]] != 0:
            raise _Yield(item)

    def items(self, items, numbers):
        for item in items:
            kind = item["k"]
            if kind == "task":
                if numbers:
                    self.checkpoint(item, numbers[id(item)], [item], False)
                else:
                    self.task(item)
            elif kind == "cp":
                self.checkpoint(item, numbers[id(item)], item["tasks"], True)
            elif kind == "bare":
                if not self.skipping():
                    self.bare(item)
            elif kind == "dowhile":
                if self.skipping() and last_cp_id(item, numbers) < self.resume_point:
                    continue  # wholly before the resumed checkpoint
                iterations = 0
                while True:
                    iterations += 1
                    if iterations > 1000:
                        raise TooBig("do-while does not end")
                    self.items(item["items"], numbers)
                    if self.conds[item["cond"]] == 0:
                        break

    def launch(self, kernel_index, label):
        kernel = self.program["kernels"][kernel_index]
        numbers = self.numbers[kernel_index]
        self.resume_point = None
        if label is not None:
            self.resume_point = label_cp_id(kernel, numbers, label)
        try:
            self.items(kernel["items"], numbers)
        except _Yield as yielded:
            return yielded.checkpoint
        finally:
            self.resume_point = None
        return None

    # The host.

    def print_status(self, checkpoint):
        if checkpoint is None:
            self.out.append("ckpt.status ok=1 yielded=0 label=-1")
        elif checkpoint["name"] is None:
            self.out.append("ckpt.status ok=1 yielded=1 label=%d" % checkpoint["label"])
        else:
            self.out.append('ckpt.status ok=1 yielded=1 label=%d name="%s"'
                            % (checkpoint["label"], checkpoint["name"]))
        self.out.append(format_values("log:", self.log))
        self.log = []

    def host_run(self, run):
        self.flags = [0] * len(self.flags)
        yielded = self.launch(run["kernel"], None)
        self.print_status(yielded)
        count = 0
        while yielded is not None:
            if count == YIELD_CAP:
                raise TooBig("too many yields")
            count += 1
            if not (run.get("keep_flags_every") and count % run["keep_flags_every"] == 0):
                self.flags = [0] * len(self.flags)
            if run["grow_every"] and count % run["grow_every"] == 0:
                size = len(self.data)
                self.data += [GROWN_BASE + j for j in range(size, size + run["grow_by"])]
            if run["between"] and count % run["between_every"] == 0:
                self.host_run(run["between"])
            yielded = self.launch(run["kernel"], yielded["label"])
            self.print_status(yielded)
        self.out.append(format_values("data:", self.data))

    def main(self):
        for run in self.program["runs"]:
            self.host_run(run)
        self.out.append(format_values("visits:", self.visits))
        self.out.append(format_values("flags:", self.flags))
        self.out.append(format_values("conds:", self.conds))
        return "\n".join(self.out) + "\n"


def label_cp_id(kernel, numbers, label):
    def find(items):
        for item in items:
            if item["k"] == "cp" and item["label"] == label:
                return numbers[id(item)]
            if item["k"] == "dowhile":
                found = find(item["items"])
                if found is not None:
                    return found
        return None

    found = find(kernel["items"])
    assert found is not None, "a yield names a label of its own kernel"
    return found


def format_values(title, values):
    return title + "".join(" %d" % value for value in values)


def expected(program):
    """The text the program prints; raises TooBig for a program not worth running."""
    return Machine(program).main()
