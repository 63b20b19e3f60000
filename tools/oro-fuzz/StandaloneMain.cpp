//===- StandaloneMain.cpp - Run fuzz inputs without libFuzzer -------------===//
//
// The `main` of the oro-fuzz-* targets when they are built without
// libFuzzer (ORO_ENABLE_FUZZERS off: gcc, the sanitizer build), in the
// spirit of LLVM's StandaloneFuzzTargetMain.c: every file named on the
// command line, and every file directly inside a directory named on it
// (sorted, dot files skipped), is passed once to LLVMFuzzerTestOneInput.
// Arguments starting with '-' (libFuzzer flags) are ignored. It prints
// libFuzzer's "Executed FILE in N ms" line per input on stderr, then
// "oro-fuzz: ran N inputs"; it fails when an argument cannot be read or no
// input was run (so a lit test over an empty or misspelt glob fails). A
// finding aborts inside LLVMFuzzerTestOneInput, as under libFuzzer.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc,
                                                          char ***argv);

namespace {

bool runFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "oro-fuzz: cannot read '%s'\n", path.c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  // A copy in its own heap block, so that ASan sees reads past the end.
  std::vector<uint8_t> data(bytes.begin(), bytes.end());
  std::fprintf(stderr, "Running: %s\n", path.c_str());
  auto start = std::chrono::steady_clock::now();
  LLVMFuzzerTestOneInput(data.data(), data.size());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - start)
                .count();
  std::fprintf(stderr, "Executed %s in %lld ms\n", path.c_str(),
               static_cast<long long>(ms));
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize(&argc, &argv);
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!arg.empty() && arg[0] == '-')
      continue;
    std::error_code ec;
    if (!fs::is_directory(arg, ec)) {
      files.push_back(arg);
      continue;
    }
    std::vector<std::string> inDir;
    for (fs::directory_iterator it(arg, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] != '.' && it->is_regular_file(ec))
        inDir.push_back(it->path().string());
    }
    if (ec) {
      std::fprintf(stderr, "oro-fuzz: cannot list '%s': %s\n", arg.c_str(),
                   ec.message().c_str());
      ok = false;
    }
    std::sort(inDir.begin(), inDir.end());
    files.insert(files.end(), inDir.begin(), inDir.end());
  }
  size_t ran = 0;
  for (const std::string &f : files)
    if (runFile(f))
      ++ran;
    else
      ok = false;
  std::fprintf(stderr, "oro-fuzz: ran %zu inputs\n", ran);
  if (ran == 0) {
    std::fprintf(stderr, "oro-fuzz: no input given\n");
    return 1;
  }
  return ok ? 0 : 1;
}
