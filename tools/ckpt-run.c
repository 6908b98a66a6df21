/* ckpt-run: lower an MLIR file for a target and JIT-run its entry function.
 *
 *   ckpt-run FILE.mlir [--target=cpu|cuda|hip|vulkan] [-e main] [--shared-libs=a.so,b.so]
 *            [--print-ir] [--dump-graph=FILE.dot] [-O0..-O3] [--chips=gfx90a,...]
 *            [--rocm-path=DIR] [--compile-only] [--emit-device-images=DIR]
 *
 * Equivalent to `ckpt-opt --ckpt-lower-to-llvm=target=T | mlir-runner -e main
 * -entry-point-result=void -shared-libs=libckpt_runtime.so,libmlir_c_runner_utils.so,
 * libmlir_runner_utils.so` (printMemrefF32 and the other printers of MLIR's tests),
 * in one process, written against the MLIR C API. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ckpt-c/Dialect.h"
#include "ckpt-c/Passes.h"
#include "device_images.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/ExecutionEngine.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"
#include "mlir-c/Target/LLVMIR.h"
#include "llvm-c/Core.h"

#define MAX_LIBS 16

typedef struct options_t {
  const char *input;
  const char *target;
  const char *entry;
  const char *libs[MAX_LIBS];
  int lib_count;
  bool print_ir;
  const char *dump_graph;
  int opt_level;
  const char *chips;     /* target hip: the pipeline's chips=, or NULL for its default */
  const char *rocm_path; /* target hip: the pipeline's rocm-path=, or NULL */
  bool compile_only;     /* lower (and emit images), run nothing */
  const char *images_dir;
} options_t;

static void usage(FILE *out) {
  fputs("usage: ckpt-run FILE.mlir [--target=cpu|cuda|hip|vulkan] [-e FUNC]\n"
        "                [--shared-libs=LIB[,LIB...]] [--print-ir] [--dump-graph=FILE.dot]\n"
        "                [-O0|-O1|-O2|-O3] [--chips=CHIP[,CHIP...]] [--rocm-path=DIR]\n"
        "                [--compile-only] [--emit-device-images=DIR]\n"
        "Lowers FILE with the ckpt-lower-to-llvm pipeline for the target (default cpu) and\n"
        "runs FUNC (default main, taking and returning nothing). The ckpt runtime and MLIR's\n"
        "runner utilities (vector.print, printMemrefF32, ...) are loaded automatically;\n"
        "CKPT_RUNTIME_LIB overrides the runtime's path. --dump-graph writes the kernels'\n"
        "plans as Graphviz DOT (and on CUDA the driver's own picture of each graph next to\n"
        "it), as CKPT_DUMP_GRAPH does.\n"
        "--chips and --rocm-path are the pipeline's options for target hip.\n"
        "--compile-only stops after lowering and the translation to LLVM IR;\n"
        "--emit-device-images writes the device images\n"
        "(per chip for hip) and kernels.txt into DIR, which must exist.\n",
        out);
}

static bool add_lib(options_t *options, const char *path) {
  if (options->lib_count == MAX_LIBS) {
    fprintf(stderr, "ckpt-run: at most %d shared libraries\n", MAX_LIBS);
    return false;
  }
  options->libs[options->lib_count++] = path;
  return true;
}

static bool parse_args(int argc, char **argv, options_t *options) {
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    if (strncmp(arg, "--target=", 9) == 0) {
      options->target = arg + 9;
    } else if (strcmp(arg, "-e") == 0 && i + 1 < argc) {
      options->entry = argv[++i];
    } else if (strncmp(arg, "--shared-libs=", 14) == 0) {
      char *list = strdup(arg + 14);
      for (char *save = NULL, *lib = strtok_r(list, ",", &save); lib;
           lib = strtok_r(NULL, ",", &save))
        if (!add_lib(options, lib))
          return false;
    } else if (strncmp(arg, "--chips=", 8) == 0) {
      options->chips = arg + 8;
    } else if (strncmp(arg, "--rocm-path=", 12) == 0) {
      options->rocm_path = arg + 12;
    } else if (strcmp(arg, "--compile-only") == 0) {
      options->compile_only = true;
    } else if (strncmp(arg, "--emit-device-images=", 21) == 0) {
      options->images_dir = arg + 21;
    } else if (strncmp(arg, "--dump-graph=", 13) == 0 && arg[13]) {
      options->dump_graph = arg + 13;
    } else if (strcmp(arg, "--print-ir") == 0) {
      options->print_ir = true;
    } else if (arg[0] == '-' && arg[1] == 'O' && arg[2] >= '0' && arg[2] <= '3' && !arg[3]) {
      options->opt_level = arg[2] - '0';
    } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      usage(stdout);
      exit(0);
    } else if ((arg[0] != '-' || strcmp(arg, "-") == 0) && !options->input) {
      options->input = arg;
    } else {
      fprintf(stderr, "ckpt-run: unknown argument '%s'\n", arg);
      usage(stderr);
      return false;
    }
  }
  if (!options->input) {
    usage(stderr);
    return false;
  }
  return true;
}

/* The runtime library: $CKPT_RUNTIME_LIB, else next to this build, else installed. */
static const char *runtime_library(void) {
  const char *env = getenv("CKPT_RUNTIME_LIB");
  if (env && *env)
    return env;
  if (access(CKPT_RUNTIME_BUILD_PATH, R_OK) == 0)
    return CKPT_RUNTIME_BUILD_PATH;
  return CKPT_RUNTIME_INSTALL_PATH;
}

static char *read_file(const char *path, size_t *size) {
  FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "ckpt-run: cannot open '%s'\n", path);
    return NULL;
  }
  size_t capacity = 1 << 16, length = 0;
  char *data = malloc(capacity);
  size_t n;
  while (data && (n = fread(data + length, 1, capacity - length, file)) > 0) {
    length += n;
    if (length == capacity) {
      capacity *= 2;
      char *grown = realloc(data, capacity);
      if (!grown)
        free(data);
      data = grown;
    }
  }
  if (file != stdin)
    fclose(file);
  if (!data) {
    fputs("ckpt-run: out of memory\n", stderr);
    return NULL;
  }
  /* MLIR's lexer reads up to a NUL past the text (llvm/llvm-project#154462); the loop
   * always leaves room for it. */
  data[length] = '\0';
  *size = length;
  return data;
}

static void print_to_stderr(MlirStringRef text, void *user_data) {
  (void)user_data;
  fwrite(text.data, 1, text.length, stderr);
}

static void print_to_stdout(MlirStringRef text, void *user_data) {
  (void)user_data;
  fwrite(text.data, 1, text.length, stdout);
}

/* The file position `location` stands for: itself, a name's or call site's child, the
 * one location a fused location holds; false where none has one. */
static bool file_position(MlirLocation location, MlirIdentifier *file, int *line, int *column) {
  for (int depth = 0; depth < 16 && !mlirLocationIsNull(location); ++depth) {
    if (mlirLocationIsAFileLineColRange(location)) {
      *file = mlirLocationFileLineColRangeGetFilename(location);
      *line = mlirLocationFileLineColRangeGetStartLine(location);
      *column = mlirLocationFileLineColRangeGetStartColumn(location);
      return true;
    }
    if (mlirLocationIsAName(location)) {
      location = mlirLocationNameGetChildLoc(location);
    } else if (mlirLocationIsACallSite(location)) {
      location = mlirLocationCallSiteGetCallee(location);
    } else if (mlirLocationIsAFused(location) && mlirLocationFusedGetNumLocations(location) == 1) {
      mlirLocationFusedGetLocations(location, &location);
    } else {
      return false;
    }
  }
  return false;
}

static void print_diagnostic(MlirDiagnostic diagnostic) {
  static const char *const kSeverities[] = {"error", "warning", "note", "remark"};
  MlirDiagnosticSeverity severity = mlirDiagnosticGetSeverity(diagnostic);
  MlirLocation location = mlirDiagnosticGetLocation(diagnostic);
  MlirIdentifier file;
  int line = 0, column = 0;
  if (file_position(location, &file, &line, &column)) {
    MlirStringRef name = mlirIdentifierStr(file);
    fprintf(stderr, "%.*s:%d:%d: ", (int)name.length, name.data, line, column);
  } else if (!mlirLocationIsNull(location)) {
    mlirLocationPrint(location, print_to_stderr, NULL);
    fputs(": ", stderr);
  }
  fprintf(stderr, "%s: ", (unsigned)severity < 4 ? kSeverities[severity] : "error");
  mlirDiagnosticPrint(diagnostic, print_to_stderr, NULL);
  fputc('\n', stderr);
  for (intptr_t i = 0; i < mlirDiagnosticGetNumNotes(diagnostic); ++i)
    print_diagnostic(mlirDiagnosticGetNote(diagnostic, i));
}

/* Diagnostics as mlir-opt prints them (file:line:col: error: ...), which editors and
 * build tools parse, rather than MLIR's default for contexts without a source manager
 * (loc("file":line:col): error: ...). */
static MlirLogicalResult handle_diagnostic(MlirDiagnostic diagnostic, void *user_data) {
  (void)user_data;
  print_diagnostic(diagnostic);
  return mlirLogicalResultSuccess();
}

static MlirContext create_context(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirDialectHandleInsertDialect(mlirGetDialectHandle__ckpt__(), registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, /*threadingEnabled=*/false);
  mlirDialectRegistryDestroy(registry);
  mlirRegisterAllLLVMTranslations(ctx);
  mlirContextAttachDiagnosticHandler(ctx, handle_diagnostic, NULL, NULL);
  return ctx;
}

static bool lower(MlirContext ctx, MlirModule module, const options_t *options) {
  char pipeline[8192];
  int length = snprintf(pipeline, sizeof pipeline, "builtin.module(ckpt-lower-to-llvm{target=%s",
                        options->target);
  if (options->chips)
    length += snprintf(pipeline + length, sizeof pipeline - (size_t)length, " chips=%s",
                       options->chips);
  if (options->rocm_path)
    length += snprintf(pipeline + length, sizeof pipeline - (size_t)length, " rocm-path=\"%s\"",
                       options->rocm_path);
  if (length < 0 || (size_t)length + 3 > sizeof pipeline) {
    fputs("ckpt-run: the pipeline's options are too long\n", stderr);
    return false;
  }
  snprintf(pipeline + length, sizeof pipeline - (size_t)length, "})");
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult parsed =
      mlirParsePassPipeline(mlirPassManagerGetAsOpPassManager(pm),
                            mlirStringRefCreateFromCString(pipeline), print_to_stderr, NULL);
  bool ok = mlirLogicalResultIsSuccess(parsed) &&
            mlirLogicalResultIsSuccess(
                mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module)));
  if (mlirLogicalResultIsFailure(parsed))
    fputs("\n", stderr);
  mlirPassManagerDestroy(pm);
  return ok;
}

int main(int argc, char **argv) {
  options_t options = {.target = "cpu", .entry = "main", .opt_level = 2};
  if (!parse_args(argc, argv, &options))
    return 2;
  size_t size = 0;
  char *source = read_file(options.input, &size);
  if (!source)
    return 1;

  mlirRegisterAllPasses();
  mlirCkptRegisterPassesAndPipelines();
  MlirContext ctx = create_context();
  int status = 1;
  /* Parsed from the file itself where there is one, so diagnostics name it. */
  MlirModule module =
      strcmp(options.input, "-") == 0
          ? mlirModuleCreateParse(ctx, mlirStringRefCreate(source, size))
          : mlirModuleCreateParseFromFile(ctx, mlirStringRefCreateFromCString(options.input));
  if (mlirModuleIsNull(module)) {
    fprintf(stderr, "ckpt-run: could not parse '%s'\n", options.input);
    goto done_context;
  }
  if (!lower(ctx, module, &options)) {
    fprintf(stderr, "ckpt-run: lowering '%s' for target %s failed\n", options.input,
            options.target);
    goto done_module;
  }
  if (options.print_ir) {
    mlirOperationPrint(mlirModuleGetOperation(module), print_to_stdout, NULL);
    fputs("\n", stdout);
  }
  if (options.images_dir &&
      !ckpt_run_write_device_images(module, options.target, options.images_dir))
    goto done_module;
  if (options.compile_only) {
    /* What the JIT does first: a module that lowered but does not translate (an op a
     * conversion left behind) fails here too, not only when it runs. */
    /* (mlirTranslateModuleToLLVMIRToString dereferences a failed translation.) */
    LLVMContextRef llvm = LLVMContextCreate();
    LLVMModuleRef ir = mlirTranslateModuleToLLVMIR(mlirModuleGetOperation(module), llvm);
    if (ir)
      LLVMDisposeModule(ir);
    LLVMContextDispose(llvm);
    if (!ir) {
      fprintf(stderr,
              "ckpt-run: '%s' lowered for target %s, but what it lowered to does not "
              "translate to LLVM IR (the errors above say why)\n",
              options.input, options.target);
      goto done_module;
    }
    status = 0;
    goto done_module;
  }

  const char *runtime = runtime_library();
  if (access(runtime, R_OK) != 0) {
    fprintf(stderr, "ckpt-run: cannot read the ckpt runtime '%s'; build it, or point "
                    "CKPT_RUNTIME_LIB at libckpt_runtime.so\n", runtime);
    goto done_module;
  }
  MlirStringRef libs[MAX_LIBS + 3];
  int lib_count = 0;
  libs[lib_count++] = mlirStringRefCreateFromCString(runtime);
  libs[lib_count++] = mlirStringRefCreateFromCString(CKPT_C_RUNNER_UTILS_PATH);
  libs[lib_count++] = mlirStringRefCreateFromCString(CKPT_RUNNER_UTILS_PATH);
  for (int i = 0; i < options.lib_count; ++i)
    libs[lib_count++] = mlirStringRefCreateFromCString(options.libs[i]);
  MlirExecutionEngine jit =
      mlirExecutionEngineCreate(module, options.opt_level, lib_count, libs, false, false);
  if (mlirExecutionEngineIsNull(jit)) {
    fprintf(stderr, "ckpt-run: could not JIT-compile '%s' (the errors above say why)\n",
            options.input);
    goto done_module;
  }
  mlirExecutionEngineInitialize(jit);
  void *entry = mlirExecutionEngineLookup(jit, mlirStringRefCreateFromCString(options.entry));
  if (!entry) {
    MlirSymbolTable symbols = mlirSymbolTableCreate(mlirModuleGetOperation(module));
    bool defined = !mlirOperationIsNull(
        mlirSymbolTableLookup(symbols, mlirStringRefCreateFromCString(options.entry)));
    mlirSymbolTableDestroy(symbols);
    if (defined)
      fprintf(stderr, "ckpt-run: '%s' could not be linked: a function it calls is defined "
                      "nowhere (the JIT's message above names it); pass the library that "
                      "defines it with --shared-libs\n", options.entry);
    else
      fprintf(stderr, "ckpt-run: no function '%s' in '%s'\n", options.entry, options.input);
  } else {
    /* The runtime loaded into this process reads it when the module's context is made,
     * at its first launch, and writes the file after each kernel creation and launch. */
    if (options.dump_graph) setenv("CKPT_DUMP_GRAPH", options.dump_graph, 1);
    ((void (*)(void))entry)();
    fflush(stdout);
    status = 0;
    if (options.dump_graph && access(options.dump_graph, F_OK) != 0) {
      fprintf(stderr, "ckpt-run: --dump-graph: '%s' was not written: '%s' created no kernel\n",
              options.dump_graph, options.entry);
      status = 1;
    }
  }
  mlirExecutionEngineDestroy(jit);
done_module:
  mlirModuleDestroy(module);
done_context:
  mlirContextDestroy(ctx);
  free(source);
  return status;
}
