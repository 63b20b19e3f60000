# -*- Python -*-
# Runs every GoogleTest binary (named *Tests) in build/unittests through lit.
import lit.formats

config.name = "ORO-Unit"
config.suffixes = []
config.test_exec_root = config.oro_unittests_dir
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
