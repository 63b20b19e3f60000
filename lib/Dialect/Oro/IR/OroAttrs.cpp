//===- OroAttrs.cpp - Attributes of the oro dialect -----------------------===//
//
// The custom syntax and verifiers of `#oro.mapping`, `#oro.fusion` and
// `#oro.bounds`.
//
//===----------------------------------------------------------------------===//

#include "oro/Dialect/Oro/IR/OroAttrs.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "oro/Dialect/Oro/IR/OroDialect.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace oro;

#define GET_ATTRDEF_CLASSES
#include "oro/Dialect/Oro/IR/OroAttrs.cpp.inc"

void OroDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "oro/Dialect/Oro/IR/OroAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// MappingAttr
//===----------------------------------------------------------------------===//

// #oro.mapping<level = "L", loops = [m : 64, k : 32], spatial = 1,
//              positions = [2, fused, bypass]>
// `spatial = N` is optional (default 0).
Attribute MappingAttr::parse(AsmParser &parser, Type) {
  std::string level;
  SmallVector<StringAttr> ranks;
  SmallVector<int64_t> tiles, positions;
  int64_t spatial = 0;
  MLIRContext *ctx = parser.getContext();
  if (parser.parseLess() || parser.parseKeyword("level") ||
      parser.parseEqual() || parser.parseString(&level) ||
      parser.parseComma() || parser.parseKeyword("loops") ||
      parser.parseEqual())
    return {};
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            StringRef rank;
            int64_t tile;
            if (parser.parseKeyword(&rank) || parser.parseColon() ||
                parser.parseInteger(tile))
              return failure();
            ranks.push_back(StringAttr::get(ctx, rank));
            tiles.push_back(tile);
            return success();
          }))
    return {};
  if (parser.parseComma())
    return {};
  if (succeeded(parser.parseOptionalKeyword("spatial"))) {
    if (parser.parseEqual() || parser.parseInteger(spatial) ||
        parser.parseComma())
      return {};
  }
  if (parser.parseKeyword("positions") || parser.parseEqual())
    return {};
  if (parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            if (succeeded(parser.parseOptionalKeyword("bypass"))) {
              positions.push_back(kBypass);
              return success();
            }
            if (succeeded(parser.parseOptionalKeyword("fused"))) {
              positions.push_back(kFused);
              return success();
            }
            int64_t pos;
            if (parser.parseInteger(pos))
              return failure();
            positions.push_back(pos);
            return success();
          }))
    return {};
  if (parser.parseGreater())
    return {};
  return parser.getChecked<MappingAttr>(ctx, StringAttr::get(ctx, level),
                                        ranks, tiles, spatial, positions);
}

void MappingAttr::print(AsmPrinter &printer) const {
  printer << "<level = ";
  printer.printString(getLevel().getValue());
  printer << ", loops = [";
  for (unsigned i = 0, e = getLoopRanks().size(); i < e; ++i) {
    if (i)
      printer << ", ";
    printer << getLoopRanks()[i].getValue() << " : " << getLoopTiles()[i];
  }
  printer << "]";
  // Omitted when zero, so that single-level mappings print as before.
  if (getSpatial() != 0)
    printer << ", spatial = " << getSpatial();
  printer << ", positions = [";
  llvm::interleaveComma(getPositions(), printer, [&](int64_t pos) {
    if (pos == kBypass)
      printer << "bypass";
    else if (pos == kFused)
      printer << "fused";
    else
      printer << pos;
  });
  printer << "]>";
}

LogicalResult
MappingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                    StringAttr level, ArrayRef<StringAttr> loopRanks,
                    ArrayRef<int64_t> loopTiles, int64_t spatial,
                    ArrayRef<int64_t> positions) {
  if (!level || level.getValue().empty())
    return emitError() << "mapping level name must not be empty";
  // The syntax pairs ranks with tiles; C++ builders must do the same.
  assert(loopRanks.size() == loopTiles.size() && "one tile per loop rank");
  // A rank has one loop, or two in a fused group's mapping (a shared rank
  // tiled again below the shared loops; the einsum checks the rest), the
  // second with the smaller tile.
  llvm::DenseMap<StringAttr, std::pair<unsigned, int64_t>> seen;
  for (auto [rank, tile] : llvm::zip(loopRanks, loopTiles)) {
    if (tile < 1)
      return emitError() << "tile size " << tile << " for rank '"
                         << rank.getValue() << "' must be positive";
    auto [it, fresh] = seen.try_emplace(rank, 0u, tile);
    if (++it->second.first > 2)
      return emitError() << "rank '" << rank.getValue()
                         << "' has more than two loops in the mapping";
    if (!fresh && tile >= it->second.second)
      return emitError() << "rank '" << rank.getValue()
                         << "' is tiled again with tile " << tile
                         << ", not smaller than its outer tile "
                         << it->second.second;
  }
  if (spatial < 0 || spatial > static_cast<int64_t>(loopRanks.size()))
    return emitError() << "spatial loop count " << spatial
                       << " is outside 0.." << loopRanks.size()
                       << " (the number of loops)";
  // The message keeps its historical "(or 'bypass')" prefix so that
  // existing diagnostics checks still match.
  for (int64_t pos : positions)
    if (pos != kBypass && pos != kFused &&
        (pos < 0 || pos > static_cast<int64_t>(loopRanks.size())))
      return emitError() << "position " << pos << " is outside 0.."
                         << loopRanks.size() << " (or 'bypass') and is not "
                         << "'fused'";
  // Every instance of a spatially split level holds its own tile.
  for (int64_t pos : positions)
    if (pos >= 0 && pos < spatial)
      return emitError() << "position " << pos << " sits above the "
                         << spatial
                         << " spatial loops: each instance needs its own tile";
  return success();
}

//===----------------------------------------------------------------------===//
// FusionAttr
//===----------------------------------------------------------------------===//

LogicalResult FusionAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 int64_t group, int64_t sharedLoops,
                                 bool sharesInputs) {
  if (group < 0)
    return emitError() << "fusion group " << group << " must not be negative";
  if (sharedLoops < 0)
    return emitError() << "fusion shared_loops " << sharedLoops
                       << " must not be negative";
  return success();
}

//===----------------------------------------------------------------------===//
// BoundsAttr
//===----------------------------------------------------------------------===//

LogicalResult
BoundsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                   StringAttr level, int64_t capacityBits,
                   int64_t accessesBits, int64_t compulsoryBits,
                   int64_t compulsoryCapacityBits, int64_t macs,
                   int64_t points) {
  if (!level || level.getValue().empty())
    return emitError() << "bounds level name must not be empty";
  if (capacityBits < 0 || accessesBits < 0 || compulsoryBits < 0 ||
      compulsoryCapacityBits < 0 || macs < 0)
    return emitError() << "bounds counts must not be negative";
  if (points < 1)
    return emitError() << "bounds must summarize at least one curve point";
  if (accessesBits < compulsoryBits)
    return emitError() << "accesses " << accessesBits
                       << " bits are below the compulsory traffic "
                       << compulsoryBits << " bits";
  return success();
}
