#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "server/platform.h"
#include "server/store/platform_schema.h"
#include "server_test_support.h"
#include "service/audit/audit_log.h"
#include "service/auth/password.h"
#include "service/auth/users.h"

namespace gmseal::service {
namespace {

using testing::Engine;

class StoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    url_ = testing::fresh_database_url(GetParam(), dir_.path());
    ASSERT_FALSE(url_.empty());
    auto db = Database::open(url_, server::platform_schema(), 4);
    ASSERT_TRUE(db.ok()) << db.error().to_string();
    db_ = *db;
  }
  testing::ScratchDir dir_;
  std::string url_;
  std::shared_ptr<Database> db_;
};

// What while_a_writer_holds() saw: the writer's transaction, and whether `work` ended inside it.
struct HeldWrite {
  Status held;
  bool finished_inside = false;
};

// Runs `work` on another thread while this thread holds a write transaction open (on SQLite the
// write lock, from BEGIN IMMEDIATE until COMMIT), waiting for it at most 10 s before committing.
HeldWrite while_a_writer_holds(Database& db, const std::function<void()>& work) {
  std::promise<void> done;
  std::future<void> finished = done.get_future();
  HeldWrite out;
  std::thread worker;
  out.held = db.transact([&](soci::session& sql) -> Status {
    sql << "UPDATE schema_version SET version = version";
    worker = std::thread([&] {
      work();
      done.set_value();
    });
    out.finished_inside = finished.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    return {};
  });
  if (worker.joinable()) worker.join();
  return out;
}

TEST_P(StoreTest, MigrationsAreIdempotent) {
  auto again = Database::open(url_, server::platform_schema(), 1);
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  int version = 0;
  ASSERT_TRUE((*again)
                  ->transact([&](soci::session& sql) -> Status {
                    sql << "SELECT version FROM schema_version", soci::into(version);
                    return {};
                  })
                  .ok());
  EXPECT_EQ(version, server::platform_schema().version());
}

// Reads (the public status query) neither wait for a writer nor stop it: on SQLite transact()
// holds the write lock from BEGIN IMMEDIATE until COMMIT, read() must get through meanwhile.
TEST_P(StoreTest, ReadsGetThroughWhileAWriterHoldsItsTransaction) {
  int version = -1;
  const HeldWrite run = while_a_writer_holds(*db_, [&] {
    const Status read = db_->read([&](soci::session& reading) -> Status {
      reading << "SELECT version FROM schema_version", soci::into(version);
      return {};
    });
    if (!read.ok()) version = -1;
  });
  ASSERT_TRUE(run.held.ok());
  EXPECT_TRUE(run.finished_inside);
  EXPECT_EQ(version, server::platform_schema().version());
}

TEST_P(StoreTest, FailedBodyRollsBack) {
  const Status failed = db_->transact([](soci::session& sql) -> Status {
    sql << "INSERT INTO settings (name, value) VALUES ('a', 'b')";
    return make_error("test.fail", "stop here");
  });
  EXPECT_EQ(failed.error().code, "test.fail");
  int count = -1;
  ASSERT_TRUE(db_->transact([&](soci::session& sql) -> Status {
                   sql << "SELECT COUNT(*) FROM settings", soci::into(count);
                   return {};
                 })
                  .ok());
  EXPECT_EQ(count, 0);
  // SQL errors become store.sql_error, also rolled back.
  const Status bad_sql = db_->transact([](soci::session& sql) -> Status {
    sql << "INSERT INTO settings (name, value) VALUES ('x', 'y')";
    sql << "INSERT INTO no_such_table VALUES (1)";
    return {};
  });
  EXPECT_EQ(bad_sql.error().code, "store.sql_error");
}

TEST_P(StoreTest, AuditChainVerifiesAndRefusesUpdates) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(db_->transact([&](soci::session& sql) {
                     return append_audit(sql, "alice", "127.0.0.1", "test.action",
                                         "thing:" + std::to_string(i), "{\"n\":1}");
                   })
                    .ok());
  }
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(verdict->intact);
  EXPECT_EQ(verdict->records, 5);
  auto records = read_audit(*db_, 2, 10);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ(records->front().seq, 3);
  EXPECT_EQ(records->front().prev_hash, (*read_audit(*db_, 1, 1)).front().hash);
  // The database refuses changes to the log.
  EXPECT_FALSE(db_->transact([](soci::session& sql) -> Status {
                    sql << "UPDATE audit SET actor = 'mallory' WHERE seq = 2";
                    return {};
                  })
                   .ok());
  EXPECT_FALSE(db_->transact([](soci::session& sql) -> Status {
                    sql << "DELETE FROM audit WHERE seq = 5";
                    return {};
                  })
                   .ok());
}

// Someone able to bypass the database's guards (drop the trigger) is still caught.
TEST_P(StoreTest, AuditTamperingIsDetected) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(db_->transact([&](soci::session& sql) {
                     return append_audit(sql, "alice", "127.0.0.1", "test.action",
                                         "thing:" + std::to_string(i));
                   })
                    .ok());
  }
  const bool sqlite = GetParam() == Engine::kSqlite;
  ASSERT_TRUE(db_->transact([&](soci::session& sql) -> Status {
                   if (sqlite) {
                     sql << "DROP TRIGGER audit_no_update";
                     sql << "DROP TRIGGER audit_no_delete";
                   } else {
                     sql << "DROP TRIGGER audit_no_update ON audit";
                   }
                   sql << "UPDATE audit SET actor = 'mallory' WHERE seq = 2";
                   return {};
                 })
                  .ok());
  auto altered = verify_audit(*db_);
  ASSERT_TRUE(altered.ok());
  EXPECT_FALSE(altered->intact);
  ASSERT_FALSE(altered->problems.empty());
  EXPECT_NE(altered->problems.front().find("record 2"), std::string::npos)
      << altered->problems.front();

  ASSERT_TRUE(db_->transact([&](soci::session& sql) -> Status {
                   sql << "DELETE FROM audit WHERE seq = 4";
                   return {};
                 })
                  .ok());
  auto removed = verify_audit(*db_);
  bool head_problem = false;
  for (const std::string& p : removed->problems)
    head_problem |= p.find("head") != std::string::npos;
  EXPECT_TRUE(head_problem);
}

TEST_P(StoreTest, UsersLoginAndRoles) {
  UserStore users(db_, server::platform_roles());
  EXPECT_EQ(users.create("bob", "short", {"operator"}, "admin", "test").error().code,
            "auth.weak_password");
  EXPECT_EQ(users.create("bob", "long enough pw", {"wizard"}, "admin", "test").error().code,
            "auth.bad_role");
  EXPECT_EQ(users.create("b o b", "long enough pw", {"operator"}, "admin", "test").error().code,
            "auth.bad_username");
  auto bob = users.create("bob", "long enough pw", {"operator", "auditor"}, "admin", "test");
  ASSERT_TRUE(bob.ok()) << bob.error().to_string();
  EXPECT_TRUE(bob->has(Role::kOperator));
  EXPECT_FALSE(bob->has(Role::kAdmin));
  EXPECT_EQ(users.create("bob", "long enough pw", {"operator"}, "admin", "test").error().code,
            "auth.user_exists");
  EXPECT_EQ(users.login("bob", "wrong password", "test", std::chrono::hours(1)).error().code,
            "auth.bad_credentials");
  EXPECT_EQ(users.login("nobody", "long enough pw", "test", std::chrono::hours(1)).error().code,
            "auth.bad_credentials");
  auto session = users.login("bob", "long enough pw", "test", std::chrono::hours(1));
  ASSERT_TRUE(session.ok());
  auto who = users.authenticate(session->token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->username, "bob");
  EXPECT_EQ(users.authenticate("forged").error().code, "auth.bad_token");
  ASSERT_TRUE(users.logout(session->token).ok());
  EXPECT_EQ(users.authenticate(session->token).error().code, "auth.bad_token");
  auto expired = users.login("bob", "long enough pw", "test", std::chrono::seconds(-1));
  EXPECT_EQ(users.authenticate(expired->token).error().code, "auth.bad_token");
  // Bootstrap only when empty.
  EXPECT_FALSE(*users.bootstrap_admin("root", "long enough pw"));
  EXPECT_TRUE(verify_audit(*db_)->intact);
}

// Every API request authenticates first: a long write (a batch, a seal being made) must not
// hold up the requests of every other user, so authentication only reads.
TEST_P(StoreTest, AuthenticationGetsThroughWhileAWriterHoldsItsTransaction) {
  UserStore users(db_, server::platform_roles());
  ASSERT_TRUE(users.create("carol", "long enough pw", {"operator"}, "admin", "test").ok());
  auto session = users.login("carol", "long enough pw", "test", std::chrono::hours(1));
  ASSERT_TRUE(session.ok());
  std::string who;
  const HeldWrite run = while_a_writer_holds(*db_, [&] {
    auto user = users.authenticate(session->token);
    who = user.ok() ? user->username : user.error().code;
  });
  ASSERT_TRUE(run.held.ok());
  EXPECT_TRUE(run.finished_inside);
  EXPECT_EQ(who, "carol");
}

// SQLite writers of one process take turns on a mutex: a write opened inside another on the same
// thread is an error at once, where it would otherwise wait for itself.
TEST_P(StoreTest, AWriteInsideAWriteIsRefusedOnSqlite) {
  if (GetParam() != Engine::kSqlite) GTEST_SKIP() << "PostgreSQL runs the inner write on its own";
  Status inner;
  const auto started = std::chrono::steady_clock::now();
  const Status outer = db_->transact([&](soci::session& sql) -> Status {
    sql << "UPDATE schema_version SET version = version";
    inner = db_->transact([](soci::session& again) -> Status {
      again << "UPDATE schema_version SET version = version";
      return {};
    });
    return {};
  });
  EXPECT_TRUE(outer.ok());
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error().code, "store.sql_error");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  // The turn was given back: the next write goes through.
  EXPECT_TRUE(db_->transact([](soci::session& sql) -> Status {
                   sql << "UPDATE schema_version SET version = version";
                   return {};
                 })
                  .ok());
}

TEST(PasswordTest, HashesVerifyAndDiffer) {
  auto a = hash_password("correct horse battery");
  auto b = hash_password("correct horse battery");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);  // salted
  EXPECT_TRUE(verify_password("correct horse battery", *a));
  EXPECT_FALSE(verify_password("correct horse batterz", *a));
  EXPECT_FALSE(verify_password("x", "scrypt$99$8$1$AA==$AA=="));
  EXPECT_FALSE(verify_password("x", "garbage"));
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::engine_name);

}  // namespace
}  // namespace gmseal::service
