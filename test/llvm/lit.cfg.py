# lit configuration for the LLVM pass plugin (llvm-plugin/): .ll files through the stock
# opt with libCkptLLVMPlugin.so loaded, and C programs built with clang-22 and the plugin,
# run against the runtime. Run from the build tree: `lit -sv build/test/llvm`.
#
#   %opt        the stock opt with the plugin loaded
#   %ckpt_cc    clang-22 with the plugin and the runtime's headers (plus the sanitizers
#               in a CKPT_SANITIZE build); compiles only (-c)
#   %ckpt_link  links objects with the runtime, with the project's C compiler, whose
#               sanitizer runtime the instrumented libckpt_runtime.so was built against
#
# Tests that need clang say `REQUIRES: clang`; without clang-22 they are unsupported.

import os
import shutil

import lit.formats

config.name = "ckpt-llvm"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".ll", ".c", ".cpp"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ckpt_test_obj_root, "lit-llvm")

opt = os.path.join(config.llvm_tools_dir, "opt")
config.substitutions.append(
    ("%opt", "{} -load-pass-plugin={}".format(opt, config.ckpt_llvm_plugin))
)
config.substitutions.append(("%plugin", config.ckpt_llvm_plugin))
config.substitutions.append(("%ckpt_include", config.ckpt_runtime_include))

sanitize = "-fsanitize=address,undefined -fno-sanitize-recover=undefined" if config.ckpt_sanitize else ""
clang = shutil.which("clang-22") or (
    os.path.join(config.llvm_tools_dir, "clang") if os.path.exists(os.path.join(config.llvm_tools_dir, "clang")) else None
)
if clang:
    config.available_features.add("clang")
    # Before %clang, which is its prefix.
    clangxx = shutil.which("clang++-22") or clang + "++"
    config.substitutions.append(("%clangxx", clangxx))
    config.substitutions.append(("%clang", clang))
    config.substitutions.append(
        (
            "%ckpt_cc",
            "{} -c -g -Wall -Werror -I{} -fpass-plugin={} {}".format(
                clang, config.ckpt_runtime_include, config.ckpt_llvm_plugin, sanitize
            ),
        )
    )
    config.substitutions.append(
        (
            "%ckpt_link",
            "{} {} -Wl,-rpath,{} -Wl,--no-as-needed {}".format(
                config.ckpt_c_compiler,
                sanitize,
                os.path.dirname(config.ckpt_runtime_lib),
                config.ckpt_runtime_lib,
            ),
        )
    )

# The sanitizers' settings from scripts/test.sh reach the programs.
for name in ["ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"]:
    if name in os.environ:
        config.environment[name] = os.environ[name]

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))]
)
