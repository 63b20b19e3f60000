# -*- Python -*-
import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "ORO"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.oro_obj_root, "test")
config.excludes = ["Inputs", "lib", "unittests", "CMakeLists.txt", "README.md"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%oro_src_root", config.oro_src_root))
config.substitutions.append(("%inputs", os.path.join(config.oro_src_root, "test", "Inputs")))
config.substitutions.append(("%arches", os.path.join(config.oro_src_root, "examples", "arches")))
config.substitutions.append(("%examples", os.path.join(config.oro_src_root, "examples")))
config.substitutions.append(("%python", config.python_executable or sys.executable))
# The directory of this build's oro-opt, for tools that take its path
# (the Python package's ORO_OPT).
config.substitutions.append(("%oro_tools_dir", config.oro_tools_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.oro_tools_dir, config.llvm_tools_dir]
tools = ["oro-opt", "oro-check", "oro-fuzz-arch", "oro-fuzz-ir", "oro-fuzz-einsum",
         ToolSubst("mlir-opt", unresolved="ignore"),
         ToolSubst("mlir-runner", unresolved="ignore")]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Upstream MLIR tools (Debian: mlir-22-tools) and the runtime libraries of
# mlir-runner (libmlir-22-dev): tests that apply or execute what oro emits
# require them.
llvm_lib_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
runner_libs = [os.path.join(llvm_lib_dir, lib) for lib in
               ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so")]
config.substitutions.append(("%mlir_runner_libs", ",".join(runner_libs)))
# The tests that run what --oro-emit-transform and --oro-apply-mapping
# produce: tensors to LLVM through upstream passes only (scf.forall from
# spatial loops becomes scf.for), then mlir-runner on @main with the runtime
# libraries that provide printMemrefF32.
config.substitutions.append((
    "%lower_to_llvm",
    "--one-shot-bufferize=bufferize-function-boundaries "
    "--convert-linalg-to-loops --scf-forall-to-for --convert-scf-to-cf "
    "--expand-strided-metadata --lower-affine --finalize-memref-to-llvm "
    "--convert-math-to-llvm --convert-arith-to-llvm --convert-func-to-llvm "
    "--convert-cf-to-llvm --reconcile-unrealized-casts"))
config.substitutions.append((
    "%run_main",
    "-e main -entry-point-result=void -shared-libs=" + ",".join(runner_libs)))
if os.path.exists(os.path.join(config.llvm_tools_dir, "mlir-opt")):
    config.available_features.add("mlir-opt")
    if (os.path.exists(os.path.join(config.llvm_tools_dir, "mlir-runner"))
            and all(os.path.exists(lib) for lib in runner_libs)):
        config.available_features.add("mlir-runner")
# build/lib/OroPlugin.so (tools/oro-plugin), for upstream mlir-opt's
# --load-dialect-plugin / --load-pass-plugin.
oro_plugin = os.path.join(config.oro_obj_root, "lib", "OroPlugin.so")
config.substitutions.append(("%oro_plugin", oro_plugin))
if os.path.exists(oro_plugin):
    config.available_features.add("oro-plugin")
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.oro_tools_dir, append_path=True)

# Under ORO_ENABLE_SANITIZERS: the sanitizer runtime options for oro-opt and
# the unit tests. Options already in the environment come last, so they win.
# Uninstrumented tools (FileCheck, python) ignore these variables.
for var, opts in (("ASAN_OPTIONS", config.oro_asan_options),
                  ("UBSAN_OPTIONS", config.oro_ubsan_options)):
    if opts:
        user = os.environ.get(var)
        config.environment[var] = opts + (":" + user if user else "")
if config.oro_asan_options:
    config.available_features.add("asan")
if config.oro_ubsan_options:
    config.available_features.add("ubsan")
