"""A random checkpointed program, as a plain tree of dicts and lists (JSON-serialisable, so
that reduce.py can delete parts of it and emit_mlir.py / oracle.py can read it back).

Program:
  seed, data_size, flags (how many yield flags), conds (how many do-while conditions),
  slots (size of the visits array: one slot per task and bare statement id),
  kernels: [Kernel], runs: [Run]
Kernel: name, checkpoints (bool: carries ckpt.checkpoints), items: [Item]
Item, one of
  task:    {k: task, id, kind, data_op, bias: [a, b] | None, raise: [flag, visit] | None,
            dec: cond | None, reset: [cond, value] | None}
  cp:      {k: cp, label, name | None, flag, tasks: [task]}
  bare:    {k: bare, id, op: count | log | raise | poke, flag}
  dowhile: {k: dowhile, cond, items: [Item]}
Run (one host loop over a kernel: launch, then resume after each yield until done):
  {kernel, grow_every, grow_by, between: Run | None, between_every, keep_flags_every}
  After the y-th yield the host clears every flag, except where y is a multiple of
  keep_flags_every (then the resumed checkpoint yields again at once); grows the data
  buffer by grow_by where y is a multiple of grow_every; runs `between` where y is a
  multiple of between_every; and resumes. (0: never.)

What a task does, on every target (semantics in oracle.py): over i in [0, size of data)
it updates data[i] by data_op (data_op 3 adds a * b, computed by pure operations just
before the task, outside it); the one iteration with i == 0 appends its id to the log,
counts its visit in visits[id], raises flag `raise[0]` on visit number `raise[1]`,
decrements condition `dec` (not below 0) and sets condition `reset[0]` to `reset[1]`.
"""

import random

TASK_KINDS = ["scf.for", "scf.parallel", "scf.forall", "affine.for", "affine.parallel",
              "gpu.launch", "gpu.launch_func", "func.call"]
BARE_OPS = ["count", "log", "raise", "poke"]
NAMES = ["SIM", "grow", "contact", "newton", "refill", "solve", "pairs", "x"]
MAX_DEPTH = 3


class _Builder:
    def __init__(self, rng):
        self.rng = rng
        self.next_id = 1
        self.conds = 0
        self.flags = rng.randint(1, 3)
        self.labels = set()

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def task(self, dec=None, reset=None, flag=None):
        rng = self.rng
        raise_ = None
        if flag is not None and rng.random() < 0.6:
            raise_ = [flag, rng.randint(1, 4)]
        elif rng.random() < 0.12:
            # A task raising some flag, maybe one that a later checkpoint checks.
            raise_ = [rng.randrange(self.flags), rng.randint(1, 3)]
        data_op = rng.randrange(4)
        bias = [rng.randint(-9, 9), rng.randint(1, 9)] if data_op == 3 else None
        return {"k": "task", "id": self.new_id(), "kind": rng.choice(TASK_KINDS),
                "data_op": data_op, "bias": bias, "raise": raise_, "dec": dec, "reset": reset}

    def label(self):
        while True:
            label = self.rng.randint(-3, 40)
            if label not in self.labels:
                self.labels.add(label)
                return label

    def checkpoint(self):
        rng = self.rng
        flag = rng.randrange(self.flags)
        tasks = [self.task(flag=flag) for _ in range(rng.choice([1, 1, 2, 3]))]
        name = rng.choice(NAMES) if rng.random() < 0.5 else None
        return {"k": "cp", "label": self.label(), "name": name, "flag": flag, "tasks": tasks}

    def bare(self):
        rng = self.rng
        op = rng.choice(BARE_OPS)
        return {"k": "bare", "id": self.new_id(), "op": op, "flag": rng.randrange(self.flags)}

    def items(self, depth, explicit, count):
        rng = self.rng
        out = []
        for _ in range(count):
            roll = rng.random()
            if roll < 0.32:
                out.append(self.task())
            elif roll < 0.55 and explicit:
                out.append(self.checkpoint())
            elif roll < 0.72:
                out.append(self.bare())
            elif depth < MAX_DEPTH:
                out.extend(self.dowhile(depth + 1, explicit))
            else:
                out.append(self.task())
        return out

    def dowhile(self, depth, explicit):
        """A do-while and the task before it that sets its condition (the number of
        iterations), so that every entry into the loop starts from a known count."""
        rng = self.rng
        cond = self.conds
        self.conds += 1
        iterations = rng.randint(1, 3 if depth == 1 else 2)
        body = self.items(depth, explicit, rng.randint(1, 4))
        # One task of the body counts the iterations down; where it sits decides what a
        # yield and resume inside the body re-run.
        position = rng.randint(0, len(body))
        body.insert(position, self.task(dec=cond))
        reset = self.task(reset=[cond, iterations])
        return [reset, {"k": "dowhile", "cond": cond, "items": body}]

    def kernel(self, index):
        rng = self.rng
        explicit = rng.random() < 0.92
        items = self.items(0, explicit, rng.randint(2, 7))
        if explicit and not any_item(items, lambda item: item["k"] == "cp"):
            items.insert(rng.randint(0, len(items)), self.checkpoint())
        return {"name": "k%d" % index, "checkpoints": explicit, "items": items}

    def run(self, kernels, top):
        rng = self.rng
        kernel = rng.randrange(kernels)
        between = None
        if top and kernels > 1 and rng.random() < 0.5:
            between = self.run(kernels, False)
        return {"kernel": kernel,
                "grow_every": rng.choice([0, 0, 1, 2]), "grow_by": rng.randint(1, 3),
                "between": between, "between_every": rng.randint(1, 2),
                "keep_flags_every": rng.choice([0, 0, 0, 2, 3])}


def any_item(items, predicate):
    """Whether predicate holds for an item of the tree (checkpoint tasks included)."""
    for item in items:
        if predicate(item):
            return True
        if item["k"] == "dowhile" and any_item(item["items"], predicate):
            return True
        if item["k"] == "cp" and any_item(item["tasks"], predicate):
            return True
    return False


def generate(seed):
    rng = random.Random(seed)
    builder = _Builder(rng)
    kernels = [builder.kernel(index) for index in range(rng.choice([1, 1, 2, 3]))]
    runs = [builder.run(len(kernels), True) for _ in range(rng.randint(1, 3))]
    return {"seed": seed, "data_size": rng.randint(1, 6), "flags": builder.flags,
            "conds": builder.conds, "slots": builder.next_id, "kernels": kernels, "runs": runs}
