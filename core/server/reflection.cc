#include "core/server/reflection.h"

#include "grpcpp/ext/proto_server_reflection_plugin.h"

namespace chronicle::server {

void EnableServerReflection() { grpc::reflection::InitProtoReflectionServerBuilderPlugin(); }

}  // namespace chronicle::server
