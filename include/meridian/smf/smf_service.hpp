#pragma once
// The SMF's service towards the AMF (TS 29.502 Nsmf_PDUSession, SM contexts)
// as an awaitable C++ interface. The SMF core (issue 16) implements it; the
// AMF (issue 15) depends on this header only.
//
// Types are in smf_types.hpp (which lists the properties left out).
// Operations left out: RetrieveSmContext, SendMoData, and the H-SMF/I-SMF
// pdu-sessions resource (home-routed roaming).

#include <string>

#include "meridian/sbi_types/common_data.hpp"
#include "meridian/sbi_types/result.hpp"
#include "meridian/smf/smf_types.hpp"

namespace meridian::smf {

/// TS 29.502 §5.2.2 Nsmf_PDUSession (SM context operations).
class nsmf_pdu_session {
 public:
  virtual ~nsmf_pdu_session() = default;

  /// Nsmf_PDUSession_CreateSMContext: POST /sm-contexts (PostSmContexts). The
  /// error carries the N1 PDU Session Establishment Reject where there is one
  /// (causes such as DNN_DENIED, SNSSAI_DENIED, PDUTYPE_DENIED, N1_SM_ERROR,
  /// INSUFFICIENT_RESOURCES).
  virtual sbi::awaitable<sm_context_created, sm_context_create_error> create_sm_context(
      sm_context_create_data data) = 0;

  /// Nsmf_PDUSession_UpdateSMContext: POST /sm-contexts/{smContextRef}/modify
  /// (UpdateSmContext): N1 SM from the UE, N2 SM from the gNB, activation and
  /// deactivation of the user plane, handover. CONTEXT_NOT_FOUND for an unknown ref.
  virtual sbi::awaitable<sm_context_updated_data, sm_context_update_error> update_sm_context(
      std::string sm_context_ref, sm_context_update_data data) = 0;

  /// Nsmf_PDUSession_ReleaseSMContext: POST /sm-contexts/{smContextRef}/release
  /// (ReleaseSmContext). CONTEXT_NOT_FOUND for an unknown ref.
  virtual sbi::awaitable<sm_context_released_data> release_sm_context(std::string sm_context_ref,
                                                                      sm_context_release_data data) = 0;
};

/// TS 29.502 §5.2.2.5 Nsmf_PDUSession_SMContextStatusNotify: the callback the
/// SMF sends to the smContextStatusUri the AMF gave at creation (e.g. RELEASED
/// after a network-requested release). The AMF implements it.
class nsmf_sm_context_status_notification {
 public:
  virtual ~nsmf_sm_context_status_notification() = default;

  /// POST {smContextStatusUri} with SmContextStatusNotification, answered 204.
  virtual sbi::awaitable<sbi::no_content> sm_context_status_notification(
      sbi::uri sm_context_status_uri, smf::sm_context_status_notification notification) = 0;
};

}  // namespace meridian::smf
