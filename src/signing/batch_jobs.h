// Batch signing: up to 1,000 documents signed with one seal and one position by a worker
// thread, with progress, each result downloadable, or all as a zip.
//
// Crash safety: the inputs are written to DATA/batches/<job>/in/ before the job is accepted;
// a document's result file (out/<index>) is written atomically before the transaction that
// records its use, its audit record and its status "signed"; a failure records "failed" with
// the reason and its refusal record in one transaction. After a crash the worker takes the
// documents still "pending" again: a result file left without its transaction is simply
// written anew, so every document ends signed (with exactly one use and one audit record) or
// failed, and no half-written result is ever served.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/store/database.h"
#include "signing/seal_use.h"

namespace gmseal::signing {

inline constexpr std::size_t kMaxBatchDocuments = 1000;

struct BatchDocument {
  std::string name;
  Bytes content;
};

struct BatchSpec {
  std::string username, api_client, source;
  std::string seal_code;
  std::string kind;  // pdf | ofd
  Position position;
};

class BatchJobs {
 public:
  BatchJobs(std::shared_ptr<service::Database> db, SealUse& use, std::filesystem::path dir)
      : db_(std::move(db)), use_(use), dir_(std::move(dir)) {}
  ~BatchJobs();

  // Errors: invalid_field (no documents, more than 1,000, kind not pdf/ofd, a bad name).
  Result<std::string> submit(const BatchSpec& spec, const std::vector<BatchDocument>& documents);

  // {"id","status","total","signed","failed","pending","documents":[{"index","name","status",
  // "error","sm3Before","sm3After"}]}. Only its owner (or an auditor) sees a job.
  // Errors: batch.not_found.
  Result<nlohmann::json> progress(const std::string& id, const std::string& username,
                                  bool any_owner);
  // A signed document. Errors: batch.not_found, batch.not_signed.
  Result<Bytes> result(const std::string& id, int index, const std::string& username,
                       bool any_owner);
  // Every signed document in a zip (named by their names). Errors: batch.not_found.
  Result<Bytes> zip(const std::string& id, const std::string& username, bool any_owner);

  // The worker: resumes pending documents of every job, then waits for new ones.
  void start();
  void stop();

 private:
  void run();
  // Signs the next pending document; false when there is none.
  bool process_next();
  Status check_owner(const std::string& id, const std::string& username, bool any_owner);

  std::shared_ptr<service::Database> db_;
  SealUse& use_;
  std::filesystem::path dir_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  std::thread worker_;
};

}  // namespace gmseal::signing
