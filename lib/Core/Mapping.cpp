//===- Mapping.cpp - Mapping verification and printing --------------------===//

#include "oro/Core/Mapping.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace oro::core;

static llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Error oro::core::verifyMapping(const Einsum &einsum,
                                     const Mapping &mapping, bool allowOnChip,
                                     bool allowRetile) {
  unsigned numRanks = einsum.ranks.size();
  llvm::SmallBitVector seen(numRanks), again(numRanks);
  llvm::SmallVector<int64_t, 8> firstTile(numRanks, 0);
  for (auto [i, loop] : llvm::enumerate(mapping.loops)) {
    if (loop.rank >= numRanks)
      return makeError(llvm::formatv("loop {0} iterates rank index {1} but "
                                     "the einsum has {2} ranks",
                                     i, loop.rank, numRanks));
    const Rank &rank = einsum.ranks[loop.rank];
    if (seen.test(loop.rank)) {
      if (!allowRetile || again.test(loop.rank))
        return makeError(llvm::formatv("rank '{0}' has more than {1} loop{2}",
                                       rank.name, allowRetile ? "two" : "one",
                                       allowRetile ? "s" : ""));
      if (loop.tile >= firstTile[loop.rank])
        return makeError(llvm::formatv(
            "rank '{0}' is tiled again with tile {1}, not smaller than its "
            "outer tile {2}",
            rank.name, loop.tile, firstTile[loop.rank]));
      again.set(loop.rank);
    }
    seen.set(loop.rank);
    if (!firstTile[loop.rank])
      firstTile[loop.rank] = loop.tile;
    if (loop.tile < 1 || loop.tile > rank.extent)
      return makeError(llvm::formatv("tile {0} for rank '{1}' must be in "
                                     "[1, {2}]",
                                     loop.tile, rank.name, rank.extent));
  }
  unsigned numAccesses = einsum.inputs.size() + 1;
  if (mapping.positions.size() != numAccesses)
    return makeError(llvm::formatv("mapping has {0} positions but the einsum "
                                   "has {1} accesses",
                                   mapping.positions.size(), numAccesses));
  for (auto [a, pos] : llvm::enumerate(mapping.positions))
    if (pos != Mapping::kBypass && pos > mapping.loops.size() &&
        !(allowOnChip && pos == Mapping::kOnChip))
      return makeError(llvm::formatv("position {0} of access {1} exceeds the "
                                     "{2} loops of the mapping",
                                     pos, a, mapping.loops.size()));
  return llvm::Error::success();
}

std::string oro::core::formatMapping(const Einsum &einsum,
                                     llvm::ArrayRef<Tensor> tensors,
                                     const Mapping &mapping) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << '[';
  for (auto [i, loop] : llvm::enumerate(mapping.loops)) {
    if (i)
      os << ' ';
    if (loop.rank < einsum.ranks.size())
      os << einsum.ranks[loop.rank].name;
    else
      os << '#' << loop.rank;
    os << ':' << loop.tile;
  }
  os << ']';
  for (auto [a, pos] : llvm::enumerate(mapping.positions)) {
    const Access *access = a < einsum.inputs.size()    ? &einsum.inputs[a]
                           : a == einsum.inputs.size() ? &einsum.output
                                                       : nullptr;
    os << ' ';
    if (access && access->tensor < tensors.size())
      os << tensors[access->tensor].name;
    else
      os << '#' << a;
    os << '@';
    if (pos == Mapping::kBypass)
      os << '-';
    else if (pos == Mapping::kOnChip)
      os << "chip";
    else
      os << pos;
  }
  return s;
}
