// The local provider: its schema and dispatch to local_file.cc. It holds the schema and the
// thread-safe sweeper of leftover temp files, so every method may run on many threads at once.
#include "providers/builtin/local_provider.h"

#include "providers/builtin/local_file.h"
#include "providers/sdk/checks.h"

namespace fedplan {
namespace {

using namespace builtin;

const char kFile[] = "local_file";
const char kDataFile[] = "data.local_file";  // validate()'s name for the data source

ProviderSchema local_schema() {
  ProviderSchema s;
  s.config.type = "local";
  s.config.description = "The local provider takes no arguments.";
  s.resources = {local_file_schema()};
  s.data_sources = {local_file_data_schema()};
  return s;
}

class LocalProvider : public Provider {
 public:
  LocalProvider() : schema_(local_schema()) {}

  const ProviderSchema& schema() const override { return schema_; }
  // Local files answer at once.
  bool calls_wait() const override { return false; }

  Diagnostics configure(const Value& config) override {
    Diagnostics d;
    sdk::check_config(schema_.config, config.is_null() ? Value::object({}) : config, d);
    return d;
  }

  // A data source is validated as "data.local_file", the resource as "local_file".
  Diagnostics validate(const std::string& type, const Value& config) override {
    if (type == kFile) return validate_local_file(schema_.resources.front(), config);
    if (type == kDataFile) return validate_local_file_data(schema_.data_sources.front(), config);
    return sdk::unknown_type(schema_, type);
  }

  PlanResult plan_change(const PlanRequest& request) override {
    if (request.type == kFile) return plan_local_file(schema_.resources.front(), request);
    PlanResult r;
    r.diags = sdk::unknown_type(schema_, request.type);
    return r;
  }

  ApplyResult apply(const ApplyRequest& request) override {
    if (request.type == kFile)
      return apply_local_file(schema_.resources.front(), request, &sweeper_);
    ApplyResult r;
    r.state = request.prior;
    r.diags = sdk::unknown_type(schema_, request.type);
    return r;
  }

  ReadResult read(const std::string& type, const Value& state) override {
    if (type == kFile) return read_local_file(state);
    ReadResult r;
    r.state = state;
    r.diags = sdk::unknown_type(schema_, type);
    return r;
  }

  // A file is its path: its content (every other attribute) may drift.
  std::string other_object(const std::string& type, const Value& recorded,
                           const Value& live) const override {
    (void)type;
    return attribute_differs("filename", recorded, live);
  }

  ReadResult read_data(const std::string& type, const Value& config) override {
    if (type == kFile) return read_local_file_data(schema_.data_sources.front(), config);
    ReadResult r;
    r.diags = sdk::unknown_type(schema_, "data." + type);
    return r;
  }

  ReadResult import(const std::string& type, const std::string& id) override {
    if (type == kFile) return import_local_file(id);
    ReadResult r;
    r.diags = sdk::unknown_type(schema_, type);
    return r;
  }

 private:
  const ProviderSchema schema_;
  StaleTempSweeper sweeper_;  // temp files of killed writers, removed once per directory
};

}  // namespace

std::unique_ptr<Provider> make_local_provider() {
  return std::make_unique<LocalProvider>();
}

}  // namespace fedplan
