// The local provider's file types: the `local_file` resource (a file written from config,
// replaced when its content or mode drifts on disk) and the `local_file` data source.
#pragma once

#include <string>

#include "base/files.h"
#include "providers/provider.h"

namespace fedplan::builtin {

// local_file: filename, content | sensitive_content, file_permission, directory_permission;
// computed id (SHA-1 of the content) and content_sha256.
ResourceSchema local_file_schema();
Diagnostics validate_local_file(const ResourceSchema& schema, const Value& config);
// Every argument forces a replacement; there is no update in place.
PlanResult plan_local_file(const ResourceSchema& schema, const PlanRequest& request);
// With a `sweeper`, temp files that killed writers left in the file's directory go too.
ApplyResult apply_local_file(const ResourceSchema& schema, const ApplyRequest& request,
                             StaleTempSweeper* sweeper = nullptr);
// The file as it is on disk: gone when missing; content, hashes and file_permission from disk.
ReadResult read_local_file(const Value& state);
// Adopts the file at path `id`.
ReadResult import_local_file(const std::string& id);

// data local_file: filename -> content, content_base64, id (SHA-1), content_sha256.
ResourceSchema local_file_data_schema();
Diagnostics validate_local_file_data(const ResourceSchema& schema, const Value& config);
ReadResult read_local_file_data(const ResourceSchema& schema, const Value& config);

}  // namespace fedplan::builtin
