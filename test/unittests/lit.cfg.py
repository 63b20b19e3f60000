# -*- Python -*-
# Runs every GoogleTest binary (named *Tests) in build/unittests through lit.
import os

import lit.formats

config.name = "ORO-Unit"
config.suffixes = []
config.test_exec_root = config.oro_unittests_dir
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")

# Under ORO_ENABLE_SANITIZERS: the sanitizer runtime options for oro-opt and
# the unit tests. Options already in the environment come last, so they win.
# Uninstrumented tools (FileCheck, python) ignore these variables.
for var, opts in (("ASAN_OPTIONS", config.oro_asan_options),
                  ("UBSAN_OPTIONS", config.oro_ubsan_options)):
    if opts:
        user = os.environ.get(var)
        config.environment[var] = opts + (":" + user if user else "")
