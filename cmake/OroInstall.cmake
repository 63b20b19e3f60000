# `cmake --install <build> --prefix <dir>` lays out oro as a CMake package:
#
#   <dir>/include/oro/...          headers, .td files and the generated .inc
#   <dir>/lib/libOro*.a            the libraries
#   <dir>/lib/cmake/oro/           OroConfig.cmake, OroConfigVersion.cmake,
#                                  OroTargets*.cmake (imported Oro::* targets)
#   <dir>/bin/oro-opt, oro-plot    the driver and the plotting script
#   <dir>/share/oro/arches/*.yaml  the bundled architecture specs
#
# so that another MLIR project does `find_package(Oro REQUIRED CONFIG)` and
# links Oro::OroTransforms etc.; examples/consumer is one, and
# tools/check-install.sh builds and runs it against an installed tree.
#
# The libraries need no install() of their own here: add_mlir_library
# (add_mlir_library_install) already installs every one of them into lib/ and
# adds it to the export set "MLIRTargets" (LLVM's naming; in this project that
# set holds oro's libraries only, and any library added later with
# add_mlir_library joins it by itself). Below, that set is written out as
# OroTargets.cmake under the Oro:: namespace.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# lib/, not CMAKE_INSTALL_LIBDIR: add_mlir_library installs into
# lib${LLVM_LIBDIR_SUFFIX}, and MLIR keeps its package beside its libraries.
set(ORO_INSTALL_PACKAGE_DIR "lib${LLVM_LIBDIR_SUFFIX}/cmake/oro")
set(ORO_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/oro")

# The libraries carry no include directories of their own (the build uses
# directory-level include_directories()); give the installed ones theirs.
# INSTALL_INTERFACE only: the build itself is unchanged.
get_property(_oro_libs GLOBAL PROPERTY MLIR_EXPORTS)
foreach(_lib IN LISTS _oro_libs)
  set_property(TARGET ${_lib} APPEND PROPERTY INTERFACE_INCLUDE_DIRECTORIES
    "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
endforeach()

# Headers: the sources' .h and .td, and the build tree's generated .inc.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/oro
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT oro-headers
  FILES_MATCHING
  PATTERN "*.h"
  PATTERN "*.td")
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/oro
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT oro-headers
  FILES_MATCHING
  PATTERN "*.inc"
  PATTERN "CMakeFiles" EXCLUDE)

# Tools. oro-run is left out: it runs <source>/build/bin/oro-opt.
if(TARGET oro-opt)
  install(TARGETS oro-opt
    EXPORT MLIRTargets
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    COMPONENT oro-opt)
endif()
install(PROGRAMS ${PROJECT_SOURCE_DIR}/tools/oro-plot/oro-plot.py
  DESTINATION ${CMAKE_INSTALL_BINDIR}
  RENAME oro-plot
  COMPONENT oro-plot)
# The Python package oro-plot calls (it looks in <prefix>/share/oro/python),
# with the report schema its loader validates against.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/oro
  DESTINATION ${CMAKE_INSTALL_DATADIR}/oro/python
  COMPONENT oro-plot
  FILES_MATCHING PATTERN "*.py"
  PATTERN "__pycache__" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/docs/report.schema.json
  DESTINATION ${CMAKE_INSTALL_DATADIR}/oro/python/oro
  COMPONENT oro-plot)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/arches/
  DESTINATION ${ORO_INSTALL_DATADIR}/arches
  COMPONENT oro-data
  FILES_MATCHING PATTERN "*.yaml")

# The package.
install(EXPORT MLIRTargets
  NAMESPACE Oro::
  FILE OroTargets.cmake
  DESTINATION ${ORO_INSTALL_PACKAGE_DIR}
  COMPONENT oro-cmake)

set(MLIR_VERSION_MAJOR_MINOR "${MLIR_VERSION_MAJOR}.${MLIR_VERSION_MINOR}")
set(MLIR_PACKAGE_VERSION "${MLIR_VERSION}")
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/OroConfig.cmake.in
  ${PROJECT_BINARY_DIR}/lib/cmake/oro/OroConfig.cmake
  INSTALL_DESTINATION ${ORO_INSTALL_PACKAGE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_BINDIR ORO_INSTALL_DATADIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/lib/cmake/oro/OroConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/lib/cmake/oro/OroConfig.cmake
  ${PROJECT_BINARY_DIR}/lib/cmake/oro/OroConfigVersion.cmake
  DESTINATION ${ORO_INSTALL_PACKAGE_DIR}
  COMPONENT oro-cmake)
