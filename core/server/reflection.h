// Server reflection (grpc.reflection.v1alpha) for every server built after
// the call, so that grpcurl and buf curl work without the .proto files.
//
// Kept apart from chronicle_server on purpose: only the service programs link
// gRPC's reflection library, which registers the reflection protocol's own
// descriptors; a test binary that carries a reflection client of its own must
// not load it too.
#ifndef CHRONICLE_CORE_SERVER_REFLECTION_H_
#define CHRONICLE_CORE_SERVER_REFLECTION_H_

namespace chronicle::server {

// Call in main before ServiceHost::Start.
void EnableServerReflection();

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_REFLECTION_H_
