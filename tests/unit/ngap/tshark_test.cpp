// tshark, the independent oracle, accepts what we encode: a representative set
// of NGAP messages is written to a pcap as IPv4/SCTP DATA (port 38412, PPID 60)
// and `tshark -V` must report no malformed packet and no expert error.
// Skipped with a message when tshark is not installed.

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

#include <unistd.h>

#include "generated_samples.hpp"
#include "meridian/common/ip_framing.hpp"
#include "meridian/common/pcap_writer.hpp"
#include "support/command_output.hpp"

namespace meridian::ngap::test::samples {
// Defined in generated_samples.cpp: sample values of the container types.
void sample_source_ngran_node_to_target_ngran_node_transparent_container(
    source_ngran_node_to_target_ngran_node_transparent_container& v, bool full, unsigned& k);
void sample_target_ngran_node_to_source_ngran_node_transparent_container(
    target_ngran_node_to_source_ngran_node_transparent_container& v, bool full, unsigned& k);
}  // namespace meridian::ngap::test::samples

namespace meridian::ngap {
namespace {

using meridian::test::command_output;

// Minimal messages: only mandatory IEs, so that no opaque container of another
// protocol (RRC, NAS) holds sample octets that tshark would rightly reject.
const std::set<std::string> representative = {
    "NGSetup/NGSetupRequest",
    "NGSetup/NGSetupResponse",
    "InitialUEMessage/InitialUEMessage",
    "InitialContextSetup/InitialContextSetupRequest",
    "InitialContextSetup/InitialContextSetupResponse",
    "PDUSessionResourceSetup/PDUSessionResourceSetupRequest",
    "PDUSessionResourceSetup/PDUSessionResourceSetupResponse",
    // The Source-to-Target / Target-to-Source transparent containers are plain
    // OCTET STRINGs in the ASN.1, so the generated samples hold placeholder
    // octets; tshark dissects them as NGAP's SourceNGRANNode-ToTargetNGRANNode-
    // / TargetNGRANNode-ToSourceNGRANNode-TransparentContainer (TS 38.413
    // §9.3.1.29, §9.3.1.30). with_valid_transparent_containers() puts real
    // encodings of those types there.
    "HandoverPreparation/HandoverRequired",
    "HandoverPreparation/HandoverCommand",
    "HandoverResourceAllocation/HandoverRequest",
    "PathSwitchRequest/PathSwitchRequest",
    "Paging/Paging",
    "UEContextRelease/UEContextReleaseCommand",
    "UEContextRelease/UEContextReleaseComplete",
};

template <class T, class Encode>
std::vector<std::uint8_t> complete_encoding(const T& value, Encode encode) {
  auto octets = encode(value);
  EXPECT_TRUE(octets.has_value());
  return octets ? *std::move(octets) : std::vector<std::uint8_t>{};
}

// NG-RAN to NG-RAN handover (TS 38.413 §8.4.1, §8.4.2): the source NG-RAN
// node's container travels in Handover Required and Handover Request, the
// target's in Handover Request Acknowledge and Handover Command.
void with_valid_transparent_containers(ngap_pdu& pdu) {
  unsigned k = 0;
  source_ngran_node_to_target_ngran_node_transparent_container source;
  test::samples::sample_source_ngran_node_to_target_ngran_node_transparent_container(source, false, k);
  // The UE history: one NR cell. The sample's choice is an E-UTRAN cell whose
  // LastVisitedEUTRANCellInformation is an S1AP type carried as octets, which
  // the sample fills with a placeholder.
  last_visited_ngran_cell_information nr_cell;
  nr_cell.global_cell_id_ = source.target_cell_id_;
  nr_cell.time_ue_stayed_in_cell_ = 10;
  source.ue_history_information_.assign(1, last_visited_cell_item{});
  source.ue_history_information_.front().last_visited_cell_information_.value_ = nr_cell;
  target_ngran_node_to_source_ngran_node_transparent_container target;
  test::samples::sample_target_ngran_node_to_source_ngran_node_transparent_container(target, false, k);
  const auto source_octets =
      complete_encoding(source, encode_source_ngran_node_to_target_ngran_node_transparent_container);
  const auto target_octets =
      complete_encoding(target, encode_target_ngran_node_to_source_ngran_node_transparent_container);
  if (auto* im = std::get_if<initiating_message>(&pdu.value_)) {
    if (auto* m = std::get_if<handover_required>(&im->value_))
      m->source_to_target_transparent_container_ = source_octets;
    if (auto* m = std::get_if<handover_request>(&im->value_))
      m->source_to_target_transparent_container_ = source_octets;
  } else if (auto* so = std::get_if<successful_outcome>(&pdu.value_)) {
    if (auto* m = std::get_if<handover_command>(&so->value_))
      m->target_to_source_transparent_container_ = target_octets;
    if (auto* m = std::get_if<handover_request_acknowledge>(&so->value_))
      m->target_to_source_transparent_container_ = target_octets;
  }
}

// The generated sample values put placeholder octets in the containers NGAP
// carries for other protocols (NAS-PDU, RRC transparent containers). What is
// under test here is our NGAP encoding, so tshark is told not to dissect those
// foreign protocols: the containers are then shown as octets, and every NGAP
// IE, including the NGAP transfer containers, is still dissected and checked.
TEST(ngap_tshark, representative_messages_decode_without_malformed_packets_or_expert_errors) {
  if (command_output("command -v tshark").empty()) GTEST_SKIP() << "tshark not installed: oracle check skipped";
  const auto file = std::filesystem::temp_directory_path() / ("ngap-tshark-" + std::to_string(::getpid()) + ".pcap");
  auto writer = pcap_writer::create(file);
  ASSERT_TRUE(writer.has_value()) << writer.error();
  std::size_t written = 0;
  std::uint32_t tsn = 1;
  for (auto& s : test::sample_pdus(false)) {
    if (!representative.contains(s.name)) continue;
    with_valid_transparent_containers(s.pdu);
    auto bytes = encode_ngap_pdu(s.pdu);
    ASSERT_TRUE(bytes.has_value()) << s.name;
    const ipv4_endpoint gnb{{127, 0, 0, 1}, 38412};
    const ipv4_endpoint amf{{127, 0, 0, 2}, 38412};
    auto frame = ipv4_sctp_data_frame(gnb, amf, sctp_data_chunk_info{1, tsn++, 0, 0, 60}, *bytes);
    ASSERT_TRUE(frame.has_value());
    ASSERT_TRUE(writer->write(clock::wall_time{}, *frame));
    ++written;
  }
  ASSERT_TRUE(writer->flush());
  EXPECT_EQ(written, representative.size());
  const std::string out =
      command_output("tshark -r '" + file.string() +
                     "' --disable-protocol nas-5gs --disable-protocol nr-rrc --disable-protocol lte-rrc -V 2>&1");
  std::filesystem::remove(file);
  EXPECT_EQ(out.find("Malformed"), std::string::npos) << out;
  EXPECT_EQ(out.find("[Severity level: Error]"), std::string::npos) << out;
  std::size_t ngap = 0;
  for (std::size_t at = out.find("NG Application Protocol"); at != std::string::npos;
       at = out.find("NG Application Protocol", at + 1))
    ++ngap;
  EXPECT_GE(ngap, written);
  // The handover containers were dissected as the NGAP types they hold.
  EXPECT_NE(out.find("SourceNGRANNode-ToTargetNGRANNode-TransparentContainer"), std::string::npos);
  EXPECT_NE(out.find("TargetNGRANNode-ToSourceNGRANNode-TransparentContainer"), std::string::npos);
}

}  // namespace
}  // namespace meridian::ngap
