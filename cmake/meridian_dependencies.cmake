# Every dependency is a Debian 12 package; scripts/setup installs them all.
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
# The UDR's embedded subscriber store (Debian libsqlite3-dev).
find_package(SQLite3 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(USRSCTP REQUIRED IMPORTED_TARGET usrsctp)
# Standalone Asio (Debian libasio-dev) is header-only.
find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
add_library(asio::asio INTERFACE IMPORTED)
set_target_properties(asio::asio PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${ASIO_INCLUDE_DIR}
  INTERFACE_COMPILE_DEFINITIONS "ASIO_STANDALONE;ASIO_NO_DEPRECATED")

if(MERIDIAN_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(MERIDIAN_BUILD_BENCH AND NOT MERIDIAN_FUZZ)
  find_package(benchmark REQUIRED)
endif()

# Intel ipsec-mb ships no CMake or pkg-config file: find it by hand. It is a
# test oracle and benchmark reference, never linked into the product.
find_path(IPSECMB_INCLUDE_DIR intel-ipsec-mb.h)
find_library(IPSECMB_LIBRARY IPSec_MB)
if(IPSECMB_INCLUDE_DIR AND IPSECMB_LIBRARY)
  add_library(ipsecmb::ipsecmb UNKNOWN IMPORTED)
  set_target_properties(ipsecmb::ipsecmb PROPERTIES
    IMPORTED_LOCATION ${IPSECMB_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${IPSECMB_INCLUDE_DIR})
  set(MERIDIAN_HAVE_IPSECMB ON)
else()
  message(WARNING "Intel ipsec-mb not found (Debian package libipsec-mb-dev): "
                  "the differential crypto tests and reference benchmarks are skipped. "
                  "Run scripts/setup to install it.")
  set(MERIDIAN_HAVE_IPSECMB OFF)
endif()
