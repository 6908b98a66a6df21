/* libFuzzer target: arbitrary text through the compiler. Each input is parsed as a module
 * (with the verifier); a module that parses goes through `ckpt-auto-wrap,ckpt-number` and,
 * separately, a copy of it through `ckpt-lower-to-llvm{target=cpu}`. A diagnostic is a fine
 * outcome; a crash, a sanitizer report, a hang or a leak is a bug, and so is IR that does
 * not verify after ckpt-auto-wrap and ckpt-number succeeded.
 *
 * One MLIR context serves many inputs: creating one and loading the dialects costs more
 * than most inputs. It is replaced every CONTEXT_REUSE inputs so the attributes and types
 * that inputs intern do not pile up. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt-c/Dialect.h"
#include "ckpt-c/Passes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

/* Large inputs only slow the search: the pipeline is linear or worse in the IR's size. */
#define MAX_INPUT_BYTES 8192
#define CONTEXT_REUSE 2000

/* libMLIR.so is not instrumented while our C++ (the dialect) is: std::vector's container
 * annotations would then disagree between the two and report false overflows. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_container_overflow=0"; }

typedef struct compiler_t {
  MlirContext context;
  MlirPassManager wrap_and_number;
  MlirPassManager lower_to_llvm;
  int uses;
} compiler_t;

static compiler_t compiler;
static bool verbose;

static void print_to_stderr(MlirStringRef text, void *user_data) {
  (void)user_data;
  fwrite(text.data, 1, text.length, stderr);
}

/* Diagnostics are expected for most inputs; they are printed only when FUZZ_VERBOSE is set. */
static MlirLogicalResult handle_diagnostic(MlirDiagnostic diagnostic, void *user_data) {
  (void)user_data;
  if (verbose) {
    mlirDiagnosticPrint(diagnostic, print_to_stderr, NULL);
    fputc('\n', stderr);
  }
  return mlirLogicalResultSuccess();
}

static MlirPassManager create_pipeline(MlirContext context, const char *pipeline) {
  MlirPassManager pm = mlirPassManagerCreate(context);
  MlirLogicalResult parsed = mlirParsePassPipeline(mlirPassManagerGetAsOpPassManager(pm),
                                                   mlirStringRefCreateFromCString(pipeline),
                                                   print_to_stderr, NULL);
  if (mlirLogicalResultIsFailure(parsed)) {
    fprintf(stderr, "\nfuzz_compiler: the pipeline '%s' does not parse\n", pipeline);
    abort();
  }
  return pm;
}

static void compiler_release(compiler_t *state) {
  if (mlirContextIsNull(state->context)) return;
  mlirPassManagerDestroy(state->wrap_and_number);
  mlirPassManagerDestroy(state->lower_to_llvm);
  mlirContextDestroy(state->context);
  *state = (compiler_t){0};
}

static void compiler_create(compiler_t *state) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirDialectHandleInsertDialect(mlirGetDialectHandle__ckpt__(), registry);
  state->context = mlirContextCreateWithRegistry(registry, /*threadingEnabled=*/false);
  mlirDialectRegistryDestroy(registry);
  mlirContextAttachDiagnosticHandler(state->context, handle_diagnostic, NULL, NULL);
  state->wrap_and_number =
      create_pipeline(state->context, "builtin.module(ckpt-auto-wrap,ckpt-number)");
  /* Verified once after both passes instead (see LLVMFuzzerTestOneInput). */
  mlirPassManagerEnableVerifier(state->wrap_and_number, false);
  state->lower_to_llvm =
      create_pipeline(state->context, "builtin.module(ckpt-lower-to-llvm{target=cpu})");
  state->uses = 0;
}

static void release_at_exit(void) { compiler_release(&compiler); }

/* Skips optional white space; returns where the next token starts. */
static const char *skip_space(const char *p) {
  while (isspace((unsigned char)*p))
    ++p;
  return p;
}

/* Whether P starts `[` integers `]`, the only form MLIR 22's parser of the array survives. */
static bool is_dense_i64_array(const char *p) {
  p = skip_space(p);
  if (*p++ != '[')
    return false;
  p = skip_space(p);
  if (*p == ']')
    return true;
  for (;;) {
    if (*p == '-')
      ++p;
    int digits = 0;
    /* Eighteen digits always fit in an i64; a longer literal may not, and fails to parse. */
    while (isdigit((unsigned char)*p) && digits <= 18)
      ++p, ++digits;
    if (digits == 0 || digits > 18)
      return false;
    p = skip_space(p);
    if (*p == ']')
      return true;
    if (*p++ != ',')
      return false;
    p = skip_space(p);
  }
}

/* MLIR 22's custom parsers of linalg.transpose (`permutation = [...]`), linalg.broadcast and
 * linalg.reduce (`dimensions = [...]`) store the array attribute they parse without checking
 * that it parsed, so a malformed array dereferences a null attribute inside libMLIR.so
 * (stock mlir-opt crashes the same way; docs/robustness.md). Such inputs are skipped: the
 * crash is not ckpt's and would hide every finding behind it. Conservative: any keyword of
 * theirs followed by `=` and something other than a plain integer array skips the input. */
static bool hits_known_upstream_crash(const char *text) {
  static const char *const keywords[] = {"permutation", "dimensions"};
  for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; ++k) {
    size_t length = strlen(keywords[k]);
    for (const char *at = strstr(text, keywords[k]); at; at = strstr(at + 1, keywords[k])) {
      const char *p = skip_space(at + length);
      if (*p == '=' && !is_dense_i64_array(p + 1))
        return true;
    }
  }
  return false;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  verbose = getenv("FUZZ_VERBOSE") != NULL;
  mlirRegisterAllPasses();
  mlirCkptRegisterPassesAndPipelines();
  atexit(release_at_exit);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > MAX_INPUT_BYTES) return -1; /* not added to the corpus */
  if (compiler.uses == CONTEXT_REUSE) compiler_release(&compiler);
  if (mlirContextIsNull(compiler.context)) compiler_create(&compiler);
  ++compiler.uses;

  /* MLIR's lexer stops at a NUL and reads one byte past the text it is given: it needs the
   * terminator that files and C strings have, which libFuzzer's buffer lacks. */
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  if (hits_known_upstream_crash(text)) {
    free(text);
    return -1;
  }
  MlirModule module = mlirModuleCreateParse(compiler.context, mlirStringRefCreate(text, size));
  free(text);
  if (mlirModuleIsNull(module)) return 0;
  MlirOperation operation = mlirModuleGetOperation(module);
  MlirOperation copy = mlirOperationClone(operation);
  /* ckpt's own passes must leave valid IR whenever they succeed: a module they accept and
   * break is a bug even though nothing crashed. */
  if (mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(compiler.wrap_and_number, operation)) &&
      !mlirOperationVerify(operation)) {
    fputs("fuzz_compiler: ckpt-auto-wrap,ckpt-number succeeded but left IR that does not "
          "verify:\n", stderr);
    mlirOperationPrint(operation, print_to_stderr, NULL);
    abort();
  }
  mlirPassManagerRunOnOp(compiler.lower_to_llvm, copy);
  mlirOperationDestroy(copy);
  mlirModuleDestroy(module);
  return 0;
}
