#pragma once
// The N4 node's TEID allocator (n4_node.hpp) backed by the data path: TEIDs
// chosen for a session name the worker the session will live on
// (sharded_teid_allocator), picked from the SEID so sessions spread evenly.

#include "meridian/upf/datapath_engine.hpp"
#include "meridian/upf/n4_node.hpp"

namespace meridian::upf {

class datapath_teid_allocator final : public teid_allocator {
 public:
  explicit datapath_teid_allocator(datapath_engine& dp) noexcept : dp_(&dp) {}
  std::optional<teid> allocate(seid session) override {
    return dp_->teids().allocate(worker_for_seid(session, dp_->worker_count()));
  }
  void release(teid t) override { dp_->teids().release(t); }

 private:
  datapath_engine* dp_;
};

}  // namespace meridian::upf
