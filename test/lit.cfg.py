# lit configuration for the ckpt compiler tests (test/dialect, test/passes, test/capi).
#
# Run from the build tree, where lit.site.cfg.py says where things were built:
#   lit -sv --param opt_tool=ckpt-opt        build/test
#   lit -sv --param opt_tool=mlir-opt-plugin build/test
# `%ckpt_opt` is ckpt-opt, or the stock mlir-opt with CkptPlugin.so loaded; tests that
# need ckpt-opt itself (passes as flags) say `REQUIRES: ckpt-opt`.
#
# test/runtime (C unit tests, run by ctest), test/e2e and test/llvm (its own suite, for
# the LLVM pass plugin) are not part of this suite.
# The end-to-end tests are run by naming their directory (`lit build/test/e2e`): lit
# applies `excludes` only while scanning a parent directory, so they get this config,
# its substitutions (%ckpt_run, %mlir_runner, %runtime_lib, %c_runner_utils) and
# features, and may decide what is unsupported in their own lit.local.cfg.

import os
import shutil
import sys

import lit.formats
import lit.util

config.name = "ckpt"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.excludes = ["runtime", "e2e", "Inputs", "llvm"]

config.test_source_root = os.path.dirname(__file__)

# In a CKPT_SANITIZE build the plugin and the runtime are instrumented but the stock
# mlir-opt and mlir-runner are not: they need the sanitizer runtimes preloaded (only
# them, not lit's Python, whose own allocations LeakSanitizer would report).
preload = ""
if getattr(config, "ckpt_sanitizer_preload", ""):
    preload = "env LD_PRELOAD='{}' ".format(config.ckpt_sanitizer_preload)

opt_tool = lit_config.params.get("opt_tool", "ckpt-opt")
if opt_tool == "ckpt-opt":
    ckpt_opt = config.ckpt_opt
elif opt_tool == "mlir-opt-plugin":
    ckpt_opt = "{}{} --load-dialect-plugin={} --load-pass-plugin={}".format(
        preload, os.path.join(config.llvm_tools_dir, "mlir-opt"), config.ckpt_plugin, config.ckpt_plugin
    )
else:
    lit_config.fatal("opt_tool must be ckpt-opt or mlir-opt-plugin, not '%s'" % opt_tool)
config.available_features.add(opt_tool)

# One output tree per tool, so both runs can go at once (ctest -j) without sharing %t.
config.test_exec_root = os.path.join(config.ckpt_test_obj_root, "lit-" + opt_tool)

config.substitutions.append(("%ckpt_opt", ckpt_opt))
config.substitutions.append(("%ckpt_run", config.ckpt_run))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%ckpt_capi_test", config.ckpt_capi_test))
config.substitutions.append(("%mlir_runner", preload + os.path.join(config.llvm_tools_dir, "mlir-runner")))
config.substitutions.append(("%runtime_lib", config.ckpt_runtime_lib))
config.substitutions.append(
    ("%c_runner_utils", os.path.join(config.mlir_lib_dir, "libmlir_c_runner_utils.so"))
)

# Features a test (or a directory's lit.local.cfg) can ask for.
for name, path in [
    ("ckpt-run", config.ckpt_run),
    ("ckpt-runtime", config.ckpt_runtime_lib),
    ("mlir-runner", os.path.join(config.llvm_tools_dir, "mlir-runner")),
]:
    if os.path.exists(path):
        config.available_features.add(name)
# Graphviz renders the graphs ckpt-run --dump-graph writes.
if shutil.which("dot"):
    config.available_features.add("graphviz")

# FileCheck, not and friends come from the LLVM the project was built against.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))]
)
