/* The call rule (docs/semantics.md): a graph kernel is launched from the host as a whole,
 * so no task may reach a graph kernel through calls, and no graph kernel may launch one.
 * Every function a task calls is followed by name; a call through a function value would
 * hide its callee, so it is refused too. */
#include "ckpt-c/Dialect.h"
#include "graph.h"
#include "mlir-c/BuiltinAttributes.h"

/* Why a call chain is wrong: the op found at its end, and the functions it went through. */
typedef struct call_finding_t {
  MlirOperation culprit; /* a graph kernel, a ckpt.launch or a func.call_indirect */
  ckpt_vec_t path;       /* plain functions between the kernel's call and the culprit */
} call_finding_t;

typedef struct search_t {
  ckpt_vec_t visited; /* plain functions already searched from this call */
  call_finding_t *finding;
  bool found;
} search_t;

static bool search_function(search_t *search, MlirOperation func);

/* Looks at one op reached from a task: a launch or an indirect call is a finding; a direct
 * call is followed into its callee. */
static MlirWalkResult search_op(MlirOperation op, void *user_data) {
  search_t *search = user_data;
  if (search->found)
    return MlirWalkResultInterrupt;
  if (mlirCkptOpIsLaunch(op) || ckpt_op_is(op, "func.call_indirect")) {
    search->finding->culprit = op;
    search->found = true;
    return MlirWalkResultInterrupt;
  }
  if (ckpt_op_is(op, "func.call")) {
    MlirOperation callee = ckpt_callee_of(op);
    if (!mlirOperationIsNull(callee) && search_function(search, callee))
      return MlirWalkResultInterrupt;
  }
  return MlirWalkResultAdvance;
}

/* True if func is a graph kernel, or reaches a graph kernel, a launch or an indirect
 * call; then the finding holds it and the functions on the way, outermost first. */
static bool search_function(search_t *search, MlirOperation func) {
  if (mlirCkptFuncIsGraph(func)) {
    search->finding->culprit = func;
    search->found = true;
    return true;
  }
  for (size_t i = 0; i < search->visited.size; ++i)
    if (search->visited.items[i] == func.ptr)
      return false;
  ckpt_vec_push(&search->visited, func.ptr);
  ckpt_vec_push(&search->finding->path, func.ptr);
  mlirOperationWalk(func, search_op, search, MlirWalkPreOrder);
  if (!search->found)
    --search->finding->path.size;
  return search->found;
}

/* " (through @a, then @b)" for the functions of a finding's path. */
static void describe_path(ckpt_sbuf_t *msg, const call_finding_t *finding) {
  char name[256];
  for (size_t i = 0; i < finding->path.size; ++i)
    ckpt_sbuf_printf(msg, "%s@%s", i == 0 ? " (through " : ", then ",
                     ckpt_symbol_name(CKPT_VEC_OP(&finding->path, i), name, sizeof name));
  if (finding->path.size > 0)
    ckpt_sbuf_printf(msg, ")");
}

static void report(MlirOperation at, MlirOperation kernel, const call_finding_t *finding) {
  char kernel_name[256], culprit_name[256];
  ckpt_symbol_name(kernel, kernel_name, sizeof kernel_name);
  ckpt_sbuf_t msg = {0};
  MlirOperation culprit = finding->culprit;
  if (ckpt_op_is(culprit, "func.func")) {
    ckpt_symbol_name(culprit, culprit_name, sizeof culprit_name);
    bool itself = mlirOperationEqual(culprit, kernel);
    if (itself)
      ckpt_sbuf_printf(&msg, "graph kernel @%s calls itself from one of its tasks", kernel_name);
    else
      ckpt_sbuf_printf(&msg, "a task of graph kernel @%s calls graph kernel @%s", kernel_name,
                       culprit_name);
    describe_path(&msg, finding);
    ckpt_sbuf_printf(&msg, "; a graph kernel runs as a whole launch from the host, never inside "
                           "a task: ");
    if (itself)
      ckpt_sbuf_printf(&msg, "launch @%s again from host code once this launch returns (a "
                             "`ckpt.do_while` repeats work within one launch)",
                       kernel_name);
    else
      ckpt_sbuf_printf(&msg, "launch @%s from host code with ckpt.launch, before or after @%s, "
                             "or call a plain function instead",
                       culprit_name, kernel_name);
  } else if (mlirCkptOpIsLaunch(culprit)) {
    MlirStringRef launched = mlirCkptLaunchOpGetKernel(culprit);
    ckpt_sbuf_printf(&msg, "graph kernel @%s launches @%.*s from inside itself", kernel_name,
                     (int)launched.length, launched.data);
    describe_path(&msg, finding);
    ckpt_sbuf_printf(&msg, "; graph kernels cannot nest: launch @%.*s from host code, before "
                           "or after @%s",
                     (int)launched.length, launched.data, kernel_name);
  } else {
    ckpt_sbuf_printf(&msg, "graph kernel @%s calls through a function value (func.call_indirect)",
                     kernel_name);
    describe_path(&msg, finding);
    ckpt_sbuf_printf(&msg, "; ckpt must see every function a task calls, to keep graph kernels "
                           "out of tasks: call the function by name with func.call");
  }
  ckpt_emit_error(at, "%s", msg.data);
  ckpt_sbuf_free(&msg);
}

typedef struct kernel_scan_t {
  MlirOperation kernel;
  bool ok;
} kernel_scan_t;

/* Every op of a graph kernel's body: launches and indirect calls are reported where they
 * are, direct calls where they leave the kernel. */
static MlirWalkResult scan_kernel_op(MlirOperation op, void *user_data) {
  kernel_scan_t *scan = user_data;
  call_finding_t finding = {0};
  search_t search = {.finding = &finding};
  if (mlirCkptOpIsLaunch(op) || ckpt_op_is(op, "func.call_indirect")) {
    finding.culprit = op;
    search.found = true;
  } else if (ckpt_op_is(op, "func.call")) {
    MlirOperation callee = ckpt_callee_of(op);
    if (!mlirOperationIsNull(callee))
      search_function(&search, callee);
  }
  if (search.found) {
    report(op, scan->kernel, &finding);
    scan->ok = false;
  }
  ckpt_vec_free(&search.visited);
  ckpt_vec_free(&finding.path);
  return MlirWalkResultAdvance;
}

bool ckpt_check_calls(MlirOperation module) {
  ckpt_vec_t funcs = {0};
  ckpt_collect_functions(module, &funcs);
  bool ok = true;
  for (size_t i = 0; i < funcs.size; ++i) {
    MlirOperation func = CKPT_VEC_OP(&funcs, i);
    if (!mlirCkptFuncIsGraph(func) || mlirBlockIsNull(ckpt_func_entry(func)))
      continue;
    kernel_scan_t scan = {.kernel = func, .ok = true};
    MlirBlock entry = ckpt_func_entry(func);
    for (MlirOperation op = mlirBlockGetFirstOperation(entry); !mlirOperationIsNull(op);
         op = mlirOperationGetNextInBlock(op))
      mlirOperationWalk(op, scan_kernel_op, &scan, MlirWalkPreOrder);
    ok = ok && scan.ok;
  }
  ckpt_vec_free(&funcs);
  return ok;
}
