//===- Report.cpp - JSON and CSV reports of bounds ------------------------===//

#include "oro/Transforms/Report.h"
#include "oro/Core/FusionSearch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

using namespace oro;
using core::Count;

/// Emits a count as an exact JSON integer (or "saturated").
static void emitCount(llvm::json::OStream &j, Count c) {
  if (core::isSaturated(c)) {
    j.value("saturated");
    return;
  }
  j.rawValue([&](llvm::raw_ostream &os) { os << core::toString(c); });
}

/// Emits `"key": count` (emitCount).
static void emitCountAttribute(llvm::json::OStream &j, llvm::StringRef key,
                               Count c) {
  j.attributeBegin(key);
  emitCount(j, c);
  j.attributeEnd();
}

/// MACs per byte moved to/from the parent (0 when nothing moves).
static double operationalIntensity(Count macs, Count accessBits) {
  if (accessBits == 0)
    return 0;
  return static_cast<double>(macs) / (static_cast<double>(accessBits) / 8.0);
}

std::string oro::formatDimExpr(const core::Einsum &e, const core::DimExpr &d) {
  std::string s;
  llvm::raw_string_ostream os(s);
  bool first = true;
  for (const core::AffineTerm &t : d.terms) {
    if (!first)
      os << " + ";
    first = false;
    if (t.coeff != 1)
      os << t.coeff << "*";
    os << e.ranks[t.rank].name;
  }
  if (d.constant != 0 || first) {
    if (!first)
      os << " + ";
    os << d.constant;
  }
  return s;
}

static llvm::StringRef kindName(core::TensorKind kind) {
  switch (kind) {
  case core::TensorKind::Input:
    return "input";
  case core::TensorKind::Output:
    return "output";
  case core::TensorKind::Intermediate:
    return "intermediate";
  }
  return "input";
}

/// The tensor accessed by access `i` of `e` (inputs, then the output).
static const core::Access &accessAt(const core::Einsum &e, size_t i) {
  return i < e.inputs.size() ? e.inputs[i] : e.output;
}

static void emitCapacity(llvm::json::OStream &j,
                         const std::optional<Count> &capacity) {
  if (capacity)
    emitCount(j, *capacity);
  else
    j.value(nullptr);
}

/// The fields every curve has: level, parent, the level's capacity, the
/// compulsory traffic and the index of the point chosen at that capacity.
static void emitCurveHeader(llvm::json::OStream &j, llvm::StringRef level,
                            llvm::StringRef parent,
                            const std::optional<Count> &levelCapacity,
                            Count compulsory,
                            const std::optional<size_t> &chosen) {
  j.attribute("level", level);
  j.attribute("parent", parent);
  j.attributeBegin("level_capacity_bits");
  emitCapacity(j, levelCapacity);
  j.attributeEnd();
  emitCountAttribute(j, "compulsory_bits", compulsory);
  if (chosen)
    j.attribute("chosen_point", static_cast<int64_t>(*chosen));
  else
    j.attribute("chosen_point", nullptr);
}

/// The counts of one curve point: capacity, accesses and the operational
/// intensity they give for `macs`.
static void emitPointCounts(llvm::json::OStream &j, Count capacity,
                            Count accesses, Count macs) {
  emitCountAttribute(j, "capacity_bits", capacity);
  emitCountAttribute(j, "accesses_bits", accesses);
  j.attribute("operational_intensity", operationalIntensity(macs, accesses));
}

static void emitWitness(llvm::json::OStream &j, const core::Workload &w,
                        const core::Einsum &e, const WitnessRecord &m) {
  j.objectBegin();
  j.attributeArray("loops", [&] {
    for (auto [rank, tile] : m.loops)
      j.object([&] {
        j.attribute("rank", e.ranks[rank].name);
        j.attribute("tile", tile);
      });
  });
  j.attributeObject("positions", [&] {
    for (size_t i = 0; i < m.positions.size(); ++i)
      if (m.positions[i] >= 0)
        j.attribute(w.tensors[accessAt(e, i).tensor].name, m.positions[i]);
  });
  j.attributeArray("bypass", [&] {
    for (size_t i = 0; i < m.positions.size(); ++i)
      if (m.positions[i] == WitnessRecord::kBypass)
        j.value(w.tensors[accessAt(e, i).tensor].name);
  });
  if (llvm::is_contained(m.positions, WitnessRecord::kFused))
    j.attributeArray("fused", [&] {
      for (size_t i = 0; i < m.positions.size(); ++i)
        if (m.positions[i] == WitnessRecord::kFused)
          j.value(w.tensors[accessAt(e, i).tensor].name);
    });
  if (!m.accessBits.empty())
    j.attributeObject("accesses_bits", [&] {
      for (size_t i = 0; i < m.accessBits.size(); ++i) {
        emitCountAttribute(j, w.tensors[accessAt(e, i).tensor].name,
                           m.accessBits[i]);
      }
    });
  j.objectEnd();
}

/// One fused group of a fused point's witness.
static void emitGroup(llvm::json::OStream &j, const core::Workload &w,
                      const GroupRecord &g) {
  j.object([&] {
    j.attributeArray("einsums", [&] {
      for (unsigned e : g.einsums)
        j.value(w.einsums[e].name);
    });
    const core::Einsum &first = w.einsums[g.einsums.front()];
    j.attributeArray("shared_loops", [&] {
      for (auto [rank, tile] : g.shared)
        j.object([&] {
          j.attribute("rank", first.ranks[rank].name);
          j.attribute("tile", tile);
        });
    });
    auto tensorNames = [&](llvm::StringRef key,
                           const std::vector<unsigned> &tensors) {
      j.attributeArray(key, [&] {
        for (unsigned t : tensors)
          j.value(w.tensors[t].name);
      });
    };
    tensorNames("on_chip", g.onChip);
    tensorNames("shared_inputs", g.sharedInputs);
    j.attributeObject("mappings", [&] {
      for (unsigned k = 0; k < g.einsums.size(); ++k) {
        unsigned e = g.einsums[k];
        j.attributeBegin(w.einsums[e].name);
        emitWitness(j, w, w.einsums[e], g.mappings[k]);
        j.attributeEnd();
      }
    });
  });
}

/// MACs and compulsory traffic of workload `wi`, summed over its einsums.
static std::pair<Count, Count> workloadTotals(const ReportData &data,
                                              unsigned wi) {
  const core::Workload &w = *data.workloads[wi];
  Count macs = 0, compulsory = 0;
  for (size_t e = 0; e < w.einsums.size(); ++e) {
    macs = core::satAdd(macs, w.einsums[e].macs());
    compulsory = core::satAdd(compulsory, data.compulsoryBits[wi][e]);
  }
  return {macs, compulsory};
}

/// Attainable MACs per cycle when `bits` cross a boundary of bandwidth
/// `bandwidth` bits per cycle, capped by `peak`.
static std::optional<double> rooflineRate(Count macs, std::optional<Count> bits,
                                          std::optional<double> bandwidth,
                                          double peak) {
  if (!bits || !bandwidth || core::isSaturated(*bits))
    return std::nullopt;
  if (*bits == 0)
    return peak;
  return std::min(peak, *bandwidth * static_cast<double>(macs) /
                            static_cast<double>(*bits));
}

static void emitOptionalDouble(llvm::json::OStream &j, llvm::StringRef key,
                               std::optional<double> v) {
  j.attributeBegin(key);
  if (v)
    j.value(*v);
  else
    j.value(nullptr);
  j.attributeEnd();
}

static void emitOptionalCount(llvm::json::OStream &j, llvm::StringRef key,
                              std::optional<Count> v) {
  j.attributeBegin(key);
  emitCapacity(j, v);
  j.attributeEnd();
}

static void emitHierarchy(llvm::json::OStream &j, const ReportData &data,
                          llvm::ArrayRef<HierarchyRecord> records) {
  const core::Arch &arch = *data.arch;
  double peak = static_cast<double>(arch.totalMacsPerCycle());
  for (const HierarchyRecord &h : records) {
    const core::Workload &w = *data.workloads[h.workload];
    j.object([&] {
      j.attribute("scope", h.scope);
      j.attribute("workload", w.name);
      if (h.scope == "einsum")
        j.attribute("einsum", w.einsums[h.einsum].name);
      else
        j.attribute("fusion", h.fusion);
      j.attribute("bound_mapspace", h.boundMapspace);
      j.attribute("objective", h.objective);
      j.attribute("attained_from", h.attainedFrom);
      emitOptionalDouble(j, "energy_pj", h.energyPJ);
      emitCountAttribute(j, "macs", h.macs);
      j.attribute("peak_macs_per_cycle", peak);
      emitOptionalDouble(j, "clock_ghz", arch.compute.clockGHz);
      if (!h.note.empty())
        j.attribute("note", h.note);
      // The slowest boundary (or the compute peak) limits the rate.
      std::optional<double> boundRate, attainedRate;
      std::string boundLimiter = "compute", attainedLimiter = "compute";
      bool boundKnown = true, attainedKnown = true;
      j.attributeArray("levels", [&] {
        for (const HierarchyLevelRecord &l : h.levels) {
          double macs = static_cast<double>(h.macs);
          auto oi = [&](std::optional<Count> bits) -> std::optional<double> {
            if (!bits || *bits == 0 || core::isSaturated(*bits))
              return std::nullopt;
            return macs / (static_cast<double>(*bits) / 8.0);
          };
          std::optional<double> gap;
          if (l.boundBits && l.attainedBits && *l.boundBits != 0 &&
              !core::isSaturated(*l.boundBits) &&
              !core::isSaturated(*l.attainedBits))
            gap = static_cast<double>(*l.attainedBits) /
                  static_cast<double>(*l.boundBits);
          std::optional<double> br =
              rooflineRate(h.macs, l.boundBits, l.bandwidthBitsPerCycle, peak);
          std::optional<double> ar = rooflineRate(
              h.macs, l.attainedBits, l.bandwidthBitsPerCycle, peak);
          std::string name = l.parent + " -> " + l.level;
          if (br && (!boundRate || *br < *boundRate) && *br < peak) {
            boundRate = br;
            boundLimiter = name;
          }
          if (ar && (!attainedRate || *ar < *attainedRate) && *ar < peak) {
            attainedRate = ar;
            attainedLimiter = name;
          }
          boundKnown &= l.boundBits.has_value();
          attainedKnown &= l.attainedBits.has_value();
          j.object([&] {
            j.attribute("level", l.level);
            j.attribute("parent", l.parent);
            emitCountAttribute(j, "instances", l.instances);
            emitOptionalCount(j, "capacity_bits", l.capacityBits);
            emitOptionalCount(j, "bound_capacity_bits", l.boundCapacityBits);
            emitOptionalCount(j, "bound_bits", l.boundBits);
            emitOptionalCount(j, "attained_bits", l.attainedBits);
            emitOptionalDouble(j, "gap", gap);
            // Per instance: the instances share the traffic, so the busiest
            // one moves at least the bound's share; the chosen mapping's
            // mean share (its instances may differ by a partial chunk).
            auto share = [&](std::optional<Count> bits, bool roundUp) {
              std::optional<Count> out;
              if (bits && !core::isSaturated(*bits) && l.instances > 0)
                out = roundUp ? *bits / l.instances +
                                    (*bits % l.instances != 0)
                              : *bits / l.instances;
              return out;
            };
            emitOptionalCount(j, "bound_bits_per_instance",
                              share(l.boundBits, true));
            emitOptionalCount(j, "attained_bits_mean_per_instance",
                              share(l.attainedBits, false));
            emitOptionalCount(j, "occupancy_bits", l.occupancyBits);
            emitOptionalDouble(j, "oi_bound", oi(l.boundBits));
            emitOptionalDouble(j, "oi_attained", oi(l.attainedBits));
            emitOptionalDouble(j, "bandwidth_bits_per_cycle",
                               l.bandwidthBitsPerCycle);
            emitOptionalDouble(j, "bound_macs_per_cycle", br);
            emitOptionalDouble(j, "attained_macs_per_cycle", ar);
          });
        }
      });
      j.attributeObject("roofline", [&] {
        // A boundary with an unknown count leaves the rate unknown.
        emitOptionalDouble(j, "bound_macs_per_cycle",
                           boundKnown ? std::optional<double>(
                                            boundRate.value_or(peak))
                                      : std::nullopt);
        emitOptionalDouble(j, "attained_macs_per_cycle",
                           attainedKnown ? std::optional<double>(
                                               attainedRate.value_or(peak))
                                         : std::nullopt);
        j.attribute("bound_limiter", boundLimiter);
        j.attribute("attained_limiter", attainedLimiter);
      });
    });
  }
}

void oro::writeReportJSON(llvm::raw_ostream &os, const ReportData &data) {
  llvm::json::OStream j(os, /*IndentSize=*/1);
  j.objectBegin();
  j.attribute("format", "oro-report");
  j.attribute("version", 1);

  if (data.arch) {
    const core::Arch &arch = *data.arch;
    j.attributeObject("arch", [&] {
      j.attribute("name", arch.name);
      j.attribute("path", data.archPath);
      j.attributeArray("levels", [&] {
        for (const core::Level &level : arch.levels)
          j.object([&] {
            j.attribute("name", level.name);
            j.attributeBegin("capacity_bits");
            emitCapacity(j, level.capacityBits);
            j.attributeEnd();
            j.attribute("fanout", level.fanout);
          });
      });
    });
  }

  if (!data.dynamicDims.empty())
    j.attributeArray("dynamic_dims", [&] {
      for (const DynamicDimRecord &d : data.dynamicDims)
        j.object([&] {
          j.attribute("workload", d.workload);
          j.attribute("dim", d.dim);
          j.attribute("size", d.size);
        });
    });

  j.attributeArray("einsums", [&] {
    for (size_t wi = 0; wi < data.workloads.size(); ++wi) {
      const core::Workload &w = *data.workloads[wi];
      for (size_t ei = 0; ei < w.einsums.size(); ++ei) {
        const core::Einsum &e = w.einsums[ei];
        j.object([&] {
          j.attribute("workload", w.name);
          j.attribute("name", e.name);
          if (!e.location.empty())
            j.attribute("location", e.location);
          j.attributeObject("ranks", [&] {
            for (const core::Rank &r : e.ranks)
              j.attribute(r.name, r.extent);
          });
          j.attributeArray("tensors", [&] {
            for (size_t i = 0; i <= e.inputs.size(); ++i) {
              const core::Access &a = accessAt(e, i);
              const core::Tensor &t = w.tensors[a.tensor];
              j.object([&] {
                j.attribute("name", t.name);
                j.attributeArray("projection", [&] {
                  for (const core::DimExpr &d : a.dims)
                    j.value(formatDimExpr(e, d));
                });
                j.attribute("bits", static_cast<int64_t>(t.bits));
                j.attribute("output", i == e.inputs.size());
                j.attribute("kind", kindName(t.kind));
                j.attribute("weight", t.isWeight);
              });
            }
          });
          emitCountAttribute(j, "macs", e.macs());
          emitCountAttribute(j, "compulsory_bits", data.compulsoryBits[wi][ei]);
        });
      }
    }
  });

  j.attributeArray("curves", [&] {
    for (const CurveRecord &c : data.curves) {
      const core::Workload &w = *data.workloads[c.workload];
      const core::Einsum &e = w.einsums[c.einsum];
      Count macs = e.macs();
      j.object([&] {
        j.attribute("scope", "einsum");
        j.attribute("workload", w.name);
        j.attribute("einsum", e.name);
        emitCurveHeader(j, c.level, c.parent, c.levelCapacityBits,
                        data.compulsoryBits[c.workload][c.einsum], c.chosen);
        j.attributeObject("search", [&] {
          j.attribute("candidates_evaluated",
                      static_cast<int64_t>(c.candidatesEvaluated));
          emitCountAttribute(j, "mapspace_size", c.mapspaceSize);
          j.attribute("seconds", c.seconds);
          j.attribute("reused", c.reused);
        });
        j.attributeArray("points", [&] {
          for (const PointRecord &p : c.points)
            j.object([&] {
              emitPointCounts(j, p.capacityBits, p.accessesBits, macs);
              j.attributeBegin("witness");
              emitWitness(j, w, e, p.witness);
              j.attributeEnd();
            });
        });
      });
    }
    for (const WorkloadCurveRecord &c : data.workloadCurves) {
      const core::Workload &w = *data.workloads[c.workload];
      // Plain variables, not a structured binding: lambdas capture them
      // (capturing bindings is C++20; clang warns).
      core::Count macs, compulsory;
      std::tie(macs, compulsory) = workloadTotals(data, c.workload);
      j.object([&] {
        j.attribute("scope", "workload");
        j.attribute("fusion", c.fusion);
        j.attribute("workload", w.name);
        emitCurveHeader(j, c.level, c.parent, c.levelCapacityBits, compulsory,
                        c.chosen);
        bool fused = c.fusion == "fused";
        if (fused) {
          emitCountAttribute(j, "persistent_compulsory_bits",
                             c.persistentCompulsoryBits);
          j.attributeObject("search", [&] {
            emitCountAttribute(j, "candidates_evaluated",
                               c.candidatesEvaluated);
            emitCountAttribute(j, "groups_searched", c.groupsSearched);
            j.attribute("max_group_size", int64_t(c.maxGroupSize));
            j.attribute("lookahead", int64_t(c.lookahead));
            j.attribute("share_inputs", c.shareInputs);
            j.attribute("retile", c.retile);
            j.attribute("max_group_candidates",
                        int64_t(std::min<uint64_t>(c.maxGroupCandidates,
                                                   INT64_MAX)));
            emitCountAttribute(j, "largest_group_candidates",
                               c.largestGroupCandidates);
            emitCountAttribute(j, "groups_truncated", c.groupsTruncated);
            j.attribute("budget_exhausted", c.budgetExhausted);
            j.attributeArray("truncated_groups", [&] {
              // An interval as [first, last], another set in full.
              for (const std::vector<unsigned> &g : c.truncatedGroups)
                j.array([&] {
                  if (g.back() - g.front() + 1 == g.size()) {
                    j.value(w.einsums[g.front()].name);
                    j.value(w.einsums[g.back()].name);
                  } else {
                    for (unsigned e : g)
                      j.value(w.einsums[e].name);
                  }
                });
            });
            j.attribute("exact", c.isExact(w.einsums.size()));
            if (!c.lowerBound.empty())
              j.attributeArray("lower_bound", [&] {
                for (auto [cap, acc] : c.lowerBound)
                  j.array([&] {
                    emitCount(j, cap);
                    emitCount(j, acc);
                  });
              });
            j.attribute("seconds", c.seconds);
          });
          j.attributeArray("groups", [&] {
            for (const GroupRecord &g : c.groups)
              emitGroup(j, w, g);
          });
        }
        j.attributeArray("points", [&] {
          for (const WorkloadCurveRecord::Point &p : c.points)
            j.object([&] {
              emitPointCounts(j, p.capacityBits, p.accessesBits, macs);
              j.attributeObject("witness", [&] {
                if (fused) {
                  j.attributeArray("groups", [&] {
                    for (unsigned g : p.groupIds)
                      j.value(static_cast<int64_t>(g));
                  });
                  return;
                }
                j.attributeObject("einsum_points", [&] {
                  for (size_t e = 0; e < p.einsumPoints.size(); ++e)
                    j.attribute(w.einsums[e].name,
                                static_cast<int64_t>(p.einsumPoints[e]));
                });
              });
            });
        });
      });
    }
  });
  if (!data.hierarchy.empty())
    j.attributeArray("hierarchy",
                     [&] { emitHierarchy(j, data, data.hierarchy); });
  j.objectEnd();
  os << "\n";
}

void oro::writeReportCSV(llvm::raw_ostream &os, const ReportData &data) {
  os << "scope,fusion,workload,einsum,level,parent,capacity_bits,"
        "accesses_bits,operational_intensity,macs,compulsory_bits\n";
  for (const CurveRecord &c : data.curves) {
    const core::Workload &w = *data.workloads[c.workload];
    const core::Einsum &e = w.einsums[c.einsum];
    for (const PointRecord &p : c.points)
      os << "einsum,," << w.name << "," << e.name << "," << c.level << ","
         << c.parent
         << "," << core::toString(p.capacityBits) << ","
         << core::toString(p.accessesBits) << ","
         << llvm::format("%.6g", operationalIntensity(e.macs(),
                                                      p.accessesBits))
         << "," << core::toString(e.macs()) << ","
         << core::toString(data.compulsoryBits[c.workload][c.einsum]) << "\n";
  }
  for (const WorkloadCurveRecord &c : data.workloadCurves) {
    const core::Workload &w = *data.workloads[c.workload];
    auto [macs, compulsory] = workloadTotals(data, c.workload);
    for (const WorkloadCurveRecord::Point &p : c.points)
      os << "workload," << c.fusion << "," << w.name << ",," << c.level << ","
         << c.parent << "," << core::toString(p.capacityBits) << ","
         << core::toString(p.accessesBits) << ","
         << llvm::format("%.6g", operationalIntensity(macs, p.accessesBits))
         << "," << core::toString(macs) << "," << core::toString(compulsory)
         << "\n";
  }
}
