# All third-party dependencies, found once. Every one comes from a Debian 12 package
# (tools/install-deps.sh installs them).

find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)  # gRPC's config looks up re2 through pkg-config
find_package(absl CONFIG REQUIRED)
find_package(Protobuf REQUIRED)   # Debian's protobuf ships no CMake config; FindProtobuf works
find_package(gRPC CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n data)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # SHA-256 for content keys and ids
find_package(nlohmann_json CONFIG REQUIRED)        # JSON articles and JSON-LD
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
find_package(LibXml2 REQUIRED)                     # the HTML parser in use; gumbo is the alternative
pkg_check_modules(MICROHTTPD REQUIRED IMPORTED_TARGET libmicrohttpd)  # serves /metrics
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)  # the article store on PostgreSQL
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)  # the index's stored articles

# Xapian's config file only sets variables: wrap them in an imported target.
find_package(xapian CONFIG REQUIRED)
if(NOT TARGET Xapian::xapian)
  add_library(Xapian::xapian UNKNOWN IMPORTED)
  set_target_properties(Xapian::xapian PROPERTIES
    IMPORTED_LOCATION "${XAPIAN_LIBRARIES}"
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}")
endif()

if(CHRONICLE_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(CHRONICLE_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# Where the grpc-proto package puts grpc/health/v1/health.proto.
set(CHRONICLE_GRPC_PROTO_DIR "/usr/share/grpc-proto" CACHE PATH "Root of the grpc-proto .proto files")
